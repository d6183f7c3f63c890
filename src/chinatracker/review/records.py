"""Merge two canonical records, or split a wrong merge: analysts' link constraints + resolve.

Canonical records are rebuilt from facts on every resolve run, so a decision about records is
stored as link constraints between their facts (`store.canonical.add_constraint`, each one
logged in the audit trail), and resolve is run again at once so the analyst sees the result:

- **merge A and B**: `must_link` from one fact of A to every fact of B, and from one fact of B
  to every other fact of A (for aid, limited to the records' recipient country);
- **split facts S out of R**: `cannot_link` between every fact of S and every other fact of R,
  and the active `must_link`s between them are withdrawn.

Resolve only merges reports within a block (same recipient, terms and stage; for events the
same category), so merging records that differ there is refused with the reason: correct the
facts first. A summary row (`merge` / `split`), written with the constraints, records which
records and facts the decision was about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chinatracker.resolve.records import CanonicalAid, CanonicalEvent, LinkConstraint
from chinatracker.resolve.runner import ensure_resolved
from chinatracker.review.errors import NotFound, ReviewError
from chinatracker.review.roles import Actor, Permission, require
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store
from chinatracker.store.models import AuditRow

Canonical = CanonicalAid | CanonicalEvent


@dataclass(frozen=True)
class RecordChange:
    """What a merge or split asked for and what resolve made of it."""

    before: tuple[str, ...]  # canonical ids that went in
    after: tuple[str, ...]  # canonical ids that hold those facts now
    constraints: tuple[int, ...]
    done: bool  # False when resolve could not honour the decision (see `message`)
    message: str


def load_record(store: Store, record_id: str) -> Canonical:
    """A canonical record from up-to-date canonical tables; NotFound if it is gone."""
    ensure_resolved(store)
    with store.reading() as session:
        found: list[Canonical] = [*stored.load_canonical_aid(session, [record_id])]
        found = found or [*stored.load_canonical_events(session, [record_id])]
    if not found:
        raise NotFound(
            f"no canonical record {record_id}: records are rebuilt when facts change, "
            "so it may have a new id; open it again from one of its facts"
        )
    return found[0]


def records_of_fact(store: Store, fact_id: int) -> list[str]:
    ensure_resolved(store)
    with store.reading() as session:
        return stored.canonical_ids_for_fact(session, fact_id)


def merge_records(
    store: Store, actor: Actor, record_a: str, record_b: str, *, reason: str = ""
) -> RecordChange:
    """Make two canonical records one (see the module docstring)."""
    require(actor, Permission.review)
    if record_a == record_b:
        raise ReviewError("a record cannot be merged with itself")
    a, b = load_record(store, record_a), load_record(store, record_b)
    country = _merge_scope(a, b)
    if set(a.fact_ids) & set(b.fact_ids):
        raise ReviewError(f"records {a.id} and {b.id} share facts; split them instead")
    anchor_a, anchor_b = a.fact_ids[0], b.fact_ids[0]
    pairs = [(anchor_a, f) for f in b.fact_ids] + [(anchor_b, f) for f in a.fact_ids[1:]]
    why = reason.strip() or f"merged records {a.id} and {b.id}"
    with store.transaction() as session:
        ids = tuple(
            stored.add_constraint(
                session,
                LinkConstraint(
                    kind="must_link", fact_a=x, fact_b=y, country=country, actor=actor.name,
                    reason=why,
                ),
            )
            for x, y in pairs
        )  # fmt: skip
        session.add(_summary(actor, "merge", anchor_a, (a, b), ids, why))
    ensure_resolved(store)
    with store.reading() as session:
        now = sorted(
            {
                r
                for f in (*a.fact_ids, *b.fact_ids)
                for r in stored.canonical_ids_for_fact(session, f)
            }
        )
    together = [r for r in now if _holds(store, r, (*a.fact_ids, *b.fact_ids), country)]
    done = bool(together)
    message = (
        f"records {a.id} and {b.id} are now record {together[0]}"
        if done
        else f"resolve kept records {a.id} and {b.id} apart (a cannot_link between their facts?)"
    )
    return RecordChange((a.id, b.id), tuple(together or now), ids, done, message)


def split_record(
    store: Store, actor: Actor, record_id: str, fact_ids: Sequence[int], *, reason: str
) -> RecordChange:
    """Take `fact_ids` out of a canonical record: they report something else."""
    require(actor, Permission.review)
    if not reason.strip():
        raise ReviewError("say why these facts are not the same delivery or event")
    record = load_record(store, record_id)
    out = sorted(set(fact_ids))
    stray = [f for f in out if f not in record.fact_ids]
    if stray:
        raise ReviewError(f"facts {stray} are not in record {record.id}")
    rest = [f for f in record.fact_ids if f not in out]
    if not out or not rest:
        raise ReviewError("choose some, but not all, of the record's facts to split off")
    country = record.recipient_country if isinstance(record, CanonicalAid) else None
    with store.transaction() as session:
        ids = []
        for constraint in stored.load_constraints(session):
            pair = {constraint.fact_a, constraint.fact_b}
            if (
                constraint.kind == "must_link"
                and constraint.id is not None
                and pair & set(out)
                and pair & set(rest)
            ):
                stored.deactivate_constraint(session, constraint.id, actor.name, reason.strip())
        for x in out:
            for y in rest:
                rule = LinkConstraint(
                    kind="cannot_link", fact_a=x, fact_b=y, country=country, actor=actor.name,
                    reason=reason.strip(),
                )  # fmt: skip
                ids.append(stored.add_constraint(session, rule))
        session.add(_summary(actor, "split", out[0], (record,), ids, reason, split_off=out))
    ensure_resolved(store)
    with store.reading() as session:
        after = sorted(
            {r for f in record.fact_ids for r in stored.canonical_ids_for_fact(session, f)}
        )
    return RecordChange(
        (record.id,), tuple(after), tuple(ids), True,
        f"facts {', '.join(map(str, out))} split off record {record.id}",
    )  # fmt: skip


def _merge_scope(a: Canonical, b: Canonical) -> str | None:
    """The country a merge of two aid records is limited to; why records cannot be merged."""
    if isinstance(a, CanonicalAid) and isinstance(b, CanonicalAid):
        if a.recipient_country != b.recipient_country or a.recipient_label != b.recipient_label:
            raise ReviewError(
                f"record {a.id} is for {a.recipient_label} and {b.id} for {b.recipient_label}: "
                "one delivery has one recipient; correct the recipient of a fact first"
            )
        if a.pledged != b.pledged or (a.mode == "sale") != (b.mode == "sale"):
            raise ReviewError(
                "a pledge and a delivery (or a gift and a sale) are kept as two records; "
                "correct the mode or status of a fact first"
            )
        return a.recipient_country
    if isinstance(a, CanonicalEvent) and isinstance(b, CanonicalEvent):
        if a.category != b.category:
            raise ReviewError(
                f"events of different categories ({a.category}, {b.category}) are not merged; "
                "correct the category of one first"
            )
        return None
    raise ReviewError("an aid record and an event cannot be merged")


def _holds(store: Store, record_id: str, fact_ids: Sequence[int], country: str | None) -> bool:
    with store.reading() as session:
        aid = stored.load_canonical_aid(session, [record_id])
        found: Sequence[Canonical] = aid or stored.load_canonical_events(session, [record_id])
    if not found:
        return False
    record = found[0]
    if isinstance(record, CanonicalAid) and record.recipient_country != country:
        return False
    return set(fact_ids) <= set(record.fact_ids)


def _summary(
    actor: Actor,
    action: str,
    fact_id: int,
    records: Sequence[Canonical],
    constraints: Sequence[int],
    reason: str,
    *,
    split_off: Sequence[int] = (),
) -> AuditRow:
    """One audit row for the whole decision, beside the rows of its constraints."""
    after: dict[str, object] = {"constraints": list(constraints)}
    if split_off:
        after["split_off"] = list(split_off)
    return AuditRow(
        actor=actor.name,
        action=action,
        fact_id=fact_id,
        before={"records": [r.id for r in records], "facts": [list(r.fact_ids) for r in records]},
        after=after,
        reason=reason.strip() or None,
    )
