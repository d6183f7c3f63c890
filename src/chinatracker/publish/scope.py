"""Which canonical records a tracker issue is built from: the period and the inclusion rule.

By default an issue prints only records an analyst has reviewed (a member fact accepted or
corrected) or that the extractor is confident about (`confidence >= min_confidence`), so a
published figure never rests on a guess nobody checked. `include_unreviewed` prints every
record resolve kept (rejected facts never reach canonical records). The issue says which rule
it used and how many records it left out.

`DEFAULT_MIN_CONFIDENCE` is 0.65: an event the extractor found on at least one strong cue
(its confidence is 0.45 + 0.2 × cue score), an aid delivery with an explicit donor and a
recipient (0.4 + 0.2 donor + 0.05 recipient at least). Facts below it are the extractor's
weakest guesses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chinatracker.analysis import AidSelection
from chinatracker.resolve.records import CanonicalAid, CanonicalEvent

DEFAULT_MIN_CONFIDENCE = 0.65

Canonical = CanonicalAid | CanonicalEvent


@dataclass(frozen=True)
class Scope:
    """The period of an issue and the records it may print."""

    start: dt.date
    end: dt.date
    include_unreviewed: bool = False
    min_confidence: float = DEFAULT_MIN_CONFIDENCE

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    def in_period(self, record: Canonical) -> bool:
        when = record.reference_date
        return when is not None and self.start <= when <= self.end

    def trusted(self, record: Canonical) -> bool:
        """Reviewed, or confident enough (or everything, with `include_unreviewed`)."""
        return (
            self.include_unreviewed or record.reviewed or record.confidence >= self.min_confidence
        )

    def accepts(self, record: Canonical) -> bool:
        return self.in_period(record) and self.trusted(record)

    def aid_selection(self) -> AidSelection:
        """The analysis selection of this period; trust is applied by `accepts` on top of it."""
        return AidSelection(start=self.start, end=self.end)

    @property
    def rule(self) -> str:
        """The inclusion rule in words, as the issue prints it."""
        if self.include_unreviewed:
            return "all records, reviewed or not (--include-unreviewed)"
        return (
            "records an analyst reviewed, or with extraction confidence of at least "
            f"{self.min_confidence:.2f}"
        )


@dataclass(frozen=True)
class Selected:
    """What a scope kept of a list of records, and how many in the period it left out."""

    events: tuple[CanonicalEvent, ...]
    aid: tuple[CanonicalAid, ...]
    events_left_out: int
    aid_left_out: int


def select(
    scope: Scope, events: list[CanonicalEvent], aid: list[CanonicalAid], selection: AidSelection
) -> Selected:
    """The events and aid records an issue prints (aid also passes the analysis selection)."""
    period_events = [e for e in events if scope.in_period(e)]
    period_aid = [a for a in aid if selection.accepts(a)]
    kept_events = tuple(e for e in period_events if scope.trusted(e))
    kept_aid = tuple(a for a in period_aid if scope.trusted(a))
    return Selected(
        events=kept_events,
        aid=kept_aid,
        events_left_out=len(period_events) - len(kept_events),
        aid_left_out=len(period_aid) - len(kept_aid),
    )
