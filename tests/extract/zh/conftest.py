"""Helpers for the Chinese extraction tests: our own short texts, and real reports of
`../shared/corpus/zh_reports` read in place through their train-split gold (never the test
split)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from chinatracker.evaluation.gold import CorpusRoots, GoldDocument, load_gold
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document, Extraction
from chinatracker.sources.fingerprint import content_hash, raw_hash
from chinatracker.sources.language import with_script

REPO = Path(__file__).resolve().parents[3]
TRAIN = REPO / "tests" / "gold" / "zh" / "train" / "zh_reports"


@pytest.fixture(scope="session")
def rules() -> Extractor:
    return Extractor(engine="rules")


@pytest.fixture(scope="session")
def combined() -> Extractor:
    return Extractor()


def chinese(text: str, title: str | None = None) -> Document:
    return Document(
        id=1,
        path="zh.md",
        format="md",
        text=text,
        title=title,
        language=with_script("zh", text),
        published=dt.date(2020, 5, 15),
        content_hash=content_hash(text),
        raw_hash=raw_hash(text.encode()),
    )


@pytest.fixture
def extract(rules: Extractor) -> Callable[..., Extraction]:
    def run(text: str, title: str | None = None) -> Extraction:
        return rules.extract(chinese(text, title))

    return run


@pytest.fixture
def report(shared_corpus: Path) -> Callable[[str], GoldDocument]:
    """A real report with its gold, by the name of its train-split gold file."""
    roots = CorpusRoots(shared=shared_corpus, demo=REPO / "demo" / "corpus")

    def load(name: str) -> GoldDocument:
        return load_gold([TRAIN / f"{name}.yaml"], roots)[0]

    return load
