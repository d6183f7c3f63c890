"""Facts in the store: round trips, idempotent writes, and re-extraction by a new version."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Extraction
from chinatracker.scale.runs import run_local
from chinatracker.sources.ingest import ingest
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentExtractionRow, FactRow

INGEST = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
TEXT = (
    "The People's Liberation Army handed over 62,000 masks and 19,000 pieces of PPE to Zimbabwe's "
    "military in Harare on Friday, the defence ministry said."
)


class RenamedExtractor(Extractor):
    version = "rules-test-next"


def loaded_store(tmp_path: Path) -> Store:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "2020-06-05-zimbabwe.txt").write_text(TEXT + "\n", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "t.sqlite"))
    store = Store(settings.db)
    ingest([str(tmp_path / "in"), str(INGEST / "page.html")], store, settings)
    return store


def count(store: Store, *where: object) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(FactRow).where(*where)) or 0  # type: ignore[arg-type]


def test_aid_round_trips_through_the_store(tmp_path: Path) -> None:
    store = loaded_store(tmp_path)
    extractor = Extractor()
    run_local(store, extractor)
    with store.reading() as session:
        records = [
            (fact_store.to_aid(f), f.evidence[0].quote)
            for f in fact_store.facts_of_kind(session, "aid")
        ]
    [(aid, document_text)] = [(a, q) for a, q in records if a.recipients[0].country == "ZWE"]
    assert aid.donor.channel == "military"
    assert [(r.country, r.institution_type) for r in aid.recipients] == [("ZWE", "defense")]
    assert {(i.item, i.quantity) for i in aid.items} == {("masks", 62000.0), ("ppe", 19000.0)}
    assert document_text.startswith("The People's Liberation Army handed over")


def test_rerunning_skips_done_documents(tmp_path: Path) -> None:
    store = loaded_store(tmp_path)
    first = run_local(store, Extractor())
    second = run_local(store, Extractor())
    assert first.documents == 2
    assert (second.documents, second.facts) == (0, 0)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(DocumentExtractionRow)) == 2


def test_saving_the_same_outcome_twice_writes_it_once(tmp_path: Path) -> None:
    store = loaded_store(tmp_path)
    with store.reading() as session:
        pending = fact_store.pending_documents(session, "v-test")
    outcomes = [
        fact_store.DocumentOutcome(
            doc_id, digest, extraction=Extraction(document_id=doc_id, extractor_version="v-test")
        )
        for doc_id, digest in pending
    ]
    for _ in range(2):
        with store.transaction() as session:
            fact_store.save_outcomes(session, outcomes, "v-test", None)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(DocumentExtractionRow)) == len(
            pending
        )


def test_a_new_version_replaces_unreviewed_facts_and_keeps_reviewed_ones(tmp_path: Path) -> None:
    store = loaded_store(tmp_path)
    run_local(store, Extractor())
    with store.transaction() as session:
        reviewed = session.scalars(
            select(FactRow).where(FactRow.kind == "aid").order_by(FactRow.id)
        ).first()
        assert reviewed is not None
        reviewed.review_status = "accepted"
        reviewed_id = reviewed.id
    before = count(store, FactRow.current.is_(True))
    summary = run_local(store, RenamedExtractor())
    assert summary.documents == 2
    with store.reading() as session:
        kept = session.get(FactRow, reviewed_id)
        assert kept is not None and kept.review_status == "accepted" and kept.current is False
        versions = set(
            session.scalars(select(FactRow.extractor_version).where(FactRow.current.is_(True)))
        )
    assert versions == {"rules-test-next"}
    assert count(store, FactRow.current.is_(True)) == before
