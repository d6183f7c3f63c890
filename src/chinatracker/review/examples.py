"""Analysts' decisions as labelled examples: what `chinatracker train` learns from reviews.

Accepting a fact says its evidence shows what the fact says (an event of its category and
status); correcting it says the corrected values do; rejecting it says the evidence shows no
such fact (`none`). One row per evidence span, written in the review's own transaction, with the
analyst and the time (migration 0009).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from chinatracker.extract.learned.aid import is_chinese
from chinatracker.records import AidDelivery
from chinatracker.review.facts import record_of
from chinatracker.store.facts import evidence_of
from chinatracker.store.models import FactRow, ReviewExampleRow, utcnow

NONE = "none"


def example_rows(fact: FactRow, action: str, actor: str) -> list[ReviewExampleRow]:
    record = record_of(fact)
    label, status = fact.kind, None
    if fact.kind == "event":
        label = str(getattr(record, "category", fact.kind))
        status = str(getattr(record, "status", "current"))
    if fact.kind == "aid" and isinstance(record, AidDelivery):
        # What the aid decision learns: is this (as accepted or corrected) China's aid?
        label = "delivery" if is_chinese(record) else "other"
    if action == "reject":
        label, status = NONE, None
    at = utcnow()
    return [
        ReviewExampleRow(
            fact_id=fact.id,
            document_id=fact.document_id,
            kind=fact.kind,
            start=evidence.start,
            end=evidence.end,
            label=label,
            status=status,
            action=action,
            actor=actor,
            extractor_version=fact.extractor_version,
            at=at,
        )
        for evidence in evidence_of(fact)
    ]


def latest_examples(session: Session, kinds: Sequence[str] = ("event",)) -> list[ReviewExampleRow]:
    """Each fact's latest decision: a correction after an acceptance is what stands."""
    rows = session.scalars(
        select(ReviewExampleRow)
        .where(ReviewExampleRow.kind.in_(kinds))
        .order_by(ReviewExampleRow.fact_id, ReviewExampleRow.at.desc(), ReviewExampleRow.id.desc())
    ).all()
    latest: dict[int, list[ReviewExampleRow]] = {}
    for row in rows:
        batch = latest.setdefault(row.fact_id, [])
        if not batch or (batch[0].at == row.at and batch[0].action == row.action):
            batch.append(row)
    return [row for batch in latest.values() for row in batch]
