"""Merging and splitting canonical records: link constraints, resolve, and the audit trail."""

from __future__ import annotations

import pytest

from chinatracker.resolve.runner import run_resolve
from chinatracker.review import (
    Actor,
    PermissionDenied,
    ReviewError,
    Role,
    merge_records,
    split_record,
)
from chinatracker.review.audit import audit_entries
from chinatracker.review.records import records_of_fact
from chinatracker.store.database import Store

from .conftest import aid

ANA = Actor("ana", Role.analyst)


def test_split_a_wrong_merge_then_merge_it_back_after_withdrawing(
    store: Store, add_document
) -> None:
    [a] = add_document(aid=(aid(day=4),))
    [b] = add_document(aid=(aid(day=5),))
    run_resolve(store)
    [together] = records_of_fact(store, a)
    assert records_of_fact(store, b) == [together]
    change = split_record(store, ANA, together, [b], reason="two different flights")
    assert change.done
    record_a, record_b = records_of_fact(store, a)[0], records_of_fact(store, b)[0]
    assert record_a != record_b
    with store.reading() as session:
        actions = [e.action for e in audit_entries(session)]
    assert actions == ["split", "cannot_link"]
    refused = merge_records(store, ANA, record_a, record_b, reason="same after all")
    assert not refused.done


def test_merge_two_records_resolve_kept_apart(store: Store, add_document) -> None:
    [a] = add_document(aid=(aid(day=1),))
    [b] = add_document(aid=(aid(day=20),))  # beyond the 3-day window: two records
    run_resolve(store)
    record_a, record_b = records_of_fact(store, a)[0], records_of_fact(store, b)[0]
    assert record_a != record_b
    change = merge_records(store, ANA, record_a, record_b, reason="one delivery, misdated")
    assert change.done
    assert records_of_fact(store, a) == records_of_fact(store, b) == [change.after[0]]


def test_records_of_different_recipients_are_not_merged(store: Store, add_document) -> None:
    [a] = add_document(aid=(aid("ZWE"),))
    [b] = add_document(aid=(aid("MOZ"),))
    run_resolve(store)
    with pytest.raises(ReviewError, match="one recipient"):
        merge_records(store, ANA, records_of_fact(store, a)[0], records_of_fact(store, b)[0])


def test_split_needs_a_reason_and_some_but_not_all_facts(store: Store, add_document) -> None:
    [a] = add_document(aid=(aid(day=4),))
    [b] = add_document(aid=(aid(day=5),))
    run_resolve(store)
    [record] = records_of_fact(store, a)
    with pytest.raises(ReviewError, match="why"):
        split_record(store, ANA, record, [b], reason="")
    with pytest.raises(ReviewError, match="not all"):
        split_record(store, ANA, record, [a, b], reason="x")
    with pytest.raises(PermissionDenied):
        split_record(store, Actor("vera", Role.viewer), record, [b], reason="x")
