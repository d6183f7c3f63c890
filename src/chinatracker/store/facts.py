"""Writing extractions as fact rows, and reading facts back as records.

Work is keyed by (document content hash, extractor version) in `document_extractions`: writing an
extraction that is already recorded is a no-op, so a run killed at any point and started again
neither duplicates nor loses a fact. A new extractor version replaces the older version's facts
that nobody reviewed; reviewed facts are kept, because they hold an analyst's decisions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from chinatracker.records import (
    Actor,
    AidDelivery,
    AidItem,
    Claim,
    DateSpan,
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
from chinatracker.store.models import (
    AidDeliveryRow,
    AidItemRow,
    AidRecipientRow,
    ClaimRow,
    DocumentExtractionRow,
    DocumentRow,
    EntityRow,
    EventActorRow,
    EventCountryRow,
    EventQuantityRow,
    EventRow,
    EvidenceRow,
    FactRow,
    QuantityRow,
    QuoteRow,
    utcnow,
)

# Writing: records become plain column dicts, inserted with one executemany per table and batch.
# (The ORM's unit of work costs ~0.4 ms a fact; a 100k-document run writes millions of facts.)

Values = dict[str, Any]


@dataclass
class NewFact:
    """One fact's `facts` row and the rows that hang off it, before it has an id."""

    fact: Values
    evidence: list[Values]
    children: list[tuple[Table, Values]] = field(default_factory=list)


def _fact(
    kind: str,
    document_id: int,
    version: str,
    run_id: int | None,
    confidence: float,
    date: DateSpan | None,
    evidence: Iterable[Evidence],
) -> NewFact:
    now = utcnow()
    return NewFact(
        fact={
            "kind": kind,
            "document_id": document_id,
            "run_id": run_id,
            "extractor_version": version,
            "current": True,
            "confidence": confidence,
            "review_status": "pending",
            "date_start": date.start if date else None,
            "date_end": date.end if date else None,
            "date_precision": date.precision if date else None,
            "created_at": now,
            "updated_at": now,
        },
        evidence=[
            {"document_id": document_id, "start": e.start, "end": e.end, "quote": e.quote}
            for e in evidence
        ],
    )


def _span(text: str, start: int, end: int) -> tuple[Evidence]:
    return (Evidence(start=start, end=end, quote=text),)


def aid_fact(aid: AidDelivery, document_id: int, version: str, run_id: int | None) -> NewFact:
    new = _fact("aid", document_id, version, run_id, aid.confidence, aid.date, aid.evidence)
    new.children.append((AID, {
        "donor_name": aid.donor.name,
        "donor_country": aid.donor.country,
        "donor_channel": aid.donor.channel,
        "mode": aid.mode,
        "status": aid.status,
        "value_amount": aid.value.amount if aid.value else None,
        "value_currency": aid.value.currency if aid.value else None,
    }))  # fmt: skip
    new.children += [
        (
            RECIPIENTS,
            {
                "position": i,
                "country": r.country,
                "region": r.region,
                "name": r.name,
                "institution_type": r.institution_type,
            },
        )
        for i, r in enumerate(aid.recipients)
    ]
    new.children += [
        (
            ITEMS,
            {
                "position": i,
                "item": it.item,
                "quantity": it.quantity,
                "unit": it.unit,
                "text": it.text,
            },
        )
        for i, it in enumerate(aid.items)
    ]
    return new


def event_fact(event: Event, document_id: int, version: str, run_id: int | None) -> NewFact:
    new = _fact("event", document_id, version, run_id, event.confidence, event.date, event.evidence)
    new.children.append(
        (EVENTS, {"category": event.category, "title": event.title, "summary": event.summary})
    )
    new.children += [(EVENT_COUNTRIES, {"country": c}) for c in dict.fromkeys(event.countries)]
    new.children += [
        (EVENT_ACTORS, {"name": a.name, "country": a.country, "type": a.type}) for a in event.actors
    ]
    new.children += [
        (EVENT_QUANTITIES, {"value": q.value, "unit": q.unit, "text": q.text})
        for q in event.quantities
    ]
    return new


