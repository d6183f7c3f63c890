"""Near-duplicate stories at ingest, clean stored text and exact evidence (fixtures/messy)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.resolve.runner import run_resolve
from chinatracker.scale.runs import run_local
from chinatracker.sources.ingest import ingest, regroup_stories
from chinatracker.sources.stories import group
from chinatracker.store import canonical
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentRow, EvidenceRow

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy" / "articles.jsonl"


def rows(store: Store) -> list[DocumentRow]:
    with store.reading() as session:
        found = list(session.scalars(select(DocumentRow).order_by(DocumentRow.id)))
        session.expunge_all()
    return found


def test_a_syndicated_copy_joins_the_story_of_its_first_copy(
    store: Store, settings: Settings
) -> None:
    summary = ingest([str(MESSY)], store, settings)
    assert (summary.added, summary.copies) == (3, 1)
    first, copy, other = rows(store)
    assert first.story_id == first.id
    assert copy.story_id == first.id
    assert other.story_id == other.id


def test_copies_are_found_across_ingest_runs(store: Store, tmp_path: Path) -> None:
    lines = MESSY.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        part = tmp_path / f"part-{number}.jsonl"
        part.write_text(line + "\n", encoding="utf-8")
        ingest([str(part)], store, Settings(db=str(tmp_path / "unused.sqlite")))
    first, copy, _ = rows(store)
    assert copy.story_id == first.id


def test_two_different_stories_of_one_event_are_not_grouped() -> None:
    one = "China sent 200,000 masks to Dili on Tuesday, the ministry said in a statement. " * 3
    two = "Timor-Leste received medical supplies from Beijing this week, officials told us. " * 3
    assert group([(1, one), (2, two)]) == {1: 1, 2: 2}


def test_stories_regroups_a_store_ingested_before_stories(store: Store, settings: Settings) -> None:
    ingest([str(MESSY)], store, settings)
    with store.transaction() as session:
        for row in session.scalars(select(DocumentRow)):
            row.story_id, row.minhash = None, None
    assert regroup_stories(store) == (3, 1)
    first, copy, _ = rows(store)
    assert copy.story_id == first.id


def test_stored_text_is_clean_and_the_raw_text_is_kept(store: Store, settings: Settings) -> None:
    ingest([str(MESSY)], store, settings)
    first = rows(store)[0]
    raw = json.loads(MESSY.read_text(encoding="utf-8").splitlines()[0])["text"]
    assert first.raw_text == raw
    assert first.title == "China sends masks and ventilators to Timor-Leste"
    for debris in ("&nbsp;", "&amp;", "<b>", "Advertisement", "ADVERTISEMENT", "T he", "Photo:"):
        assert debris not in first.text, debris
    assert "The ministry said" in first.text and "R&D partners were not named" in first.text


def test_every_evidence_quote_equals_its_span_of_the_stored_text_and_copies_count_once(
    store: Store, settings: Settings
) -> None:
    ingest([str(MESSY)], store, settings)
    run_local(store, Extractor())
    texts = {row.id: row.text for row in rows(store)}
    with store.reading() as session:
        evidence = list(session.scalars(select(EvidenceRow)))
        assert evidence
        for item in evidence:
            assert item.quote == texts[item.document_id][item.start : item.end]
            assert "&nbsp;" not in item.quote and "&amp;" not in item.quote
    run_resolve(store)
    first, copy, _ = rows(store)
    with store.reading() as session:
        records = [
            *canonical.load_canonical_aid(session),
            *canonical.load_canonical_events(session),
        ]
    assert records
    cited = [d for r in records for d in r.sources]
    assert all(d.id != copy.id for d in cited)  # the copy's facts make no second record
    assert any(d.id == first.id and d.copies for d in cited)  # it rides along as a source
