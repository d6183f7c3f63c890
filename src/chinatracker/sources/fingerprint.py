"""Hashes that identify a document: raw bytes, and the text as a reader would see it."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """Text reduced to what makes two copies "the same article": case, spacing, Unicode form."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def raw_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
