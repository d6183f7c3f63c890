"""Canonical records, documents and sources as export records (see `contract.py`).

Canonical records carry the reference answers a reuser would otherwise recompute (UN region,
developing, Belt and Road membership and income group at the record's date), so the open
data agrees with the tracker's own figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chinatracker.links import web_url
from chinatracker.publish.contract import (
    AidRecordOut,
    ConflictOut,
    ConflictValueOut,
    DateOut,
    DocumentOut,
    EventRecordOut,
    FactCountsOut,
    ItemQuantityOut,
    QuantityOut,
    RecordDonorOut,
    RecordRecipientOut,
    SourceDocumentOut,
    SourceOut,
    ValueOut,
)
from chinatracker.records import DateSpan
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalAid, CanonicalEvent, Conflicts, DocumentInfo
from chinatracker.store import canonical as stored
from chinatracker.store.models import DocumentRow, FactRow

PAGE = 1000
FACT_KINDS = ("aid", "event", "entity", "quantity", "quote", "claim")


def _date(span: DateSpan | None) -> DateOut | None:
    return DateOut(start=span.start, end=span.end, precision=span.precision) if span else None


def _sources(sources: Sequence[DocumentInfo]) -> list[SourceDocumentOut]:
    return [
        SourceDocumentOut(
            id=d.id,
            title=d.title,
            publisher=d.publisher,
            url=web_url(d.url),
            published=d.published,
            official=d.official,
        )
        for d in sources
    ]


def _conflicts(conflicts: Conflicts) -> list[ConflictOut]:
    return [
        ConflictOut(
            field=name,
            values=[ConflictValueOut(value=v.value, fact_ids=list(v.fact_ids)) for v in values],
        )
        for name, values in sorted(conflicts.items())
    ]


def _provenance(record: CanonicalAid | CanonicalEvent) -> dict[str, Any]:
    """The fields every canonical record carries about its sources and its merge."""
    return {
        "corroboration": record.corroboration,
        "official": record.official,
        "quality": record.quality,
        "confidence": record.confidence,
        "reviewed": record.reviewed,
        "sources": _sources(record.sources),
        "fact_ids": list(record.fact_ids),
        "explanation": record.explanation,
        "conflicts": _conflicts(record.conflicts),
    }


def aid_record_out(record: CanonicalAid, reference: Reference) -> AidRecordOut:
    iso3 = record.recipient_country
    country = reference.country(iso3) if iso3 else None
    when = record.reference_date
    return AidRecordOut(
        id=record.id,
        donor=RecordDonorOut(
            channel=record.donor_channel,
            country=record.donor_country,
            names=list(record.donor_names),
        ),
        recipient=RecordRecipientOut(
            country=iso3,
            label=record.recipient_label,
            names=list(record.recipient_names),
            institution_type=record.institution_type,
            un_region=(country.un_region or None) if country else None,
            developing=country.developing if country else None,
            bri_member=reference.bri_member(iso3, when) if iso3 and when else None,
            income_group=reference.income_group(iso3, when) if iso3 and when else None,
        ),
        items=list(record.items),
        quantities=[
            ItemQuantityOut(item=item, quantity=amount)
            for item, amount in sorted(record.quantities.items())
        ],
        value=(
            ValueOut(amount=record.value_amount, currency=record.value_currency)
            if record.value_amount is not None and record.value_currency
            else None
        ),
        date=_date(record.date),
        reported=min((s.published for s in record.sources if s.published), default=None),
        reference_date=when,
        mode=record.mode,
        status=record.status,
        batch_countries=record.batch_countries,
        **_provenance(record),
    )


def event_record_out(record: CanonicalEvent, reference: Reference) -> EventRecordOut:
    taxonomy = reference.taxonomy
    section = (
        taxonomy.section_of(record.category).code if taxonomy.is_code(record.category) else None
    )
    return EventRecordOut(
        id=record.id,
        category=record.category,
        section=section,
        title=record.title,
        summary=record.summary,
        date=_date(record.date),
        reference_date=record.reference_date,
        countries=list(record.countries),
        actors=list(record.actors),
        quantities=[
            QuantityOut(value=value, unit=unit, text="")
            for unit, value in sorted(record.quantities.items())
        ],
        **_provenance(record),
    )


def aid_records(session: Session, reference: Reference) -> Iterator[AidRecordOut]:
    for record in stored.load_canonical_aid(session):
        yield aid_record_out(record, reference)


def event_records(session: Session, reference: Reference) -> Iterator[EventRecordOut]:
    for record in stored.load_canonical_events(session):
        yield event_record_out(record, reference)


def _fact_counts(session: Session, ids: Sequence[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {i: dict.fromkeys(FACT_KINDS, 0) for i in ids}
    query = (
        select(FactRow.document_id, FactRow.kind, func.count())
        .where(FactRow.current.is_(True), FactRow.document_id.in_(ids))
        .group_by(FactRow.document_id, FactRow.kind)
    )
    for document_id, kind, n in session.execute(query):
        if kind in counts[document_id]:
            counts[document_id][kind] = n
    return counts


def documents(session: Session, reference: Reference | None = None) -> Iterator[DocumentOut]:
    """Every document's metadata (never its text), page by page."""
    after = 0
    while True:
        rows = list(
            session.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.path,
                    DocumentRow.locator,
                    DocumentRow.format,
                    DocumentRow.title,
                    DocumentRow.author,
                    DocumentRow.publisher,
                    DocumentRow.url,
                    DocumentRow.published,
                    DocumentRow.published_from,
                    DocumentRow.language,
                    DocumentRow.word_count,
                    DocumentRow.content_hash,
                )
                .where(DocumentRow.id > after)
                .order_by(DocumentRow.id)
                .limit(PAGE)
            )
        )
        if not rows:
            return
        counts = _fact_counts(session, [r.id for r in rows])
        for row in rows:
            yield DocumentOut(
                id=row.id,
                path=row.path,
                locator=row.locator,
                format=row.format,
                title=row.title,
                author=row.author,
                publisher=row.publisher,
                url=web_url(row.url),
                published=row.published,
                published_from=row.published_from,
                language=row.language,
                word_count=row.word_count,
                content_hash=row.content_hash,
                facts=FactCountsOut(**counts[row.id]),
            )
        after = rows[-1].id


def sources(session: Session, reference: Reference | None = None) -> Iterator[SourceOut]:
    """One row per canonical record and source document, with the evidence quotes."""
    aid = stored.load_canonical_aid(session)
    events = stored.load_canonical_events(session)
    records: list[tuple[str, CanonicalAid | CanonicalEvent]] = [
        *(("aid", r) for r in aid),
        *(("event", r) for r in events),
    ]
    quotes = stored.evidence_quotes(session, [m.fact_id for _, r in records for m in r.members])
    for kind, record in records:
        for document in record.sources:
            fact_ids = [m.fact_id for m in record.members if m.document_id == document.id]
            yield SourceOut(
                record_kind=kind,
                record_id=record.id,
                document_id=document.id,
                publisher=document.publisher,
                title=document.title,
                url=web_url(document.url),
                published=document.published,
                official=document.official,
                fact_ids=fact_ids,
                quotes=list(dict.fromkeys(q for f in fact_ids for q in quotes.get(f, []))),
            )
