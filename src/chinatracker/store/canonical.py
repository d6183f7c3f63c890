"""Reading facts for resolve and writing canonical records back; converts rows ↔ records.

Resolve reads only `current` facts that are not `rejected`, with their values as they stand
(review corrects facts in place; the audit log keeps history). A run replaces every canonical
row in one transaction; canonical ids are content hashes (`resolve.identity`), so a re-run on
the same facts gives the same ids. `fingerprint` hashes what resolve reads, so analyses can
tell when canonical records are stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from chinatracker.records import DateSpan, Event
from chinatracker.resolve.events import REVIEWED, is_background
from chinatracker.resolve.records import (
    AidFact,
    CanonicalAid,
    CanonicalEvent,
    Conflicts,
    ConflictValue,
    DocumentInfo,
    EventFact,
    LinkConstraint,
    Member,
)
from chinatracker.sources.titles import first_sentence
from chinatracker.store.documents import IN_CHUNK, OPENING_CHARS
from chinatracker.store.facts import facts_of_kind, to_aid, to_event
from chinatracker.store.models import (
    AuditRow,
    CanonicalAidMemberRow,
    CanonicalAidRow,
    CanonicalEventMemberRow,
    CanonicalEventRow,
    DocumentRow,
    EvidenceRow,
    FactRow,
    LinkConstraintRow,
    ResolveRunRow,
)

PAGE = 2000
RESOLVED_KINDS = ("aid", "event")


# Facts in -----------------------------------------------------------------------------------


def document_infos(session: Session, ids: Sequence[int]) -> dict[int, DocumentInfo]:
    """Metadata (never text) of the given documents."""
    wanted = sorted(set(ids))
    found: dict[int, DocumentInfo] = {}
    columns = (
        DocumentRow.id,
        DocumentRow.path,
        DocumentRow.locator,
        DocumentRow.title,
        DocumentRow.publisher,
        DocumentRow.url,
        DocumentRow.published,
        DocumentRow.content_hash,
        DocumentRow.story_id,
        func.substr(DocumentRow.text, 1, OPENING_CHARS).label("opening"),
    )
    copies: dict[int, list[str]] = {}
    for i in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[i : i + IN_CHUNK]
        for row in session.execute(select(*columns).where(DocumentRow.id.in_(chunk))):
            found[row.id] = DocumentInfo(
                id=row.id,
                path=row.path,
                locator=row.locator,
                title=row.title,
                publisher=row.publisher,
                url=row.url,
                published=row.published,
                content_hash=row.content_hash,
                first_sentence=None if row.title else first_sentence(row.opening) or None,
                story_id=row.story_id,
            )
        copy_rows = session.execute(
            select(DocumentRow.id, DocumentRow.story_id, DocumentRow.publisher, DocumentRow.url)
            .where(DocumentRow.story_id.in_(chunk), DocumentRow.id != DocumentRow.story_id)
            .order_by(DocumentRow.id)
        )
        for row in copy_rows:
            copies.setdefault(row.story_id, []).append(
                f"{row.publisher or 'unknown publisher'}: {row.url or f'document {row.id}'}"
            )
    return {
        k: v.model_copy(update={"copies": tuple(copies[k])}) if k in copies else v
        for k, v in found.items()
    }


def is_news(record: Event, review_status: str, document: DocumentInfo) -> bool:
    """Does this event fact make a canonical record? Not when it is background (marked so, or
    dated well before its article, unless an analyst accepted it as current news) or comes from
    a later copy of a story."""
    if is_copy(document) or record.status != "current":
        return False
    return review_status in REVIEWED or not is_background(record, document.published)


def is_copy(document: DocumentInfo) -> bool:
    """Is this document a later copy of a story stored before it? Its facts are the story's
    first copy's facts again, so resolve leaves them out: no fact is counted twice."""
    return document.story_id is not None and document.story_id != document.id


def _pages(session: Session, kind: str) -> Iterator[list[FactRow]]:
    after = 0
    while True:
        page = facts_of_kind(session, kind, after_id=after, limit=PAGE)
        if not page:
            return
        after = page[-1].id
        yield [f for f in page if f.review_status != "rejected"]


def load_aid_facts(session: Session) -> list[AidFact]:
    """Every current, not rejected aid fact with its document, in id order."""
    facts: list[AidFact] = []
    for page in _pages(session, "aid"):
        documents = document_infos(session, [f.document_id for f in page])
        facts += [
            AidFact(
                fact_id=f.id,
                record=to_aid(f),
                document=documents[f.document_id],
                review_status=f.review_status,
            )
            for f in page
            if not is_copy(documents[f.document_id])
        ]
    return facts


