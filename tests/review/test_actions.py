"""Accept, correct any field, reject: one transaction and one audit row each, role-checked."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from chinatracker.review import (
    Actor,
    PermissionDenied,
    ReviewError,
    Role,
    StaleEdit,
    accept_fact,
    correct_fact,
    reject_fact,
)
from chinatracker.review.audit import audit_entries
from chinatracker.review.facts import fact_view
from chinatracker.review.queue import review_queue
from chinatracker.store.database import Store
from chinatracker.store.models import AidItemRow, AuditRow, EventCountryRow

from .conftest import aid, event

ANA = Actor("ana", Role.analyst)
VERA = Actor("vera", Role.viewer)


def test_correcting_a_quantity_writes_the_row_status_and_audit(store: Store, add_document) -> None:
    [fact_id] = add_document(aid=(aid(),))
    decision = correct_fact(
        store, ANA, fact_id, {"items.0.quantity": "120000"}, reason="the PDF says so"
    )
    assert decision.before == {"items.0.quantity": 62000.0, "review_status": "pending"}
    assert decision.after == {"items.0.quantity": 120000.0, "review_status": "corrected"}
    with store.reading() as session:
        assert (
            session.scalar(select(AidItemRow.quantity).where(AidItemRow.fact_id == fact_id))
            == 120000
        )
        [entry] = audit_entries(session, fact_ids=[fact_id])
    assert (entry.actor, entry.action, entry.reason) == ("ana", "correct", "the PDF says so")
    assert next((c.field, c.before, c.after) for c in entry.changes) == (
        "items.0.quantity",
        62000.0,
        120000.0,
    )


def test_any_field_can_be_corrected_and_is_validated(store: Store, add_document) -> None:
    [fact_id] = add_document(aid=(aid(),))
    correct_fact(
        store, ANA, fact_id,
        {
            "donor.channel": "government", "recipients.0.country": "Serbia", "mode": "sale",
            "value.amount": 1000, "value.currency": "usd", "date.start": "2020-06-05",
            "items.1.item": "gloves", "items.1.quantity": 500,
        },
    )  # fmt: skip
    with store.reading() as session:
        record = fact_view(session, fact_id).record
    assert record.donor.channel == "government"
    assert record.recipients[0].country == "SRB"
    assert record.value.amount == 1000 and record.value.currency == "USD"
    assert [i.item for i in record.items] == ["masks", "gloves"]
    assert record.date.start.isoformat() == "2020-06-05"
    for bad, message in [
        ({"donor.channel": "aliens"}, "donor.channel"),
        ({"recipients.0.country": "Atlantis"}, "not a country"),
        ({"items.0.quantity": -5}, "negative"),
        ({"items.7.quantity": 1}, "no element"),
        ({"nonsense": 1}, "no field"),
        ({"date.end": "2020-01-01"}, "before its start"),
    ]:
        with pytest.raises(ReviewError, match=message):
            correct_fact(store, ANA, fact_id, bad)


def test_list_elements_are_added_and_removed_by_path(store: Store, add_document) -> None:
    [fact_id] = add_document(aid=(aid(recipients=("ZWE", "MOZ", "ZMB")),))
    correct_fact(store, ANA, fact_id, {"recipients.1": None, "recipients.3.country": "AGO"})
    with store.reading() as session:
        countries = [r.country for r in fact_view(session, fact_id).record.recipients]
    assert countries == ["ZWE", "ZMB", "AGO"]


def test_event_countries_are_replaced_without_key_clashes(store: Store, add_document) -> None:
    [fact_id] = add_document(events=(event(),))
    correct_fact(
        store,
        ANA,
        fact_id,
        {"countries": ["PAK", "China", "IND"], "category": "diplomacy.high_level"},
    )
    with store.reading() as session:
        countries = set(
            session.scalars(
                select(EventCountryRow.country).where(EventCountryRow.fact_id == fact_id)
            )
        )
        assert countries == {"PAK", "CHN", "IND"}
    with pytest.raises(ReviewError, match="taxonomy"):
        correct_fact(store, ANA, fact_id, {"category": "made.up"})


def test_nothing_changed_is_not_a_correction(store: Store, add_document) -> None:
    [fact_id] = add_document(aid=(aid(),))
    with pytest.raises(ReviewError, match="nothing changed"):
        correct_fact(store, ANA, fact_id, {"items.0.quantity": 62000})


def test_a_stale_edit_is_refused(store: Store, add_document) -> None:
    [fact_id] = add_document(aid=(aid(),))
    with store.reading() as session:
        seen = fact_view(session, fact_id).version
    correct_fact(store, ANA, fact_id, {"items.0.quantity": 1}, expected_version=seen)
    with pytest.raises(StaleEdit):
        correct_fact(store, ANA, fact_id, {"items.0.quantity": 2}, expected_version=seen)


def test_accept_and_reject_need_the_analyst_role_and_reject_a_reason(
    store: Store, add_document
) -> None:
    first, second = add_document(aid=(aid(), aid("MOZ")))
    with pytest.raises(PermissionDenied):
        accept_fact(store, VERA, first)
    with pytest.raises(PermissionDenied):
        correct_fact(store, VERA, first, {"mode": "sale"})
    with pytest.raises(ReviewError, match="why"):
        reject_fact(store, ANA, second, reason="  ")
    assert accept_fact(store, ANA, first).fact.review_status == "accepted"
    assert reject_fact(store, ANA, second, reason="not aid").fact.review_status == "rejected"
    with store.reading() as session:
        assert [e.action for e in audit_entries(session)] == ["reject", "accept"]


def test_the_audit_log_refuses_updates_and_deletes(store: Store, add_document) -> None:
    [fact_id] = add_document(aid=(aid(),))
    accept_fact(store, ANA, fact_id)
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), store.transaction() as session:
            session.execute(text(statement))
    with store.reading() as session:
        assert session.scalars(select(AuditRow.actor)).all() == ["ana"]


def test_queue_puts_doubtful_high_impact_facts_first(store: Store, add_document) -> None:
    sure_small = add_document(aid=(aid(confidence=0.95),))[0]
    doubtful_wide = add_document(
        aid=(aid(confidence=0.6, recipients=("ZWE", "MOZ", "ZMB", "AGO")),)
    )[0]
    doubtful_event = add_document(events=(event(confidence=0.6),))[0]
    with store.reading() as session:
        order = [item.fact_id for item in review_queue(session)]
    assert order == [doubtful_wide, doubtful_event, sure_small]
    accept_fact(store, ANA, doubtful_wide)
    with store.reading() as session:
        assert doubtful_wide not in [item.fact_id for item in review_queue(session)]