def mention_fact(mention: Mention, document_id: int, version: str, run_id: int | None) -> NewFact:
    new = _fact(
        "entity",
        document_id,
        version,
        run_id,
        1.0,
        None,
        _span(mention.text, mention.start, mention.end),
    )
    new.children.append((ENTITIES, {
        "text": mention.text,
        "type": mention.type,
        "canonical": mention.canonical,
        "country": mention.country,
        "actor_id": mention.actor_id,
        "role": mention.role,
    }))  # fmt: skip
    return new


def quantity_fact(
    quantity: Quantity, document_id: int, version: str, run_id: int | None
) -> NewFact:
    new = _fact(
        "quantity",
        document_id,
        version,
        run_id,
        1.0,
        None,
        _span(quantity.text, quantity.start, quantity.end),
    )
    new.children.append(
        (
            QUANTITIES,
            {
                "value": quantity.value,
                "unit": quantity.unit,
                "currency": quantity.currency,
                "text": quantity.text,
            },
        )
    )
    return new


def quote_fact(quote: Quote, document_id: int, version: str, run_id: int | None) -> NewFact:
    new = _fact("quote", document_id, version, run_id, quote.confidence, None, quote.evidence)
    new.children.append(
        (QUOTES, {"speaker": quote.speaker, "speaker_role": quote.speaker_role, "text": quote.text})
    )
    return new


def claim_fact(claim: Claim, document_id: int, version: str, run_id: int | None) -> NewFact:
    new = _fact("claim", document_id, version, run_id, claim.confidence, None, claim.evidence)
    new.children.append(
        (CLAIMS, {"kind": claim.kind, "text": claim.text, "countries": list(claim.countries)})
    )
    return new


def extraction_facts(extraction: Extraction, document_id: int, run_id: int | None) -> list[NewFact]:
    version = extraction.extractor_version
    found: list[NewFact] = []
    found += [aid_fact(a, document_id, version, run_id) for a in extraction.aid]
    found += [event_fact(e, document_id, version, run_id) for e in extraction.events]
    found += [quote_fact(q, document_id, version, run_id) for q in extraction.quotes]
    found += [claim_fact(c, document_id, version, run_id) for c in extraction.claims]
    found += [mention_fact(m, document_id, version, run_id) for m in extraction.mentions]
    found += [quantity_fact(q, document_id, version, run_id) for q in extraction.quantities]
    return found


def insert_facts(session: Session, facts: Sequence[NewFact]) -> list[int]:
    """Insert facts with their evidence and detail rows: one executemany per table."""
    if not facts:
        return []
    ids = _insert_fact_rows(session, [f.fact for f in facts])
    rows: dict[Table, list[Values]] = {EVIDENCE: []}
    for fact_id, new in zip(ids, facts, strict=True):
        rows[EVIDENCE] += [{"fact_id": fact_id, **e} for e in new.evidence]
        for table, values in new.children:
            rows.setdefault(table, []).append({"fact_id": fact_id, **values})
    for table, values_list in rows.items():
        if values_list:
            session.execute(insert(table), values_list)
    return ids


def _insert_fact_rows(session: Session, facts: list[Values]) -> list[int]:
    """Insert `facts` rows and return their ids, in order.

    PostgreSQL returns ordered ids from one multi-row INSERT. SQLite would fall back to one
    statement per row for that, so there the first row is inserted alone, which takes the
    database's single write lock for this transaction, and the others get the next ids: no other
    writer can take them before we commit, and SQLite itself numbers rows max(id) + 1.
    """
    if session.get_bind().dialect.name != "sqlite":
        returning = insert(FACTS).returning(FACTS.c.id, sort_by_parameter_order=True)
        return list(session.execute(returning, facts).scalars())
    first = session.execute(insert(FACTS).returning(FACTS.c.id), facts[0]).scalar_one()
    ids = list(range(first, first + len(facts)))
    if len(facts) > 1:
        session.execute(
            insert(FACTS), [{**f, "id": i} for i, f in zip(ids[1:], facts[1:], strict=True)]
        )
    return ids


