"""What to review first: the facts where a mistake is most likely and would cost the most.

A fact's priority is the expected cost of leaving it unreviewed, `doubt * impact`. Confidence is
a calibrated probability (docs/extraction.md), so the extractor is least sure at 0.5: doubt is
`1.05 - |2 * confidence - 1|` (never quite zero, so sure facts still rank by impact). A review of
such a fact is also what teaches the model most (`chinatracker train --reviews`). Doubt times
how much the fact moves the tracker's figures. Impact is the kind's weight (aid deliveries
1.0, events 0.8, claims 0.6, quotes 0.4) scaled by the fact's reach, its recipient or event
countries (up to ten), and by whether it carries a quantity or a value that sums would use.
Computed in SQL, so a page of the queue costs one ordered scan of the pending facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Float, case, cast, exists, func, or_, select, true
from sqlalchemy.orm import Session

from chinatracker.review.facts import FactView, fact_views
from chinatracker.store.models import (
    AidDeliveryRow,
    AidItemRow,
    AidRecipientRow,
    EventCountryRow,
    FactRow,
)

QUEUE_KINDS = ("aid", "event", "claim", "quote")
KIND_WEIGHT = {"aid": 1.0, "event": 0.8, "claim": 0.6, "quote": 0.4}
MAX_REACH = 10


@dataclass(frozen=True)
class QueueItem:
    fact_id: int
    kind: str
    review_status: str
    confidence: float
    priority: float
    document_id: int
    date: dt.date | None
    label: str
    summary: str
    version: str


def priority_expression() -> ColumnElement[float]:
    """The priority of the module docstring, as a SQL expression over `facts`."""
    recipients = (
        select(func.count())
        .where(AidRecipientRow.fact_id == FactRow.id, AidRecipientRow.country.is_not(None))
        .scalar_subquery()
    )
    countries = select(func.count()).where(EventCountryRow.fact_id == FactRow.id).scalar_subquery()
    reach = recipients + countries
    capped = case((reach > MAX_REACH, MAX_REACH), else_=reach)
    quantified = or_(
        exists().where(AidItemRow.fact_id == FactRow.id, AidItemRow.quantity.is_not(None)),
        exists().where(
            AidDeliveryRow.fact_id == FactRow.id, AidDeliveryRow.value_amount.is_not(None)
        ),
    )
    weight = case(KIND_WEIGHT, value=FactRow.kind, else_=0.2)
    impact = weight * (
        0.5 + 0.3 * cast(capped, Float) / MAX_REACH + 0.2 * case((quantified, 1.0), else_=0.0)
    )
    doubt = 1.05 - func.abs(2 * FactRow.confidence - 1)
    return doubt * impact


def _conditions(kinds: Sequence[str], statuses: Sequence[str]) -> list[ColumnElement[bool]]:
    return [
        FactRow.current == true(),
        FactRow.kind.in_(list(kinds) or QUEUE_KINDS),
        FactRow.review_status.in_(list(statuses) or ["pending"]),
    ]


def queue_size(
    session: Session, *, kinds: Sequence[str] = QUEUE_KINDS, statuses: Sequence[str] = ("pending",)
) -> int:
    query = select(func.count()).select_from(FactRow).where(*_conditions(kinds, statuses))
    return int(session.scalar(query) or 0)


def review_queue(
    session: Session,
    *,
    kinds: Sequence[str] = QUEUE_KINDS,
    statuses: Sequence[str] = ("pending",),
    limit: int = 50,
    offset: int = 0,
) -> list[QueueItem]:
    """A page of facts awaiting review, highest priority first (then oldest fact first)."""
    priority = priority_expression().label("priority")
    rows = session.execute(
        select(FactRow.id, priority)
        .where(*_conditions(kinds, statuses))
        .order_by(priority.desc(), FactRow.id)
        .limit(max(0, min(limit, 500)))
        .offset(max(0, offset))
    ).all()
    views = fact_views(session, [row.id for row in rows])
    items = []
    for fact_id, score in rows:
        view = views[fact_id]
        items.append(
            QueueItem(
                fact_id=fact_id,
                kind=view.kind,
                review_status=view.review_status,
                confidence=view.confidence,
                priority=round(float(score), 4),
                document_id=view.document_id,
                date=_date(view),
                label=view.label,
                summary=view.summary,
                version=view.version,
            )
        )
    return items


def _date(view: FactView) -> dt.date | None:
    span = getattr(view.record, "date", None)
    return span.start if span is not None else None
