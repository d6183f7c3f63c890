"""Resolve over a real SQLite store: which facts take part, constraints, re-runs, staleness."""

from __future__ import annotations

from sqlalchemy import select, update

from chinatracker.resolve import LinkConstraint
from chinatracker.resolve.runner import ensure_resolved, is_stale, run_resolve
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store
from chinatracker.store.models import AidItemRow, FactRow, ResolveRunRow


def aid_fact_ids(store: Store) -> list[int]:
    with store.reading() as session:
        return list(
            session.scalars(select(FactRow.id).where(FactRow.kind == "aid").order_by(FactRow.id))
        )


def test_resolve_writes_canonical_records_with_members_and_sources(filled: Store) -> None:
    summary = run_resolve(filled)
    assert (summary.aid_facts, summary.aid_records, summary.merged_aid) == (2, 2, 1)
    assert (summary.event_facts, summary.event_records, summary.merged_events) == (2, 1, 1)
    with filled.reading() as session:
        records = {r.recipient_country: r for r in stored.load_canonical_aid(session)}
        [event] = stored.load_canonical_events(session)
        zimbabwe = records["ZWE"]
        assert stored.canonical_ids_for_fact(session, zimbabwe.fact_ids[1]) == [zimbabwe.id]
        assert stored.canonical_ids_for_fact(session, event.fact_ids[0]) == [event.id]
    assert [d.path for d in zimbabwe.sources] == ["airlift.txt", "herald.txt"]
    assert zimbabwe.quantities == {"masks": 62000}
    assert zimbabwe.corroboration == 2
    assert records["RWA"].fact_ids == (zimbabwe.fact_ids[0],)
    assert event.fact_ids == tuple(sorted(event.fact_ids))


def test_rerunning_gives_the_same_records_and_ids(filled: Store) -> None:
    run_resolve(filled)
    with filled.reading() as session:
        first = stored.load_canonical_aid(session)
    run_resolve(filled)
    with filled.reading() as session:
        assert stored.load_canonical_aid(session) == first
        assert len(session.scalars(select(ResolveRunRow)).all()) == 2


def test_rejected_facts_take_no_part_and_corrected_values_are_used(filled: Store) -> None:
    airlift, handover = aid_fact_ids(filled)
    with filled.transaction() as session:
        session.execute(
            update(FactRow).where(FactRow.id == airlift).values(review_status="rejected")
        )
        session.execute(
            update(AidItemRow).where(AidItemRow.fact_id == handover).values(quantity=65000)
        )
        session.execute(
            update(FactRow).where(FactRow.id == handover).values(review_status="corrected")
        )
    run_resolve(filled)
    with filled.reading() as session:
        [record] = stored.load_canonical_aid(session)
    assert record.fact_ids == (handover,)
    assert record.quantities == {"masks": 65000}
    assert record.reviewed


def test_constraints_survive_reruns_and_are_honoured(filled: Store) -> None:
    airlift, handover = aid_fact_ids(filled)
    with filled.transaction() as session:
        rule = LinkConstraint(
            kind="cannot_link", fact_a=airlift, fact_b=handover, actor="ana", reason="other flight"
        )
        constraint_id = stored.add_constraint(session, rule)
    for _ in range(2):
        run_resolve(filled)
        with filled.reading() as session:
            zimbabwe = [
                r for r in stored.load_canonical_aid(session) if r.recipient_country == "ZWE"
            ]
        assert sorted(r.fact_ids for r in zimbabwe) == [(airlift,), (handover,)]
    with filled.transaction() as session:
        assert stored.deactivate_constraint(session, constraint_id, "ana", "my mistake")
    run_resolve(filled)
    with filled.reading() as session:
        zimbabwe = [r for r in stored.load_canonical_aid(session) if r.recipient_country == "ZWE"]
    assert [r.fact_ids for r in zimbabwe] == [(airlift, handover)]


def test_a_constraint_on_a_vanished_fact_is_reported_as_stale(filled: Store) -> None:
    airlift, _ = aid_fact_ids(filled)
    with filled.transaction() as session:
        stored.add_constraint(session, LinkConstraint(kind="must_link", fact_a=airlift, fact_b=999))
    summary = run_resolve(filled)
    assert len(summary.stale_constraints) == 1


def test_analyses_resolve_only_when_facts_changed(filled: Store) -> None:
    assert is_stale(filled)
    assert ensure_resolved(filled) is not None
    assert not is_stale(filled)
    assert ensure_resolved(filled) is None
    _, handover = aid_fact_ids(filled)
    with filled.transaction() as session:
        session.execute(
            update(FactRow).where(FactRow.id == handover).values(review_status="accepted")
        )
    assert is_stale(filled)


def test_evidence_quotes_of_facts(filled: Store) -> None:
    airlift, _ = aid_fact_ids(filled)
    with filled.reading() as session:
        assert stored.evidence_quotes(session, [airlift]) == {airlift: ["quote 1"]}
