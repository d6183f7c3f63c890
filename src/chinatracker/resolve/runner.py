"""Running resolve over a store: facts and constraints in, canonical records out, one transaction.

A run rebuilds every canonical record from the facts and the analysts' link constraints, so
re-running is always safe and gives the same records (and ids) for the same input. Analyses
call `ensure_resolved` first: it re-runs resolve only when the facts, constraints or review
decisions changed since the last run (the store's `fingerprint`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from chinatracker.reference import Reference
from chinatracker.resolve.aid import merge_aid
from chinatracker.resolve.events import merge_events
from chinatracker.resolve.records import MergePolicy
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store

RESOLVER_VERSION = "resolve-1.0.0"


@dataclass
class ResolveSummary:
    """What a run read and wrote."""

    run_id: int | None
    aid_facts: int = 0
    event_facts: int = 0
    aid_records: int = 0
    event_records: int = 0
    merged_aid: int = 0
    merged_events: int = 0
    conflicts: int = 0
    constraints: int = 0
    stale_constraints: list[int] = field(default_factory=list)
    skipped: bool = False


def _policy(data: dict[str, object] | None) -> MergePolicy:
    known = set(MergePolicy.__dataclass_fields__)
    return MergePolicy(**{k: v for k, v in (data or {}).items() if k in known})  # type: ignore[arg-type]


def run_resolve(
    store: Store, policy: MergePolicy | None = None, reference: Reference | None = None
) -> ResolveSummary:
    """Rebuild all canonical records from facts and constraints (see the module docstring)."""
    policy = policy or MergePolicy()
    with store.transaction() as session:
        print_ = stored.fingerprint(session, RESOLVER_VERSION)
        aid_facts = stored.load_aid_facts(session)
        event_facts = stored.load_event_facts(session)
        constraints = stored.load_constraints(session)
        linked = {f for c in constraints for f in (c.fact_a, c.fact_b)}
        present = stored.existing_fact_ids(session, sorted(linked))
        stale = sorted(
            c.id for c in constraints if c.id is not None and not {c.fact_a, c.fact_b} <= present
        )
        aid = merge_aid(aid_facts, constraints, policy=policy, reference=reference)
        events = merge_events(event_facts, constraints, policy=policy, reference=reference)
        summary = ResolveSummary(
            run_id=None,
            aid_facts=len(aid_facts),
            event_facts=len(event_facts),
            aid_records=len(aid),
            event_records=len(events),
            merged_aid=sum(1 for r in aid if len(r.members) > 1),
            merged_events=sum(1 for r in events if len(r.members) > 1),
            conflicts=sum(1 for r in aid if r.conflicts) + sum(1 for e in events if e.conflicts),
            constraints=len(constraints),
            stale_constraints=stale,
        )
        run_id = stored.start_run(session, RESOLVER_VERSION, print_, asdict(policy))
        counts = {
            "aid_facts": summary.aid_facts,
            "event_facts": summary.event_facts,
            "aid_records": summary.aid_records,
            "event_records": summary.event_records,
            "constraints": summary.constraints,
        }
        stored.write_canonical(session, run_id, aid, events, counts=counts)
        summary.run_id = run_id
    return summary


def is_stale(store: Store) -> bool:
    """True when facts, constraints or reviews changed since the last finished run."""
    with store.reading() as session:
        run = stored.latest_run(session)
        if run is None:
            return True
        return run.fingerprint != stored.fingerprint(session, RESOLVER_VERSION)


def ensure_resolved(store: Store) -> ResolveSummary | None:
    """Run resolve (with the last run's policy) when canonical records are stale; else None."""
    if not is_stale(store):
        return None
    with store.reading() as session:
        run = stored.latest_run(session)
        policy = _policy(run.policy if run is not None else None)
    return run_resolve(store, policy)
