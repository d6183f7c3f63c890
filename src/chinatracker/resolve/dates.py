"""Date spans as day intervals, for comparing reports of the same delivery or event.

A month-precise date ("in June") covers the whole month and a year-precise one the whole year,
so "June" is compatible with "4 June" (gap 0) but not more precise than it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from chinatracker.records import DateSpan


@dataclass(frozen=True, order=True)
class Interval:
    """Closed interval of days."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def gap(self, other: Interval) -> int:
        """Days between the two intervals; 0 when they overlap or touch."""
        later_start = max(self.start, other.start)
        earlier_end = min(self.end, other.end)
        return max(0, (later_start - earlier_end).days)

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end


def interval(span: DateSpan | None) -> Interval | None:
    """The days a date span may mean, widened to its precision."""
    if span is None:
        return None
    start = span.start
    end = span.end or span.start
    if span.precision == "month":
        start = start.replace(day=1)
        end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    elif span.precision == "year":
        start = start.replace(month=1, day=1)
        end = end.replace(month=12, day=31)
    if end < start:
        start, end = end, start
    return Interval(start, end)


def span_text(span: DateSpan | None) -> str:
    """A short, stable rendering: 2020-06-04, 2020-06-02..2020-06-05, 2020-06, 2020."""
    if span is None:
        return "undated"
    if span.precision == "year":
        return f"{span.start.year}"
    if span.precision == "month":
        first = f"{span.start.year}-{span.start.month:02d}"
        if span.end and (span.end.year, span.end.month) != (span.start.year, span.start.month):
            return f"{first}..{span.end.year}-{span.end.month:02d}"
        return first
    if span.end and span.end != span.start:
        return f"{span.start.isoformat()}..{span.end.isoformat()}"
    return span.start.isoformat()
