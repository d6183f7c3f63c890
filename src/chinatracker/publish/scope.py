"""Which canonical records a tracker issue is built from: the period and the inclusion rule.

By default an issue prints only records an analyst has reviewed (a member fact accepted or
corrected) or that the extractor is confident about (`confidence >= min_confidence`), so a
published figure never rests on a guess nobody checked. `include_unreviewed` prints every
record resolve kept (rejected facts never reach canonical records). The issue says which rule
it used and how many records it left out.

Events and aid deliveries have their own thresholds. An event's confidence is a calibrated
probability that it is a current event of its category (the learned extractor,
docs/extraction.md), so `DEFAULT_MIN_EVENT_CONFIDENCE` 0.5 prints the events more likely right
than wrong. An aid delivery's confidence is, with the learned engines, the aid decision's
calibrated probability that it is China's aid (`extract/learned/aid.py`), and
`DEFAULT_MIN_CONFIDENCE` 0.5 likewise prints the deliveries more likely right than wrong. (With
`--extractor rules` it is the frame's score, 0.4 + 0.2 for a donor + 0.05 for a recipient at
least, so 0.5 still asks for a named donor.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chinatracker.analysis import AidSelection
from chinatracker.resolve.records import CanonicalAid, CanonicalEvent

DEFAULT_MIN_CONFIDENCE = 0.5
DEFAULT_MIN_EVENT_CONFIDENCE = 0.5

Canonical = CanonicalAid | CanonicalEvent


@dataclass(frozen=True)
class Scope:
    """The period of an issue and the records it may print."""

    start: dt.date
    end: dt.date
    include_unreviewed: bool = False
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    min_event_confidence: float = DEFAULT_MIN_EVENT_CONFIDENCE

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    def in_period(self, record: Canonical) -> bool:
        when = record.reference_date
        return when is not None and self.start <= when <= self.end

    def trusted(self, record: Canonical) -> bool:
        """Reviewed, or confident enough (or everything, with `include_unreviewed`)."""
        least = (
            self.min_event_confidence if isinstance(record, CanonicalEvent) else self.min_confidence
        )
        return self.include_unreviewed or record.reviewed or record.confidence >= least

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
            "records an analyst reviewed, or events with a calibrated confidence of at least "
            f"{self.min_event_confidence:.2f} and aid records with an extraction confidence of "
            f"at least {self.min_confidence:.2f}"
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
