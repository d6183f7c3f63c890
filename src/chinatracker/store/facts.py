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

from sqlalchemy import ColumnElement, Table, delete, exists, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from chinatracker.records import (
    Actor,
    AidDelivery,
    AidItem,
    CountryRole,
    DateSpan,
    Donor,
    Event,
    EventQuantity,
    Evidence,
    Extraction,
    Mention,
    Money,
    Recipient,
)
from chinatracker.store.models import (
    AidDeliveryRow,
    AidItemRow,
    AidRecipientRow,
    Base,
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
from chinatracker.store.search import index_evidence

# Writing ------------------------------------------------------------------------------------
# An extraction becomes plain rows in two steps. `prepare_batch` (pure: it runs on Dask workers)
# turns a batch of outcomes into tuples, table by table, each child row pointing at its fact by
# position in the batch; `save_prepared` (in the writing process) skips documents already done,
# gives the facts their ids and inserts each table with one executemany. Tuples, not records or
# ORM objects, because they are what is cheapest to send between processes and to insert: the
# ORM's unit of work costs ~0.4 ms a fact, and a 100k-document run writes millions of facts.

Row = tuple[Any, ...]

FACT_COLUMNS = (
    "kind",
    "document_id",
    "run_id",
    "extractor_version",
    "current",
    "confidence",
    "review_status",
    "date_start",
    "date_end",
    "date_precision",
)
# Each child table's columns after `fact_id` (the first value of each prepared row).
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "evidence": ("document_id", "start", "end", "quote"),
    "aid_deliveries": (
        "donor_name",
        "donor_country",
        "donor_channel",
        "mode",
        "status",
        "value_amount",
        "value_currency",
    ),
    "aid_recipients": ("position", "country", "region", "name", "institution_type"),
    "aid_items": ("position", "item", "quantity", "unit", "text"),
    "events": ("category", "title", "summary", "status"),
    "event_countries": ("country",),
    "event_actors": ("name", "country", "type"),
    "event_quantities": ("value", "unit", "text"),
    "entities": ("text", "type", "canonical", "country", "actor_id", "role", "country_role"),
    "quantities": ("value", "unit", "currency", "text"),
    "quotes": ("speaker", "speaker_role", "text"),
    "claims": ("kind", "text", "countries"),
}


@dataclass(frozen=True)
class PreparedDocument:
    document_id: int
    content_hash: str
    error: str | None
    first_fact: int  # this document's facts are facts[first_fact:first_fact + facts]
    facts: int


@dataclass
class PreparedBatch:
    """A batch of outcomes as rows, ready to insert; small to pickle and cheap to write."""

    version: str
    run_id: int | None
    documents: list[PreparedDocument] = field(default_factory=list)
    facts: list[Row] = field(default_factory=list)  # in FACT_COLUMNS order
    children: dict[str, list[Row]] = field(default_factory=dict)  # (fact position, *columns)

    def add_fact(
        self,
        kind: str,
        document_id: int,
        confidence: float,
        date: DateSpan | None,
        evidence: Iterable[tuple[int, int, str]],
    ) -> int:
        position = len(self.facts)
        self.facts.append(
            (
                kind,
                document_id,
                self.run_id,
                self.version,
                True,
                confidence,
                "pending",
                date.start if date else None,
                date.end if date else None,
                date.precision if date else None,
            )
        )
        self.children.setdefault("evidence", []).extend(
            (position, document_id, start, end, quote) for start, end, quote in evidence
        )
        return position

    def add(self, table: str, position: int, *values: Any) -> None:
        self.children.setdefault(table, []).append((position, *values))


def _spans(evidence: Iterable[Evidence]) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.quote) for e in evidence]


def _add_extraction(batch: PreparedBatch, extraction: Extraction, document_id: int) -> None:
    for aid in extraction.aid:
        at = batch.add_fact("aid", document_id, aid.confidence, aid.date, _spans(aid.evidence))
        value = aid.value
        batch.add(
            "aid_deliveries",
            at,
            aid.donor.name,
            aid.donor.country,
            aid.donor.channel,
            aid.mode,
            aid.status,
            value.amount if value else None,
            value.currency if value else None,
        )
        for i, r in enumerate(aid.recipients):
            batch.add("aid_recipients", at, i, r.country, r.region, r.name, r.institution_type)
        for i, it in enumerate(aid.items):
            batch.add("aid_items", at, i, it.item, it.quantity, it.unit, it.text)
    for event in extraction.events:
        at = batch.add_fact(
            "event", document_id, event.confidence, event.date, _spans(event.evidence)
        )
        batch.add("events", at, event.category, event.title, event.summary, event.status)
        for country in dict.fromkeys(event.countries):
            batch.add("event_countries", at, country)
        for a in event.actors:
            batch.add("event_actors", at, a.name, a.country, a.type)
        for q in event.quantities:
            batch.add("event_quantities", at, q.value, q.unit, q.text)
    for quote in extraction.quotes:
        at = batch.add_fact("quote", document_id, quote.confidence, None, _spans(quote.evidence))
        batch.add("quotes", at, quote.speaker, quote.speaker_role, quote.text)
    for claim in extraction.claims:
        at = batch.add_fact("claim", document_id, claim.confidence, None, _spans(claim.evidence))
        batch.add("claims", at, claim.kind, claim.text, list(claim.countries))
    for m in extraction.mentions:
        at = batch.add_fact("entity", document_id, 1.0, None, [(m.start, m.end, m.text)])
        batch.add(
            "entities",
            at,
            m.text,
            m.type,
            m.canonical,
            m.country,
            m.actor_id,
            m.role,
            m.country_role,
        )
    for n in extraction.quantities:
        at = batch.add_fact("quantity", document_id, 1.0, None, [(n.start, n.end, n.text)])
        batch.add("quantities", at, n.value, n.unit, n.currency, n.text)


