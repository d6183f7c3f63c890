"""Normalising names so that spelling variants in news text meet our alias tables.

News writes "the U.S.", "Côte d’Ivoire", "China's", "Guinea–Bissau"; the tables hold one
spelling each. Both sides go through :func:`name_key` so that lookups are exact
dictionary hits on the normalised key.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'", "\u02bb": "'"})
_DROP = re.compile(r"[.'\u00b4]")  # "U.S." -> "US", "d'Ivoire" -> "dIvoire"
_SEPARATORS = re.compile(r"[^\w]+")  # hyphens, dashes, commas, slashes, brackets -> space
_POSSESSIVE = re.compile(r"'s$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def strip_accents(text: str) -> str:
    """Remove diacritics ("Ceará" -> "Ceara") but keep the base letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text: str, *, casefold: bool = True) -> str:
    """Normalise a name for lookup.

    Lower-cases (unless ``casefold`` is false, for case-sensitive abbreviations such as
    "US"), strips diacritics, a leading "the", a trailing possessive ("China's"), dots
    and apostrophes, and turns other punctuation into single spaces.
    """
    text = strip_accents(text.translate(_APOSTROPHES)).strip()
    text = _POSSESSIVE.sub("", text)
    text = _DROP.sub("", text)
    text = _SEPARATORS.sub(" ", text).replace("_", " ").strip()
    text = _LEADING_THE.sub("", text)
    text = " ".join(text.split())
    return text.casefold() if casefold else text