FACTS = cast(Table, FactRow.__table__)
EVIDENCE = cast(Table, EvidenceRow.__table__)
AID = cast(Table, AidDeliveryRow.__table__)
RECIPIENTS = cast(Table, AidRecipientRow.__table__)
ITEMS = cast(Table, AidItemRow.__table__)
EVENTS = cast(Table, EventRow.__table__)
EVENT_COUNTRIES = cast(Table, EventCountryRow.__table__)
EVENT_ACTORS = cast(Table, EventActorRow.__table__)
EVENT_QUANTITIES = cast(Table, EventQuantityRow.__table__)
ENTITIES = cast(Table, EntityRow.__table__)
QUANTITIES = cast(Table, QuantityRow.__table__)
QUOTES = cast(Table, QuoteRow.__table__)
CLAIMS = cast(Table, ClaimRow.__table__)
DOCUMENT_EXTRACTIONS = cast(Table, DocumentExtractionRow.__table__)


@dataclass(frozen=True)
class DocumentOutcome:
    """What one document produced: an extraction, or the error that stopped it."""

    document_id: int
    content_hash: str
    extraction: Extraction | None = None
    error: str | None = None


def done_hashes(session: Session, hashes: Sequence[str], version: str) -> set[str]:
    return set(
        session.scalars(
            select(DocumentExtractionRow.content_hash).where(
                DocumentExtractionRow.extractor_version == version,
                DocumentExtractionRow.content_hash.in_(hashes),
            )
        )
    )


def save_outcomes(
    session: Session, outcomes: Sequence[DocumentOutcome], version: str, run_id: int | None
) -> tuple[int, int, int]:
    """Write a batch of outcomes; returns (documents written, facts written, failures).

    Outcomes already recorded for this version (another worker, an earlier attempt) are skipped.
    """
    already = done_hashes(session, [o.content_hash for o in outcomes], version)
    fresh: list[DocumentOutcome] = []
    for outcome in outcomes:
        if outcome.content_hash not in already:
            already.add(outcome.content_hash)
            fresh.append(outcome)
    extracted = [o for o in fresh if o.extraction is not None]
    _retire_older_versions(session, [o.document_id for o in extracted], version)
    new_facts: list[NewFact] = []
    marks: list[Values] = []
    for outcome in fresh:
        found = (
            extraction_facts(outcome.extraction, outcome.document_id, run_id)
            if outcome.extraction is not None
            else []
        )
        new_facts += found
        marks.append(
            {
                "document_id": outcome.document_id,
                "content_hash": outcome.content_hash,
                "extractor_version": version,
                "run_id": run_id,
                "status": "done" if outcome.error is None else "failed",
                "error": outcome.error,
                "facts": len(found),
                "at": utcnow(),
            }
        )
    insert_facts(session, new_facts)
    if marks:
        session.execute(insert(DOCUMENT_EXTRACTIONS), marks)
    return len(fresh), len(new_facts), len(fresh) - len(extracted)


def _retire_older_versions(session: Session, document_ids: Sequence[int], version: str) -> None:
    if not document_ids:
        return
    older = FactRow.document_id.in_(document_ids), FactRow.extractor_version != version
    session.execute(delete(FactRow).where(*older, FactRow.review_status == "pending"))
    session.execute(update(FactRow).where(*older).values(current=False))


def pending_documents(
    session: Session, version: str, *, after_id: int = 0, limit: int = 100
) -> list[tuple[int, str]]:
    """(id, content hash) of documents this version has not processed, in id order."""
    done = select(DocumentExtractionRow.content_hash).where(
        DocumentExtractionRow.extractor_version == version
    )
    query = (
        select(DocumentRow.id, DocumentRow.content_hash)
        .where(DocumentRow.id > after_id, DocumentRow.content_hash.not_in(done))
        .order_by(DocumentRow.id)
        .limit(limit)
    )
    return [(row.id, row.content_hash) for row in session.execute(query)]