@dataclass(frozen=True)
class DocumentOutcome:
    """What one document produced: an extraction, or the error that stopped it."""

    document_id: int
    content_hash: str
    extraction: Extraction | None = None
    error: str | None = None


def prepare_batch(
    outcomes: Iterable[DocumentOutcome], version: str, run_id: int | None
) -> PreparedBatch:
    """Outcomes as rows (pure: no database, so it can run where the extraction ran)."""
    batch = PreparedBatch(version=version, run_id=run_id)
    for outcome in outcomes:
        first = len(batch.facts)
        if outcome.extraction is not None:
            _add_extraction(batch, outcome.extraction, outcome.document_id)
        batch.documents.append(
            PreparedDocument(
                outcome.document_id,
                outcome.content_hash,
                outcome.error,
                first,
                len(batch.facts) - first,
            )
        )
    return batch


@dataclass(frozen=True)
class Written:
    documents: int = 0
    facts: int = 0
    failures: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def done_hashes(session: Session, hashes: Sequence[str], version: str) -> set[str]:
    return set(
        session.scalars(
            select(DocumentExtractionRow.content_hash).where(
                DocumentExtractionRow.extractor_version == version,
                DocumentExtractionRow.content_hash.in_(hashes),
            )
        )
    )


def save_prepared(session: Session, batch: PreparedBatch) -> Written:
    """Write a prepared batch; documents already recorded for its version are skipped.

    (Another worker or an earlier, killed attempt may have written them: skipping here, in the
    same transaction as the writes, is what makes every engine idempotent.)
    """
    already = done_hashes(session, [d.content_hash for d in batch.documents], batch.version)
    fresh: list[PreparedDocument] = []
    for document in batch.documents:
        if document.content_hash not in already:
            already.add(document.content_hash)
            fresh.append(document)
    extracted = [d.document_id for d in fresh if d.error is None]
    _retire_older_versions(session, extracted, batch.version)
    kept = [p for d in fresh for p in range(d.first_fact, d.first_fact + d.facts)]
    ids = _insert_fact_rows(session, [batch.facts[p] for p in kept])
    fact_id = dict(zip(kept, ids, strict=True))
    for name, rows in batch.children.items():
        wanted = [(fact_id[row[0]], *row[1:]) for row in rows if row[0] in fact_id]
        bulk_insert(session, TABLES[name], ("fact_id", *CHILD_COLUMNS[name]), wanted)
    index_evidence(session, ids)
    now = utcnow()
    marks = [
        (
            d.document_id,
            d.content_hash,
            batch.version,
            batch.run_id,
            "done" if d.error is None else "failed",
            d.error,
            d.facts,
            now,
        )
        for d in fresh
    ]
    bulk_insert(session, DOCUMENT_EXTRACTIONS, MARK_COLUMNS, marks)
    kinds: dict[str, int] = {}
    for position in kept:
        kinds[batch.facts[position][0]] = kinds.get(batch.facts[position][0], 0) + 1
    return Written(len(fresh), len(kept), len(fresh) - len(extracted), kinds)


def save_outcomes(
    session: Session, outcomes: Sequence[DocumentOutcome], version: str, run_id: int | None
) -> tuple[int, int, int]:
    """Write a batch of outcomes; returns (documents written, facts written, failures)."""
    written = save_prepared(session, prepare_batch(outcomes, version, run_id))
    return written.documents, written.facts, written.failures


MARK_COLUMNS = (
    "document_id",
    "content_hash",
    "extractor_version",
    "run_id",
    "status",
    "error",
    "facts",
    "at",
)


