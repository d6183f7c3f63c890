"""Partial ISO dates ("2015", "2015-11", "2015-11-25") as used in the reference tables.

Many facts are known only to the month or year. A partial date is read as the first day of
its period, and the precision travels with it so that callers can say "November 2015".
"""

from __future__ import annotations

from datetime import date

PRECISIONS = ("day", "month", "year")


def parse_partial_date(text: str) -> tuple[date, str]:
    """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD" into (first day of the period, precision)."""
    parts = text.strip().split("-")
    if len(parts) == 1:
        return date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1), "month"
    if len(parts) == 3:
        return date(int(parts[0]), int(parts[1]), int(parts[2])), "day"
    raise ValueError(f"not a partial ISO date: {text!r}")


def optional_date(text: str) -> date | None:
    """An empty cell is "no date" (still a member, never ended)."""
    return parse_partial_date(text)[0] if text.strip() else None
