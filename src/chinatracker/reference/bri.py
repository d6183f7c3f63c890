"""Belt and Road Initiative memoranda of understanding: who signed when, and who left.

Signing dates are often known only to the month or year; such a date counts from the first
day of its period (a "2018" signatory is a member on 2018-01-01). ``ended`` is the day a
withdrawal took effect or was notified; the country is a member up to and including it.
Countries that never signed (India, Japan, the US, Germany, France...) have no row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from chinatracker.reference.dates import PRECISIONS, parse_partial_date
from chinatracker.reference.resources import read_csv

BRI_STATUSES = ("active", "lapsed", "withdrawn", "disputed")
CONFIDENCE = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class BriMou:
    """One country's BRI MoU."""

    iso3: str
    signed: date
    precision: str
    status: str
    ended: date | None
    ended_precision: str
    confidence: str
    note: str
    source: str

    def active_on(self, on: date) -> bool:
        """True when the MoU was in force (by our date convention) on that day."""
        return self.signed <= on and (self.ended is None or on <= self.ended)


def _mou(row: dict[str, str]) -> BriMou:
    signed, precision = parse_partial_date(row["signed"])
    if precision != row["precision"]:
        raise ValueError(f"{row['iso3']}: precision {row['precision']!r} != {row['signed']!r}")
    ended, ended_precision = parse_partial_date(row["ended"]) if row["ended"] else (None, "")
    if row["status"] not in BRI_STATUSES or row["confidence"] not in CONFIDENCE:
        raise ValueError(f"{row['iso3']}: bad status or confidence")
    if ended_precision and ended_precision not in PRECISIONS:
        raise ValueError(f"{row['iso3']}: bad ended precision")
    return BriMou(
        iso3=row["iso3"],
        signed=signed,
        precision=precision,
        status=row["status"],
        ended=ended,
        ended_precision=ended_precision,
        confidence=row["confidence"],
        note=row["note"],
        source=row["source"],
    )


class BriIndex:
    """BRI MoUs by country."""

    def __init__(self, rows: list[BriMou]) -> None:
        self._by_iso3 = {row.iso3: row for row in rows}
        if len(self._by_iso3) != len(rows):
            raise ValueError("a country has two BRI rows")
        self.rows: tuple[BriMou, ...] = tuple(rows)

    def record(self, iso3: str) -> BriMou | None:
        """The MoU row of ``iso3``, or None if it never signed."""
        return self._by_iso3.get(iso3.upper())

    def bri_member(self, iso3: str, on: date) -> bool:
        """Had ``iso3`` signed (and not yet left) by ``on``?"""
        row = self.record(iso3)
        return row is not None and row.active_on(on)

    def bri_signed(self, iso3: str) -> date | None:
        """Signing date (first day of its period when only month/year is known)."""
        row = self.record(iso3)
        return row.signed if row else None

    def bri_status(self, iso3: str) -> str | None:
        """active | lapsed | withdrawn | disputed, or None if it never signed."""
        row = self.record(iso3)
        return row.status if row else None

    def members(self, on: date) -> frozenset[str]:
        """All countries with an MoU in force on ``on``."""
        return frozenset(row.iso3 for row in self.rows if row.active_on(on))


@cache
def bri_index() -> BriIndex:
    """Load bri_mous.csv once per process."""
    return BriIndex([_mou(r) for r in read_csv("bri_mous.csv")])


def bri_member(iso3: str, on: date) -> bool:
    """Was ``iso3`` a BRI MoU signatory on ``on``?"""
    return bri_index().bri_member(iso3, on)


def bri_signed(iso3: str) -> date | None:
    """When ``iso3`` signed its BRI MoU, if it did."""
    return bri_index().bri_signed(iso3)


def bri_status(iso3: str) -> str | None:
    """The MoU's status today (active, withdrawn, ...)."""
    return bri_index().bri_status(iso3)