def _insert_fact_rows(session: Session, facts: list[Row]) -> list[int]:
    """Insert `facts` rows and return their ids, in order.

    PostgreSQL returns ordered ids from one multi-row INSERT. SQLite would fall back to one
    statement per row for that, so there the first row is inserted alone, which takes the
    database's single write lock for this transaction, and the others get the next ids: no other
    writer can take them before we commit, and SQLite itself numbers rows max(id) + 1.
    """
    if not facts:
        return []
    now = utcnow()
    columns = (*FACT_COLUMNS, "created_at", "updated_at")
    rows = [dict(zip(columns, (*fact, now, now), strict=True)) for fact in facts[:1]]
    if session.get_bind().dialect.name != "sqlite":
        rows += [dict(zip(columns, (*fact, now, now), strict=True)) for fact in facts[1:]]
        returning = insert(FACTS).returning(FACTS.c.id, sort_by_parameter_order=True)
        return list(session.execute(returning, rows).scalars())
    first = session.execute(insert(FACTS).returning(FACTS.c.id), rows[0]).scalar_one()
    ids = list(range(first, first + len(facts)))
    later = [(i, *fact, now, now) for i, fact in zip(ids[1:], facts[1:], strict=True)]
    bulk_insert(session, FACTS, ("id", *columns), later)
    return ids


def bulk_insert(session: Session, table: Table, columns: Sequence[str], rows: list[Row]) -> None:
    """INSERT many rows given as tuples in `columns` order.

    On SQLite this goes straight to the driver's executemany, each value converted by its column
    type's own SQLAlchemy bind processor (so dates, times and JSON are stored exactly as
    SQLAlchemy stores them): SQLAlchemy's per-row work otherwise costs more than SQLite's.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    processors = [table.c[name].type.bind_processor(dialect) for name in columns]
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    if any(processors):
        rows = [
            tuple(
                value if process is None or value is None else process(value)
                for value, process in zip(row, processors, strict=True)
            )
            for row in rows
        ]
    session.connection().exec_driver_sql(sql, rows)


def _retire_older_versions(session: Session, document_ids: Sequence[int], version: str) -> None:
    if not document_ids:
        return
    older = FactRow.document_id.in_(document_ids), FactRow.extractor_version != version
    session.execute(delete(FactRow).where(*older, FactRow.review_status == "pending"))
    session.execute(update(FactRow).where(*older).values(current=False))


def _table(row: type[Base]) -> Table:
    return cast(Table, row.__table__)


FACTS = _table(FactRow)
DOCUMENT_EXTRACTIONS = _table(DocumentExtractionRow)
TABLES: dict[str, Table] = {
    table.name: table
    for table in map(
        _table,
        (
            EvidenceRow,
            AidDeliveryRow,
            AidRecipientRow,
            AidItemRow,
            EventRow,
            EventCountryRow,
            EventActorRow,
            EventQuantityRow,
            EntityRow,
            QuantityRow,
            QuoteRow,
            ClaimRow,
        ),
    )
}


def _not_done(version: str) -> ColumnElement[bool]:
    """No `document_extractions` row for this document's text and version.

    A correlated NOT EXISTS probes the unique (content_hash, extractor_version) index once per
    document; NOT IN (subquery) would rebuild the set of every finished document for each batch,
    which grows with the run (quadratic over a 100k-document corpus).
    """
    return ~exists().where(
        DocumentExtractionRow.content_hash == DocumentRow.content_hash,
        DocumentExtractionRow.extractor_version == version,
    )


def pending_documents(
    session: Session, version: str, *, after_id: int = 0, limit: int = 100
) -> list[tuple[int, str]]:
    """(id, content hash) of documents this version has not processed, in id order."""
    query = (
        select(DocumentRow.id, DocumentRow.content_hash)
        .where(DocumentRow.id > after_id, _not_done(version))
        .order_by(DocumentRow.id)
        .limit(limit)
    )
    return [(row.id, row.content_hash) for row in session.execute(query)]


def count_pending(session: Session, version: str) -> int:
    query = select(func.count()).select_from(DocumentRow).where(_not_done(version))
    return session.scalar(query) or 0


def fact_counts(session: Session, *, current_only: bool = True) -> dict[str, int]:
    query = select(FactRow.kind, func.count()).group_by(FactRow.kind)
    if current_only:
        query = query.where(FactRow.current.is_(True))
    return dict(session.execute(query).all())


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
        status="background" if fact.event.status == "background" else "current",
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
        country_role=cast(CountryRole | None, entity.country_role),
    )


def facts_of_kind(
    session: Session, kind: str, *, after_id: int = 0, limit: int = 1000, current_only: bool = True
) -> list[FactRow]:
    """A page of facts of one kind with everything needed to rebuild their records."""
    query = select(FactRow).where(FactRow.kind == kind, FactRow.id > after_id)
    if current_only:
        query = query.where(FactRow.current.is_(True))
    return list(session.scalars(query.order_by(FactRow.id).limit(limit).options(*LOAD_ALL)))