def count_pending(session: Session, version: str) -> int:
    done = select(DocumentExtractionRow.content_hash).where(
        DocumentExtractionRow.extractor_version == version
    )
    return (
        session.scalar(
            select(func.count())
            .select_from(DocumentRow)
            .where(DocumentRow.content_hash.not_in(done))
        )
        or 0
    )


def fact_counts(session: Session, *, current_only: bool = True) -> dict[str, int]:
    query = select(FactRow.kind, func.count()).group_by(FactRow.kind)
    if current_only:
        query = query.where(FactRow.current.is_(True))
    return dict(session.execute(query).tuples().all())


# Reading facts back as records ---------------------------------------------------------------

LOAD_ALL = (
    selectinload(FactRow.evidence),
    selectinload(FactRow.aid),
    selectinload(FactRow.recipients),
    selectinload(FactRow.items),
    selectinload(FactRow.event),
    selectinload(FactRow.event_countries),
    selectinload(FactRow.event_actors),
    selectinload(FactRow.event_quantities),
    selectinload(FactRow.entity),
    selectinload(FactRow.quantity),
    selectinload(FactRow.quote),
    selectinload(FactRow.claim),
)


def date_of(fact: FactRow) -> DateSpan | None:
    if fact.date_start is None or fact.date_precision is None:
        return None
    return DateSpan(start=fact.date_start, end=fact.date_end, precision=fact.date_precision)


def evidence_of(fact: FactRow) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(document_id=e.document_id, start=e.start, end=e.end, quote=e.quote)
        for e in fact.evidence
    )


def to_aid(fact: FactRow) -> AidDelivery:
    assert fact.aid is not None
    aid = fact.aid
    value = (
        Money(amount=aid.value_amount, currency=aid.value_currency)
        if aid.value_amount is not None and aid.value_currency
        else None
    )
    return AidDelivery(
        donor=Donor(name=aid.donor_name, country=aid.donor_country, channel=aid.donor_channel),
        recipients=tuple(
            Recipient(
                country=r.country, region=r.region, name=r.name, institution_type=r.institution_type
            )
            for r in fact.recipients
        ),
        items=tuple(
            AidItem(item=i.item, quantity=i.quantity, unit=i.unit, text=i.text) for i in fact.items
        ),
        value=value,
        date=date_of(fact),
        mode=aid.mode,
        status=aid.status,
        evidence=evidence_of(fact),
        confidence=fact.confidence,
    )


def to_event(fact: FactRow) -> Event:
    assert fact.event is not None
    return Event(
        category=fact.event.category,
        title=fact.event.title,
        summary=fact.event.summary,
        date=date_of(fact),
        countries=tuple(c.country for c in fact.event_countries),
        actors=tuple(Actor(name=a.name, country=a.country, type=a.type) for a in fact.event_actors),
        quantities=tuple(
            EventQuantity(value=q.value, unit=q.unit, text=q.text) for q in fact.event_quantities
        ),
        evidence=evidence_of(fact),
        confidence=fact.confidence,
    )


def to_mention(fact: FactRow) -> Mention:
    assert fact.entity is not None and fact.evidence
    entity, span = fact.entity, fact.evidence[0]
    return Mention(
        text=entity.text,
        type=entity.type,
        canonical=entity.canonical,
        country=entity.country,
        actor_id=entity.actor_id,
        role=entity.role,
        start=span.start,
        end=span.end,
    )


def facts_of_kind(
    session: Session, kind: str, *, after_id: int = 0, limit: int = 1000, current_only: bool = True
) -> list[FactRow]:
    """A page of facts of one kind with everything needed to rebuild their records."""
    query = select(FactRow).where(FactRow.kind == kind, FactRow.id > after_id)
    if current_only:
        query = query.where(FactRow.current.is_(True))
    return list(session.scalars(query.order_by(FactRow.id).limit(limit).options(*LOAD_ALL)))
