"""Writing extractions as facts: every kind comes back as it went in, once, on both backends."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from chinatracker.records import (
    Actor,
    AidDelivery,
    AidItem,
    Claim,
    DateSpan,
    Document,
    Donor,
    Event,
    EventQuantity,
    Evidence,
    Extraction,
    Mention,
    Money,
    Quantity,
    Quote,
    Recipient,
)
from chinatracker.store import documents
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentExtractionRow, EvidenceRow, FactRow

TEXT = (
    "On 3 April 2020 the PLA handed 10,000 masks and 2 ventilators worth $50,000 to the Lao "
    'People\'s Army in Vientiane. "A friend in need is a friend indeed," the ambassador said.'
)


def evidence(start: int, end: int) -> tuple[Evidence, ...]:
    return (Evidence(start=start, end=end, quote=TEXT[start:end]),)


def full_extraction(document_id: int, version: str = "v1") -> Extraction:
    date = DateSpan(start=dt.date(2020, 4, 3), precision="day")
    return Extraction(
        document_id=document_id,
        extractor_version=version,
        mentions=(
            Mention(
                text="PLA",
                type="organization",
                canonical="PLA",
                country="CHN",
                start=19,
                end=22,
                actor_id="pla",
            ),
            Mention(
                text="Vientiane",
                type="place",
                canonical="Vientiane",
                country="LAO",
                start=110,
                end=119,
            ),
        ),
        quantities=(
            Quantity(value=10_000, unit="masks", text="10,000 masks", start=31, end=43),
            Quantity(
                value=50_000, unit="currency", currency="USD", text="$50,000", start=68, end=75
            ),
        ),
        aid=(
            AidDelivery(
                donor=Donor(name="PLA", country="CHN", channel="military"),
                recipients=(
                    Recipient(country="LAO", name="Lao People's Army", institution_type="defense"),
                ),
                items=(
                    AidItem(item="masks", quantity=10_000, unit="masks", text="10,000 masks"),
                    AidItem(item="ventilators", quantity=2, text="2 ventilators"),
                ),
                value=Money(amount=50_000, currency="USD"),
                date=date,
                evidence=evidence(0, 120),
                confidence=0.9,
            ),
        ),
        events=(
            Event(
                category="diplomacy.military_aid",
                title="PLA gives masks to the Lao People's Army",
                summary="The PLA handed masks and ventilators to Laos.",
                date=date,
                countries=("CHN", "LAO", "LAO"),
                actors=(Actor(name="PLA", country="CHN"),),
                quantities=(EventQuantity(value=10_000, unit="masks", text="10,000 masks"),),
                evidence=evidence(0, 120),
                confidence=0.8,
            ),
        ),
        quotes=(
            Quote(
                speaker="the ambassador",
                text="A friend in need is a friend indeed",
                evidence=evidence(122, 160),
                confidence=0.7,
            ),
        ),
        claims=(
            Claim(
                kind="conditionality",
                text="no strings",
                countries=("LAO",),
                evidence=evidence(0, 40),
                confidence=0.5,
            ),
        ),
    )


def add_document(store: Store, number: int = 1) -> fact_store.DocumentOutcome:
    digest = f"{number:064d}"
    document = Document(path="a.txt", format="txt", text=TEXT, content_hash=digest, raw_hash=digest)
    with store.transaction() as session:
        (document_id,) = documents.add_documents(session, [document])
    return fact_store.DocumentOutcome(document_id, digest, extraction=full_extraction(document_id))


def test_every_kind_comes_back_as_it_went_in(store: Store) -> None:
    outcome = add_document(store)
    with store.transaction() as session:
        written = fact_store.save_outcomes(session, [outcome], "v1", None)
    assert written == (1, 8, 0)
    extraction = outcome.extraction
    assert extraction is not None
    with store.reading() as session:
        counts = fact_store.fact_counts(session)
        (aid_row,) = fact_store.facts_of_kind(session, "aid")
        (event_row,) = fact_store.facts_of_kind(session, "event")
        entities = fact_store.facts_of_kind(session, "entity")
        (quote_row,) = fact_store.facts_of_kind(session, "quote")
        (claim_row,) = fact_store.facts_of_kind(session, "claim")
        aid = fact_store.to_aid(aid_row)
        event = fact_store.to_event(event_row)
        mentions = [fact_store.to_mention(f) for f in entities]
    assert counts == {"aid": 1, "event": 1, "entity": 2, "quantity": 2, "quote": 1, "claim": 1}
    stamped = tuple(e.model_copy(update={"document_id": outcome.document_id}) for e in aid.evidence)
    assert aid == extraction.aid[0].model_copy(update={"evidence": stamped})
    assert event.countries == ("CHN", "LAO")
    unordered = {"countries", "evidence"}
    assert event.model_dump(exclude=unordered) == extraction.events[0].model_dump(exclude=unordered)
    assert mentions == list(extraction.mentions)
    assert quote_row.quote is not None
    assert quote_row.quote.speaker == "the ambassador"
    assert claim_row.claim is not None
    assert claim_row.claim.countries == ["LAO"]
    assert [(e.start, e.end) for e in quote_row.evidence] == [(122, 160)]


def test_facts_of_several_documents_get_their_own_ids_and_rows(store: Store) -> None:
    outcomes = [add_document(store, number) for number in (1, 2, 3)]
    with store.transaction() as session:
        assert fact_store.save_outcomes(session, outcomes, "v1", None) == (3, 24, 0)
    with store.reading() as session:
        ids = list(session.scalars(select(FactRow.id).order_by(FactRow.id)))
        per_document = dict(
            session.execute(
                select(EvidenceRow.document_id, func.count()).group_by(EvidenceRow.document_id)
            ).all()
        )
    assert len(set(ids)) == 24
    assert per_document == {o.document_id: 8 for o in outcomes}


def test_saving_the_same_outcome_twice_writes_it_once(store: Store) -> None:
    outcome = add_document(store)
    with store.transaction() as session:
        first = fact_store.save_outcomes(session, [outcome, outcome], "v1", None)
    with store.transaction() as session:
        again = fact_store.save_outcomes(session, [outcome], "v1", None)
    assert first == (1, 8, 0)
    assert again == (0, 0, 0)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(FactRow)) == 8
        assert session.scalar(select(func.count()).select_from(EvidenceRow)) == 8
        assert session.scalar(select(func.count()).select_from(DocumentExtractionRow)) == 1


def test_a_new_version_replaces_pending_facts_and_keeps_reviewed_ones(store: Store) -> None:
    outcome = add_document(store)
    with store.transaction() as session:
        fact_store.save_outcomes(session, [outcome], "v1", None)
        reviewed = session.scalars(select(FactRow).where(FactRow.kind == "aid")).one()
        reviewed.review_status = "accepted"
    newer = fact_store.DocumentOutcome(
        outcome.document_id,
        outcome.content_hash,
        extraction=full_extraction(outcome.document_id, "v2"),
    )
    with store.transaction() as session:
        assert fact_store.save_outcomes(session, [newer], "v2", None) == (1, 8, 0)
    with store.reading() as session:
        versions = session.execute(
            select(FactRow.extractor_version, FactRow.current, func.count())
            .group_by(FactRow.extractor_version, FactRow.current)
            .order_by(FactRow.extractor_version)
        ).all()
    assert [tuple(v) for v in versions] == [("v1", False, 1), ("v2", True, 8)]


def test_a_failed_document_is_recorded_with_its_error(store: Store) -> None:
    outcome = add_document(store)
    failed = fact_store.DocumentOutcome(outcome.document_id, outcome.content_hash, error="boom")
    with store.transaction() as session:
        assert fact_store.save_outcomes(session, [failed], "v1", None) == (1, 0, 1)
    with store.reading() as session:
        row = session.scalars(select(DocumentExtractionRow)).one()
        assert (row.status, row.error, row.facts) == ("failed", "boom", 0)
        assert fact_store.count_pending(session, "v1") == 0
