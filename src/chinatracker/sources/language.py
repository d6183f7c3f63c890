"""Language of a document (ISO 639-1), from a small offline classifier; for Chinese, with its
script as a BCP 47 subtag (`zh-Hans` simplified, `zh-Hant` traditional), because the extractor
reads the two through one vocabulary but analysts filter and cite them apart."""

from __future__ import annotations

from functools import cache
from typing import Any

from chinatracker.reference.scripts import chinese_script, han_share

# Below this many letters a guess is noise.
MIN_LETTERS = 40
SAMPLE_CHARS = 3000
MIN_PROBABILITY = 0.5
# Chinese has no spaces, so a short text is still many letters; a page that is mostly Han
# characters and has no kana is Chinese whatever the classifier says about a short sample.
MIN_HAN_SHARE = 0.5
MIN_HAN_LETTERS = 10
KANA = range(0x3040, 0x3100)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    if letters >= MIN_HAN_LETTERS and _looks_chinese(sample):
        return with_script("zh", sample)
    if letters < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    if probability < MIN_PROBABILITY:
        return None
    return with_script(str(code), sample)


def _looks_chinese(sample: str) -> bool:
    return han_share(sample) >= MIN_HAN_SHARE and not any(ord(ch) in KANA for ch in sample)


def with_script(language: str, text: str) -> str:
    """`zh` (or `zh-CN`, `zh-TW`, as metadata gives it) becomes `zh-Hans` or `zh-Hant` when the
    text shows its script; any other language is returned as given."""
    if language.lower().split("-")[0] != "zh":
        return language
    script = chinese_script(text[:SAMPLE_CHARS])
    return f"zh-{script}" if script else "zh"