def load_event_facts(session: Session) -> list[EventFact]:
    """Every current, not rejected event fact with its document, in id order; events the
    document only recalls (status `background`, or dated more than a year before it: see
    `is_news`) stay facts that the web app shows, but make no canonical record, so reports,
    digests and highlights are built from news."""
    facts: list[EventFact] = []
    for page in _pages(session, "event"):
        documents = document_infos(session, [f.document_id for f in page])
        facts += [
            EventFact(
                fact_id=f.id,
                record=record,
                document=documents[f.document_id],
                review_status=f.review_status,
            )
            for f in page
            if is_news(record := to_event(f), f.review_status, documents[f.document_id])
        ]
    return facts


# Link constraints ----------------------------------------------------------------------------


def _constraint(row: LinkConstraintRow) -> LinkConstraint:
    return LinkConstraint(
        id=row.id,
        kind=row.kind,
        fact_a=row.fact_a,
        fact_b=row.fact_b,
        country=row.country,
        actor=row.actor,
        reason=row.reason,
        at=row.at,
    )


def load_constraints(session: Session, *, active_only: bool = True) -> list[LinkConstraint]:
    query = select(LinkConstraintRow).order_by(LinkConstraintRow.id)
    if active_only:
        query = query.where(LinkConstraintRow.active.is_(True))
    return [_constraint(row) for row in session.scalars(query)]


def add_constraint(session: Session, constraint: LinkConstraint) -> int:
    """Record an analyst's decision and log it in the audit trail; returns its id."""
    row = LinkConstraintRow(
        kind=constraint.kind,
        fact_a=constraint.fact_a,
        fact_b=constraint.fact_b,
        country=constraint.country,
        actor=constraint.actor,
        reason=constraint.reason,
    )
    session.add(row)
    session.flush()
    session.add(
        AuditRow(
            actor=constraint.actor,
            action=constraint.kind,
            fact_id=constraint.fact_a,
            after={"constraint": row.id, "fact_b": row.fact_b, "country": row.country},
            reason=constraint.reason,
        )
    )
    return row.id


def deactivate_constraint(session: Session, constraint_id: int, actor: str, reason: str) -> bool:
    """Withdraw a decision (kept, marked inactive, and logged); False if there is none."""
    row = session.get(LinkConstraintRow, constraint_id)
    if row is None or not row.active:
        return False
    row.active = False
    session.add(
        AuditRow(
            actor=actor,
            action="unlink",
            fact_id=row.fact_a,
            before={"constraint": row.id, "kind": row.kind, "fact_b": row.fact_b},
            reason=reason,
        )
    )
    return True


def existing_fact_ids(session: Session, ids: Sequence[int]) -> set[int]:
    wanted = sorted(set(ids))
    found: set[int] = set()
    for i in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[i : i + IN_CHUNK]
        found.update(
            session.scalars(
                select(FactRow.id).where(FactRow.id.in_(chunk), FactRow.current.is_(True))
            )
        )
    return found


# Staleness -----------------------------------------------------------------------------------


def fingerprint(session: Session, version: str) -> str:
    """A hash of everything resolve reads: aid and event facts' state, constraints, audit.

    Reads one narrow row per fact (id, status, confidence, update time), not the facts
    themselves; corrections made by review also show up through the audit log.
    """
    digest = hashlib.sha256(version.encode())
    facts = (
        select(
            FactRow.id,
            FactRow.kind,
            FactRow.current,
            FactRow.review_status,
            FactRow.confidence,
            FactRow.updated_at,
        )
        .where(FactRow.kind.in_(RESOLVED_KINDS))
        .order_by(FactRow.id)
    )
    for row in session.execute(facts).yield_per(10_000):
        digest.update(repr(tuple(row)).encode())
    constraints = select(
        LinkConstraintRow.id, LinkConstraintRow.active, LinkConstraintRow.kind
    ).order_by(LinkConstraintRow.id)
    for link in session.execute(constraints):
        digest.update(repr(tuple(link)).encode())
    audit = session.execute(select(func.count(), func.max(AuditRow.id))).one()
    digest.update(repr(tuple(audit)).encode())
    return digest.hexdigest()


