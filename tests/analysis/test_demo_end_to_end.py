"""The demo corpus end to end: ingest, extract, resolve, compare channels, against the hand count.

Unlike test_demo_gold.py, the facts here come from the extractor, so a failure names what
extraction got wrong (countries missing or extra per channel), not resolve or analysis.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from chinatracker.analysis import compare_channels, trace
from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.resolve import CanonicalAid
from chinatracker.resolve.runner import run_resolve
from chinatracker.sources.ingest import ingest
from chinatracker.store import canonical as stored
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
from chinatracker.store.documents import to_document
from chinatracker.store.models import DocumentRow

DEMO = Path(__file__).resolve().parents[2] / "demo" / "corpus"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    settings = Settings(db=str(tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    store = Store(settings.db)
    ingest([str(DEMO)], store, settings)
    extractor = Extractor()
    with store.transaction() as session:
        documents = [to_document(row) for row in session.scalars(select(DocumentRow))]
        outcomes = []
        for document in documents:
            assert document.id is not None
            outcomes.append(
                fact_store.DocumentOutcome(
                    document.id, document.content_hash, extraction=extractor.extract(document)
                )
            )
        fact_store.save_outcomes(session, outcomes, extractor.version, None)
    run_resolve(store)
    yield store
    store.close()


def name_of(path: str, locator: str | None) -> str:
    """A stored document as EXPECTED.yaml names it: path under demo/corpus, ":N" for a line."""
    relative = Path(path).resolve().relative_to(DEMO).as_posix()
    return f"{relative}:{locator.removeprefix('line ')}" if locator else relative


@pytest.fixture(scope="module")
def records(demo_store: Store) -> list[CanonicalAid]:
    with demo_store.reading() as session:
        return stored.load_canonical_aid(session)


def test_the_demo_corpus_has_59_documents(demo_store: Store) -> None:
    with demo_store.reading() as session:
        assert len(session.scalars(select(DocumentRow.id)).all()) == 59


@pytest.mark.parametrize("channel", ["military", "government", "private"])
def test_compare_channels_matches_the_hand_count(
    demo_store: Store, channel: str, hand_count: Any
) -> None:
    comparison = compare_channels(demo_store, hand_count.channels)
    problems = hand_count.differences(comparison, channel)
    assert not problems, "\n".join(problems)


def test_overlaps_match_the_hand_count(demo_store: Store, hand_count: Any) -> None:
    comparison = compare_channels(demo_store, hand_count.channels)
    problems = hand_count.overlap_differences(comparison)
    assert not problems, "\n".join(problems)


def test_same_pla_batch_in_two_documents_is_one_record_with_two_sources(
    records: list[CanonicalAid],
) -> None:
    pair = {
        "news/2020-05-13-pla-supplies-twelve-militaries.txt",
        "web/2020-05-15-pla-asia-airlift-formal-names.html",
    }
    both = [
        r.recipient_country
        for r in records
        if r.donor_channel == "military" and {name_of(d.path, d.locator) for d in r.sources} >= pair
    ]
    assert sorted(both) == sorted(
        ["IDN", "PHL", "MYS", "BRN", "THA", "PAK", "NPL", "AFG", "LKA", "UZB", "KGZ", "TJK"]
    )


def test_korea_under_two_names_is_one_country(records: list[CanonicalAid]) -> None:
    pair = {
        "web/2020-03-24-korea-receives-chinese-masks.html",
        "press/2020-03-31-embassy-note-republic-of-korea.md",
    }
    korea = [
        r
        for r in records
        if r.donor_channel == "government"
        and r.donor_country == "CHN"
        and {name_of(d.path, d.locator) for d in r.sources} >= pair
    ]
    assert korea, "no government record reported by both Korea documents"
    assert {r.recipient_country for r in korea} == {"KOR"}


def test_argentina_traces_to_the_airlift_story_and_is_not_bri_then(demo_store: Store) -> None:
    comparison = compare_channels(demo_store, ["military", "government"])
    assert "ARG" in comparison.summary("military").non_bri
    rows = trace(demo_store, channel="military", country="ARG")
    assert rows
    assert any(r.path.endswith("news/2020-06-05-pla-airlift-twenty-countries.txt") for r in rows)
    assert all(r.quote for r in rows)
