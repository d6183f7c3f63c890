"""Language of a document (ISO 639-1), from a small offline classifier."""

from __future__ import annotations

from functools import cache
from typing import Any

# Below this many letters a guess is noise.
MIN_LETTERS = 40
SAMPLE_CHARS = 3000
MIN_PROBABILITY = 0.5


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_PROBABILITY else None