def latest_run(session: Session) -> ResolveRunRow | None:
    query = (
        select(ResolveRunRow)
        .where(ResolveRunRow.finished_at.is_not(None))
        .order_by(ResolveRunRow.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


# Canonical records out -----------------------------------------------------------------------


def _conflicts_json(conflicts: Conflicts) -> dict[str, Any]:
    return {k: [c.model_dump() for c in v] for k, v in conflicts.items()}


def _conflicts(data: dict[str, Any]) -> Conflicts:
    return {
        k: tuple(ConflictValue(value=c["value"], fact_ids=tuple(c["fact_ids"])) for c in v)
        for k, v in data.items()
    }


def _date_columns(date: DateSpan | None) -> dict[str, Any]:
    return {
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision if date else None,
    }


def _date(start: dt.date | None, end: dt.date | None, precision: str | None) -> DateSpan | None:
    if start is None or precision is None:
        return None
    return DateSpan(start=start, end=end, precision=precision)


def _sources_json(sources: Sequence[DocumentInfo]) -> list[Any]:
    return [d.model_dump(mode="json") for d in sources]


def _member_rows(canonical_id: str, members: Sequence[Member]) -> list[dict[str, Any]]:
    return [
        {
            "canonical_id": canonical_id,
            "fact_id": m.fact_id,
            "document_id": m.document_id,
            "confidence": m.confidence,
            "review_status": m.review_status,
        }
        for m in members
    ]


def start_run(session: Session, version: str, print_: str, policy: dict[str, Any]) -> int:
    run = ResolveRunRow(resolver_version=version, fingerprint=print_, policy=policy)
    session.add(run)
    session.flush()
    return run.id


def write_canonical(
    session: Session,
    run_id: int,
    aid: Sequence[CanonicalAid],
    events: Sequence[CanonicalEvent],
    *,
    counts: dict[str, int],
) -> None:
    """Replace every canonical row with these records (call inside one transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(0x7E501BE)))  # one resolve at a time
    session.execute(delete(CanonicalAidMemberRow))
    session.execute(delete(CanonicalAidRow))
    session.execute(delete(CanonicalEventMemberRow))
    session.execute(delete(CanonicalEventRow))
    aid_rows = [
        {
            "id": r.id,
            "run_id": run_id,
            "donor_channel": r.donor_channel,
            "donor_country": r.donor_country,
            "donor_names": list(r.donor_names),
            "recipient_country": r.recipient_country,
            "recipient_label": r.recipient_label,
            "recipient_names": list(r.recipient_names),
            "institution_type": r.institution_type,
            "items": list(r.items),
            "quantities": dict(r.quantities),
            "value_amount": r.value_amount,
            "value_currency": r.value_currency,
            **_date_columns(r.date),
            "mode": r.mode,
            "status": r.status,
            "batch_countries": r.batch_countries,
            "sources": _sources_json(r.sources),
            "documents": len(r.sources),
            "corroboration": r.corroboration,
            "official": r.official,
            "quality": r.quality,
            "confidence": r.confidence,
            "reviewed": r.reviewed,
            "explanation": r.explanation,
            "conflicts": _conflicts_json(r.conflicts),
        }
        for r in aid
    ]
    event_rows = [
        {
            "id": r.id,
            "run_id": run_id,
            "category": r.category,
            "title": r.title,
            "summary": r.summary,
            **_date_columns(r.date),
            "countries": list(r.countries),
            "actors": list(r.actors),
            "quantities": dict(r.quantities),
            "sources": _sources_json(r.sources),
            "documents": len(r.sources),
            "corroboration": r.corroboration,
            "official": r.official,
            "quality": r.quality,
            "confidence": r.confidence,
            "reviewed": r.reviewed,
            "explanation": r.explanation,
            "conflicts": _conflicts_json(r.conflicts),
        }
        for r in events
    ]
    for table, rows in (
        (CanonicalAidRow, aid_rows),
        (CanonicalAidMemberRow, [m for r in aid for m in _member_rows(r.id, r.members)]),
        (CanonicalEventRow, event_rows),
        (CanonicalEventMemberRow, [m for r in events for m in _member_rows(r.id, r.members)]),
    ):
        for i in range(0, len(rows), PAGE):
            session.execute(insert(table), rows[i : i + PAGE])
    session.execute(
        update(ResolveRunRow)
        .where(ResolveRunRow.id == run_id)
        .values(finished_at=dt.datetime.now(dt.UTC), **counts)
    )


def _members(session: Session, table: Any, ids: Sequence[str] | None) -> dict[str, list[Member]]:
    query = select(table).order_by(table.canonical_id, table.fact_id)
    if ids is not None:
        query = query.where(table.canonical_id.in_(ids))
    members: dict[str, list[Member]] = defaultdict(list)
    for row in session.scalars(query):
        members[row.canonical_id].append(
            Member(
                fact_id=row.fact_id,
                document_id=row.document_id,
                confidence=row.confidence,
                review_status=row.review_status,
            )
        )
    return members


def to_canonical_aid(row: CanonicalAidRow, members: Sequence[Member]) -> CanonicalAid:
    return CanonicalAid(
        id=row.id,
        donor_channel=row.donor_channel,
        donor_country=row.donor_country,
        donor_names=tuple(row.donor_names),
        recipient_country=row.recipient_country,
        recipient_label=row.recipient_label,
        recipient_names=tuple(row.recipient_names),
        institution_type=row.institution_type,
        items=tuple(row.items),
        quantities=dict(row.quantities),
        value_amount=row.value_amount,
        value_currency=row.value_currency,
        date=_date(row.date_start, row.date_end, row.date_precision),
        mode=row.mode,
        status=row.status,
        batch_countries=row.batch_countries,
        members=tuple(members),
        sources=tuple(DocumentInfo.model_validate(d) for d in row.sources),
        explanation=row.explanation,
        conflicts=_conflicts(row.conflicts),
        corroboration=row.corroboration,
        quality=row.quality,
        confidence=row.confidence,
        reviewed=row.reviewed,
    )


def to_canonical_event(row: CanonicalEventRow, members: Sequence[Member]) -> CanonicalEvent:
    return CanonicalEvent(
        id=row.id,
        category=row.category,
        title=row.title,
        summary=row.summary,
        date=_date(row.date_start, row.date_end, row.date_precision),
        countries=tuple(row.countries),
        actors=tuple(row.actors),
        quantities=dict(row.quantities),
        members=tuple(members),
        sources=tuple(DocumentInfo.model_validate(d) for d in row.sources),
        explanation=row.explanation,
        conflicts=_conflicts(row.conflicts),
        corroboration=row.corroboration,
        quality=row.quality,
        confidence=row.confidence,
        reviewed=row.reviewed,
    )


def load_canonical_aid(session: Session, ids: Sequence[str] | None = None) -> list[CanonicalAid]:
    """Canonical aid records (all, or those with the given ids), in a stable order."""
    query = select(CanonicalAidRow).order_by(  # the same order on SQLite and PostgreSQL
        CanonicalAidRow.recipient_country.is_(None),
        CanonicalAidRow.recipient_country,
        CanonicalAidRow.recipient_label,
        CanonicalAidRow.donor_channel,
        CanonicalAidRow.date_start.is_(None),
        CanonicalAidRow.date_start,
        CanonicalAidRow.id,
    )
    if ids is not None:
        query = query.where(CanonicalAidRow.id.in_(ids))
    members = _members(session, CanonicalAidMemberRow, ids)
    return [to_canonical_aid(row, members[row.id]) for row in session.scalars(query)]


def load_canonical_events(
    session: Session, ids: Sequence[str] | None = None
) -> list[CanonicalEvent]:
    query = select(CanonicalEventRow).order_by(
        CanonicalEventRow.category,
        CanonicalEventRow.date_start.is_(None),
        CanonicalEventRow.date_start,
        CanonicalEventRow.id,
    )
    if ids is not None:
        query = query.where(CanonicalEventRow.id.in_(ids))
    members = _members(session, CanonicalEventMemberRow, ids)
    return [to_canonical_event(row, members[row.id]) for row in session.scalars(query)]


def canonical_ids_for_fact(session: Session, fact_id: int) -> list[str]:
    """The canonical records (aid or event) a fact belongs to."""
    aid = select(CanonicalAidMemberRow.canonical_id).where(CanonicalAidMemberRow.fact_id == fact_id)
    events = select(CanonicalEventMemberRow.canonical_id).where(
        CanonicalEventMemberRow.fact_id == fact_id
    )
    return sorted([*session.scalars(aid), *session.scalars(events)])


def evidence_quotes(session: Session, fact_ids: Sequence[int]) -> dict[int, list[str]]:
    """The evidence quotes of each fact, in text order."""
    wanted = sorted(set(fact_ids))
    quotes: dict[int, list[str]] = defaultdict(list)
    for i in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[i : i + IN_CHUNK]
        query = (
            select(EvidenceRow.fact_id, EvidenceRow.quote)
            .where(EvidenceRow.fact_id.in_(chunk))
            .order_by(EvidenceRow.fact_id, EvidenceRow.start)
        )
        for fact_id, quote in session.execute(query):
            quotes[fact_id].append(quote)
    return quotes
