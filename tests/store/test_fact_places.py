"""`fact_places` follows facts, aid recipients and event countries through database triggers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Boolean, Date, Float, Integer, String, delete, select, text, update

from chinatracker.records import (
    AidDelivery,
    DateSpan,
    Document,
    Donor,
    Event,
    Evidence,
    Extraction,
    Recipient,
)
from chinatracker.store import documents
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
from chinatracker.store.models import AidRecipientRow, EventCountryRow, FactPlaceRow, FactRow

EVIDENCE = (Evidence(start=0, end=4, quote="text"),)
DATE = DateSpan(start=dt.date(2020, 4, 3), precision="day")
JOINED = """
    SELECT p.fact_id, p.country, f.kind, f.current, f.date_start, f.review_status, f.confidence
    FROM (SELECT fact_id, country FROM aid_recipients WHERE country IS NOT NULL
          UNION SELECT fact_id, country FROM event_countries) p
    JOIN facts f ON f.id = p.fact_id
"""


def extraction(document_id: int, version: str = "v1") -> Extraction:
    return Extraction(
        document_id=document_id,
        extractor_version=version,
        aid=(
            AidDelivery(
                donor=Donor(name="PLA", country="CHN", channel="military"),
                recipients=(
                    Recipient(country="LAO", name="army"),
                    Recipient(country="LAO", name="ministry of health"),
                    Recipient(country="KHM"),
                    Recipient(country=None, region="Africa"),
                ),
                date=DATE,
                evidence=EVIDENCE,
                confidence=0.9,
            ),
        ),
        events=(
            Event(
                category="diplomacy.high_level",
                title="Talks",
                summary="",
                countries=("CHN", "PAK"),
                evidence=EVIDENCE,
                confidence=0.6,
            ),
        ),
    )


@pytest.fixture
def saved(store: Store) -> Store:
    doc = Document(path="a", format="txt", text="text", content_hash="a" * 64, raw_hash="a" * 64)
    with store.transaction() as session:
        (document_id,) = documents.add_documents(session, [doc])
        outcome = fact_store.DocumentOutcome(document_id, "a" * 64, extraction(document_id))
        fact_store.save_outcomes(session, [outcome], "v1", None)
    return store


def places(store: Store) -> set[tuple[object, ...]]:
    with store.reading() as session:
        rows = session.execute(
            select(
                FactPlaceRow.fact_id,
                FactPlaceRow.country,
                FactPlaceRow.kind,
                FactPlaceRow.current,
                FactPlaceRow.date_start,
                FactPlaceRow.review_status,
                FactPlaceRow.confidence,
            )
        ).all()
    return {tuple(row) for row in rows}


def joined(store: Store) -> set[tuple[object, ...]]:
    with store.reading() as session:
        typed = text(JOINED).columns(
            fact_id=Integer,
            country=String,
            kind=String,
            current=Boolean,
            date_start=Date,
            review_status=String,
            confidence=Float,
        )
        return {tuple(row) for row in session.execute(typed).all()}


def test_saved_facts_get_one_place_per_country(saved: Store) -> None:
    found = places(saved)
    assert sorted((kind, country) for _, country, kind, *_ in found) == [
        ("aid", "KHM"),
        ("aid", "LAO"),
        ("event", "CHN"),
        ("event", "PAK"),
    ]
    assert found == joined(saved)


def test_a_review_decision_reaches_the_places(saved: Store) -> None:
    with saved.transaction() as session:
        session.execute(
            update(FactRow)
            .where(FactRow.kind == "aid")
            .values(review_status="corrected", date_start=dt.date(2020, 5, 1), confidence=0.5)
        )
    assert {(r[5], r[4]) for r in places(saved) if r[2] == "aid"} == {
        ("corrected", dt.date(2020, 5, 1))
    }
    assert places(saved) == joined(saved)


def test_a_country_stays_while_one_recipient_still_names_it(saved: Store) -> None:
    with saved.transaction() as session:
        first = session.scalars(
            select(AidRecipientRow.id).where(AidRecipientRow.country == "LAO")
        ).first()
        session.execute(delete(AidRecipientRow).where(AidRecipientRow.id == first))
    assert "LAO" in {r[1] for r in places(saved)}
    with saved.transaction() as session:
        session.execute(delete(AidRecipientRow).where(AidRecipientRow.country == "LAO"))
        session.execute(
            update(EventCountryRow).where(EventCountryRow.country == "PAK").values(country="IND")
        )
    assert {r[1] for r in places(saved)} == {"KHM", "CHN", "IND"}
    assert places(saved) == joined(saved)


def test_deleted_and_superseded_facts_leave_or_step_back(saved: Store) -> None:
    with saved.transaction() as session:
        session.execute(
            update(FactRow).where(FactRow.kind == "event").values(review_status="accepted")
        )
        document_id = session.scalars(select(FactRow.document_id)).first()
        assert document_id is not None
        newer = fact_store.DocumentOutcome(document_id, "a" * 64, extraction(document_id, "v2"))
        fact_store.save_outcomes(session, [newer], "v2", None)
    found = places(saved)
    assert found == joined(saved)
    old_event = {r for r in found if r[2] == "event" and r[3] is False}
    assert {r[1] for r in old_event} == {"CHN", "PAK"}, "the reviewed v1 event stays, not current"
    assert sum(1 for r in found if r[3]) == 4, "v2's places are the current ones"
    with saved.transaction() as session:
        session.execute(delete(FactRow))
    assert places(saved) == set()
