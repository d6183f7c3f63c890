"""Helpers for extraction tests: run the real extractor on our own short texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document, Extraction
from chinatracker.sources.fingerprint import content_hash, raw_hash


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The rule engine: these tests pin what each rule pass does on short texts of our own.
    The learned event model is tested in test_learned.py and scored against the real gold."""
    return Extractor(engine="rules")


@pytest.fixture
def extract(extractor: Extractor) -> Callable[..., Extraction]:
    def run(text: str, published: dt.date | None = dt.date(2020, 6, 5)) -> Extraction:
        document = Document(
            id=1,
            path="test.txt",
            format="txt",
            text=text,
            published=published,
            content_hash=content_hash(text),
            raw_hash=raw_hash(text.encode()),
        )
        return extractor.extract(document)

    return run
