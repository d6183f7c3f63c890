"""Which institution of a country receives aid: "Zimbabwe's military", "the Italian Red Cross",
"the armed forces of 20 countries", "hospitals in Piedmont"."""

from __future__ import annotations

import re
from functools import cache

from chinatracker.reference import Reference

# How far an institution word may sit from the country it belongs to.
AFTER_WINDOW = 30
BEFORE_WINDOW = 120
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


@cache
def _phrase_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    phrases = Reference.load().actors.institution_phrases
    kinds: dict[str, str] = {}
    parts = []
    for phrase, kind in sorted(phrases, key=lambda p: len(p[0]), reverse=True):
        kinds.setdefault(phrase, kind)
        parts.append(r"[\s-]+".join(re.escape(word) for word in phrase.split()))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"), kinds


def institutions_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, institution type) of every generic institution phrase in a text."""
    regex, kinds = _phrase_regex()
    lowered = text.translate(_APOSTROPHES).lower()
    found = []
    for match in regex.finditer(lowered):
        key = " ".join(match.group().replace("-", " ").split())
        found.append((match.start(), match.end(), kinds.get(key, "other")))
    return found


_GAP_AFTER = re.compile(r"^(?:'s)?(?:\s+(?:own|national|state|main|central|[a-z]+al))*\s*$")
_GAP_BEFORE = re.compile(r"^\s+(?:of|in|at|for)\s+(?:the\s+)?[^.;:]*$")
_BREAKS = re.compile(r"\b(?:to|by|from|while|which|who|with)\b")


def institution_near(
    text: str, start: int, end: int, reference: Reference
) -> tuple[str, str] | None:
    """(name, institution type) of the institution a country mention at text[start:end] has.

    "Zimbabwe's military" and "the Italian Red Cross" put the institution after the country;
    "the armed forces of Ethiopia, Angola and Egypt" and "hospitals in Piedmont" before it.
    """
    best: tuple[str, str] | None = None
    for s, e, kind in institutions_in(text):
        if (
            s >= end
            and s - end <= AFTER_WINDOW
            and _GAP_AFTER.match(text[end:s].translate(_APOSTROPHES).lower())
        ):
            return text[start:e], kind
        gap = text[e:start]
        if (
            e <= start
            and start - e <= BEFORE_WINDOW
            and _GAP_BEFORE.match(gap)
            and not _BREAKS.search(gap.lower())
        ):
            words = gap.split()
            name = text[s:end] if len(words) <= 2 else f"{text[s:e]} {words[0]} {text[start:end]}"
            best = (name, kind)
    return best
