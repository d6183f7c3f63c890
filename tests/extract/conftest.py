"""Helpers for extraction tests: run the real extractor on our own short texts."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable

import pytest

from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document, Extraction
from chinatracker.sources.fingerprint import content_hash, raw_hash

# The sentence encoder's tests run only where the `encoder` extra and the weights package are
# installed (`make encoder`, which `make test` runs).
ENCODER_MISSING = [
    name
    for name in ("onnx", "onnxruntime", "tokenizers", "safetensors", "all_minilm_l6_v2")
    if importlib.util.find_spec(name) is None
]
NEEDS_ENCODER = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(ENCODER_MISSING),
        reason=f"the encoder extra is not installed (missing {', '.join(ENCODER_MISSING)}); "
        "`make encoder`",
    ),
]


def document(text: str, published: dt.date | None) -> Document:
    """One of our own texts as ingestion would store it."""
    return Document(
        id=1,
        path="test.txt",
        format="txt",
        text=text,
        published=published,
        content_hash=content_hash(text),
        raw_hash=raw_hash(text.encode()),
    )


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The rule engine: these tests pin what each rule pass does on short texts of our own.
    The learned event model is tested in test_learned.py and scored against the real gold."""
    return Extractor(engine="rules")


@pytest.fixture
def extract(extractor: Extractor) -> Callable[..., Extraction]:
    def run(text: str, published: dt.date | None = dt.date(2020, 6, 5)) -> Extraction:
        return extractor.extract(document(text, published))

    return run
