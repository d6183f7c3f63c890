"""Tracing a figure back to its canonical records, their facts and their source documents.

`trace(store, channel="military", country="ARG")` lists the records behind "the PLA gave to
Argentina", one row per record and source fact, with the document and the evidence quote.
Keyword filters name dimensions (analysis.dimensions) and the value a record must count under.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from chinatracker.analysis.dimensions import get_dimension
from chinatracker.analysis.selection import AidSelection, RecordSource, load_aid
from chinatracker.reference import Reference
from chinatracker.resolve.dates import span_text
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store


@dataclass(frozen=True)
class TraceRow:
    """One source fact of one canonical record."""

    record_id: str
    channel: str
    recipient: str
    date: str
    documents: int
    quality: float
    fact_id: int
    document_id: int
    path: str
    title: str | None
    publisher: str | None
    published: dt.date | None
    quote: str | None
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        row = dict(self.__dict__)
        row["published"] = self.published.isoformat() if self.published else None
        return row


def _quotes(source: RecordSource, fact_ids: Sequence[int]) -> dict[int, list[str]]:
    if isinstance(source, Store):
        with source.reading() as session:
            return stored.evidence_quotes(session, fact_ids)
    if isinstance(source, Session):
        return stored.evidence_quotes(source, fact_ids)
    return {}


def trace(
    source: RecordSource,
    record_ids: Sequence[str] | None = None,
    *,
    where: Mapping[str, str] | None = None,
    selection: AidSelection | None = None,
    reference: Reference | None = None,
    **filters: str,
) -> list[TraceRow]:
    """The records (given by id, or by a selection and dimension filters) and their sources.

    With `record_ids`, exactly those records (whatever the selection); otherwise the records the
    selection accepts whose dimension keys include each value of `where` and `filters`
    (`trace(store, channel="military", country="ARG")`).
    """
    reference = reference or Reference.load()
    records = load_aid(source)
    if record_ids is not None:
        wanted = set(record_ids)
        records = [r for r in records if r.id in wanted]
    else:
        chosen = selection or AidSelection()
        wanted_keys = {**(where or {}), **filters}
        tests = [(get_dimension(name), value) for name, value in wanted_keys.items()]
        records = [
            r
            for r in records
            if chosen.accepts(r) and all(value in f(r, reference) for f, value in tests)
        ]
    quotes = _quotes(source, [m.fact_id for r in records for m in r.members])
    rows = []
    for record in records:
        documents = {d.id: d for d in record.sources}
        for member in record.members:
            document = documents[member.document_id]
            found = quotes.get(member.fact_id)
            rows.append(
                TraceRow(
                    record_id=record.id,
                    channel=record.donor_channel,
                    recipient=record.recipient_country or record.recipient_label,
                    date=span_text(record.date),
                    documents=len(record.sources),
                    quality=record.quality,
                    fact_id=member.fact_id,
                    document_id=document.id,
                    path=document.label,
                    title=document.title,
                    publisher=document.publisher,
                    published=document.published,
                    quote=" … ".join(found) if found else None,
                    explanation=record.explanation,
                )
            )
    return rows
