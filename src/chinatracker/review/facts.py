"""A fact as a reviewer sees it: its typed record, review state, evidence, and a short summary.

Facts are read through `store.facts` (the record converters) and turned back into rows by
`review.actions`; this module only reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chinatracker.records import (
    AidDelivery,
    Claim,
    Event,
    Evidence,
    Mention,
    Quantity,
    Quote,
)
from chinatracker.resolve.dates import span_text
from chinatracker.review.errors import NotFound
from chinatracker.store.facts import LOAD_ALL, evidence_of, to_aid, to_event, to_mention
from chinatracker.store.models import FactRow

FactRecord = AidDelivery | Event | Quote | Claim | Mention | Quantity
RECORD_TYPES: dict[str, type[FactRecord]] = {
    "aid": AidDelivery,
    "event": Event,
    "quote": Quote,
    "claim": Claim,
    "entity": Mention,
    "quantity": Quantity,
}
# Not editable: where the fact is in its source, and how sure the extractor was.
FIXED_FIELDS = frozenset({"evidence", "confidence", "start", "end"})


@dataclass(frozen=True)
class FactView:
    """One stored fact with its record and review state."""

    id: int
    kind: str
    document_id: int
    review_status: str
    confidence: float
    current: bool
    extractor_version: str
    updated_at: dt.datetime
    record: FactRecord
    evidence: tuple[Evidence, ...]

    @property
    def version(self) -> str:
        """Changes whenever the fact does: an edit form sends it back to detect lost updates."""
        return version_of(self.updated_at)

    @property
    def label(self) -> str:
        return label_of(self.record)

    @property
    def summary(self) -> str:
        return describe(self.record)

    @property
    def fields(self) -> dict[str, Any]:
        return editable_fields(self.record)


def version_of(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds")


def load_fact_row(session: Session, fact_id: int, *, for_update: bool = False) -> FactRow:
    """The fact's row with all its detail rows; NotFound if there is none."""
    query = select(FactRow).where(FactRow.id == fact_id).options(*LOAD_ALL)
    if for_update:
        query = query.with_for_update(of=FactRow)
    fact = session.scalars(query).first()
    if fact is None:
        raise NotFound(f"no fact with id {fact_id}")
    return fact


def record_of(fact: FactRow) -> FactRecord:
    """The typed record a fact row holds, with its current (possibly corrected) values."""
    evidence = evidence_of(fact)
    if fact.kind == "aid":
        return to_aid(fact)
    if fact.kind == "event":
        return to_event(fact)
    if fact.kind == "entity":
        return to_mention(fact)
    if fact.kind == "quote" and fact.quote is not None:
        quote = fact.quote
        return Quote(
            speaker=quote.speaker,
            speaker_role=quote.speaker_role,
            text=quote.text,
            evidence=evidence,
            confidence=fact.confidence,
        )
    if fact.kind == "claim" and fact.claim is not None:
        claim = fact.claim
        return Claim(
            kind=claim.kind,
            text=claim.text,
            countries=tuple(claim.countries),
            evidence=evidence,
            confidence=fact.confidence,
        )
    if fact.kind == "quantity" and fact.quantity is not None:
        quantity, span = fact.quantity, fact.evidence[0] if fact.evidence else None
        return Quantity(
            value=quantity.value,
            unit=quantity.unit,
            currency=quantity.currency,
            text=quantity.text,
            start=span.start if span else 0,
            end=span.end if span else 0,
        )
    raise NotFound(f"fact {fact.id} ({fact.kind}) has no detail row")


def to_view(fact: FactRow) -> FactView:
    return FactView(
        id=fact.id,
        kind=fact.kind,
        document_id=fact.document_id,
        review_status=fact.review_status,
        confidence=fact.confidence,
        current=fact.current,
        extractor_version=fact.extractor_version,
        updated_at=fact.updated_at,
        record=record_of(fact),
        evidence=evidence_of(fact),
    )


def fact_view(session: Session, fact_id: int) -> FactView:
    return to_view(load_fact_row(session, fact_id))


def fact_views(session: Session, fact_ids: Sequence[int]) -> dict[int, FactView]:
    """Several facts at once (missing ids are left out)."""
    if not fact_ids:
        return {}
    query = select(FactRow).where(FactRow.id.in_(sorted(set(fact_ids)))).options(*LOAD_ALL)
    return {fact.id: to_view(fact) for fact in session.scalars(query)}


def document_facts(session: Session, document_id: int) -> list[FactView]:
    """Every current fact of a document, in the order of their first evidence span."""
    query = (
        select(FactRow)
        .where(FactRow.document_id == document_id, FactRow.current.is_(True))
        .options(*LOAD_ALL)
    )
    views = [to_view(fact) for fact in session.scalars(query)]
    return sorted(views, key=lambda v: (v.evidence[0].start if v.evidence else 0, v.id))


def editable_fields(record: FactRecord) -> dict[str, Any]:
    """The record's values an analyst may correct, as JSON-ready data."""
    data: dict[str, Any] = record.model_dump(mode="json")
    return {k: v for k, v in data.items() if k not in FIXED_FIELDS}


def label_of(record: FactRecord) -> str:
    """A few words naming the fact, for lists."""
    if isinstance(record, AidDelivery):
        names = {r.name for r in record.recipients}
        if len(record.recipients) > 1 and len(names) == 1 and None not in names:
            # "armed forces of 12 countries (IDN, MYS, ...)", not the name twelve times
            codes = ", ".join(r.country or r.region or "?" for r in record.recipients)
            recipients = f"{names.pop()} ({codes})"
        else:
            recipients = ", ".join(
                _recipient(r.country, r.name, r.region) for r in record.recipients
            )
        return f"{record.donor.name} → {recipients or 'unknown recipient'}"
    if isinstance(record, Event):
        return record.title
    if isinstance(record, Quote):
        who = record.speaker or "unattributed"
        return f"{who}: “{_clip(record.text, 90)}”"
    if isinstance(record, Claim):
        return f"{record.kind.replace('_', ' ')}: {_clip(record.text, 90)}"
    if isinstance(record, Mention):
        return f"{record.text} ({record.type}: {record.canonical})"
    return record.text


def describe(record: FactRecord) -> str:
    """What the fact says, in one line: items and quantities, where, when."""
    if isinstance(record, AidDelivery):
        items = "; ".join(
            f"{i.item.replace('_', ' ')} {_number(i.quantity)}".strip() for i in record.items
        )
        parts = [items or "unspecified aid"]
        if record.value is not None:
            parts.append(f"{_number(record.value.amount)} {record.value.currency}")
        parts.append(f"{record.mode}, {record.status}; {record.donor.channel} channel")
        parts.append(span_text(record.date))
        return " · ".join(parts)
    if isinstance(record, Event):
        where = ", ".join(record.countries) or "no country"
        return f"{record.category} · {where} · {span_text(record.date)}"
    if isinstance(record, Claim):
        return ", ".join(record.countries) or "no country"
    if isinstance(record, Quantity):
        unit = record.currency or record.unit
        return f"{_number(record.value)} {unit}"
    if isinstance(record, Mention):
        return record.country or ""
    return record.speaker_role or ""


def _recipient(country: str | None, name: str | None, region: str | None) -> str:
    if name and country:
        return f"{name} ({country})"
    return name or country or region or "?"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
