"""Which canonical aid records a figure counts, and where they come from.

By default a figure counts Chinese donations that were shipped or delivered to a foreign
country (the rules of the hand count in tests/gold/demo/EXPECTED.yaml): not pledges, not sales,
not aid to China, not records without a recipient country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chinatracker.resolve.records import CanonicalAid
from chinatracker.resolve.runner import ensure_resolved
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store

# Where records come from: a store (resolved first if stale), an open session (read as is),
# or records already in hand.
RecordSource = Store | Session | Sequence[CanonicalAid]


@dataclass(frozen=True)
class AidSelection:
    """Filters of an analysis; every field narrows the records counted."""

    channels: tuple[str, ...] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    modes: tuple[str, ...] = ("donation",)
    statuses: tuple[str, ...] = ("shipped", "delivered")
    donor_country: str | None = "CHN"
    foreign_only: bool = True
    with_country: bool = True
    include_unreviewed: bool = True
    min_confidence: float = 0.0
    min_quality: float = 0.0

    def accepts(self, record: CanonicalAid) -> bool:
        if self.channels is not None and record.donor_channel not in self.channels:
            return False
        if record.mode not in self.modes or record.status not in self.statuses:
            return False
        if self.donor_country is not None and record.donor_country != self.donor_country:
            return False
        if self.with_country and record.recipient_country is None:
            return False
        if self.foreign_only and record.recipient_country == record.donor_country:
            return False
        if not self.include_unreviewed and not record.reviewed:
            return False
        if record.confidence < self.min_confidence or record.quality < self.min_quality:
            return False
        return self._in_period(record)

    def _in_period(self, record: CanonicalAid) -> bool:
        if self.start is None and self.end is None:
            return True
        when = record.reference_date
        if when is None:
            return False
        return (self.start is None or when >= self.start) and (self.end is None or when <= self.end)


def load_aid(source: RecordSource) -> list[CanonicalAid]:
    """All canonical aid records of a source (resolving a store first when it is stale)."""
    if isinstance(source, Store):
        ensure_resolved(source)
        with source.reading() as session:
            return stored.load_canonical_aid(session)
    if isinstance(source, Session):
        return stored.load_canonical_aid(source)
    return list(source)


def select_aid(source: RecordSource, selection: AidSelection | None = None) -> list[CanonicalAid]:
    """The records of a source that a selection accepts."""
    chosen = selection or AidSelection()
    return [r for r in load_aid(source) if chosen.accepts(r)]
