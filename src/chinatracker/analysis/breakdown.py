"""Counts and sums of canonical aid records by one or more dimensions; top lists; time series.

Every row carries the ids of the canonical records behind it, so any number can be traced
(`analysis.trace`). Quantities are summed per item and values per currency over the records
that give one; a record of a multi-country batch has no per-country quantity (docs/resolve.md),
so sums are lower bounds, never double counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Literal

from chinatracker.analysis.dimensions import UNKNOWN, get_dimension
from chinatracker.analysis.selection import AidSelection, RecordSource, select_aid
from chinatracker.errors import ConfigError
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalAid

SortBy = Literal["key", "records", "countries", "documents"]
FREQUENCIES = ("month", "week", "year")


@dataclass(frozen=True)
class BreakdownRow:
    """One cell of a breakdown: the keys, what was counted, and the records behind it."""

    dimensions: tuple[str, ...]
    key: tuple[str, ...]
    records: int
    countries: int
    documents: int
    quantities: dict[str, float] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)
    record_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A flat row for tables, CSV and DataFrames."""
        row: dict[str, Any] = dict(zip(self.dimensions, self.key, strict=True))
        row.update(records=self.records, countries=self.countries, documents=self.documents)
        row.update({f"quantity_{k}": v for k, v in sorted(self.quantities.items())})
        row.update({f"value_{k}": v for k, v in sorted(self.values.items())})
        row["record_ids"] = " ".join(self.record_ids)
        return row


def _row(
    dimensions: tuple[str, ...], key: tuple[str, ...], records: Sequence[CanonicalAid]
) -> BreakdownRow:
    quantities: dict[str, float] = defaultdict(float)
    values: dict[str, float] = defaultdict(float)
    for record in records:
        for item, amount in record.quantities.items():
            quantities[item] += amount
        if record.value_amount is not None and record.value_currency:
            values[record.value_currency] += record.value_amount
    return BreakdownRow(
        dimensions=dimensions,
        key=key,
        records=len(records),
        countries=len({r.recipient_country for r in records if r.recipient_country}),
        documents=len({d for r in records for d in r.document_ids}),
        quantities=dict(quantities),
        values=dict(values),
        record_ids=tuple(sorted(r.id for r in records)),
    )


def breakdown(
    source: RecordSource,
    *dimensions: str,
    selection: AidSelection | None = None,
    reference: Reference | None = None,
    sort: SortBy = "key",
) -> list[BreakdownRow]:
    """Records grouped by the given dimensions (a record may count under several items).

    `breakdown(store, "channel", "region")` gives one row per channel and UN region.
    """
    if not dimensions:
        raise ValueError("breakdown needs at least one dimension")
    reference = reference or Reference.load()
    functions = [get_dimension(d) for d in dimensions]
    groups: dict[tuple[str, ...], list[CanonicalAid]] = defaultdict(list)
    for record in select_aid(source, selection):
        for key in product(*(f(record, reference) for f in functions)):
            groups[key].append(record)
    rows = [_row(tuple(dimensions), key, records) for key, records in groups.items()]
    return sort_rows(rows, sort)


def sort_rows(rows: list[BreakdownRow], by: SortBy) -> list[BreakdownRow]:
    """Keys in order ("unknown" last), or the largest counts first."""

    def by_key(row: BreakdownRow) -> tuple[tuple[bool, str], ...]:
        return tuple((k == UNKNOWN, k) for k in row.key)

    rows = sorted(rows, key=by_key)
    if by == "key":
        return rows
    return sorted(rows, key=lambda r: -int(getattr(r, by)))


def top(
    source: RecordSource,
    dimension: str,
    n: int = 10,
    *,
    by: SortBy = "records",
    selection: AidSelection | None = None,
    reference: Reference | None = None,
) -> list[BreakdownRow]:
    """The `n` largest rows of a one-dimension breakdown."""
    rows = breakdown(source, dimension, selection=selection, reference=reference, sort=by)
    return rows[:n]


def time_series(
    source: RecordSource,
    freq: str = "month",
    *,
    by: str | None = None,
    selection: AidSelection | None = None,
    reference: Reference | None = None,
) -> list[BreakdownRow]:
    """Counts per period (optionally per `by` too), with empty periods filled with zeros.

    `freq` is "month", "week" or "year".
    """
    if freq not in FREQUENCIES:
        raise ConfigError(f"unknown period {freq!r}; choose one of: {', '.join(FREQUENCIES)}")
    dimensions = (freq, by) if by else (freq,)
    rows = breakdown(source, *dimensions, selection=selection, reference=reference)
    periods = sorted({r.key[0] for r in rows if r.key[0] != UNKNOWN})
    if not periods:
        return rows
    full = _period_range(periods[0], periods[-1], freq)
    seconds = sorted({r.key[1] for r in rows}) if by else [None]
    present = {r.key: r for r in rows}
    filled = []
    for period in [*full, *([UNKNOWN] if any(r.key[0] == UNKNOWN for r in rows) else [])]:
        for second in seconds:
            key = (period, second) if second is not None else (period,)
            filled.append(present.get(key) or BreakdownRow(dimensions, key, 0, 0, 0))
    return filled


def _period_range(first: str, last: str, freq: str) -> list[str]:
    if freq == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    if freq == "month":
        year, month = (int(p) for p in first.split("-"))
        periods = []
        while f"{year}-{month:02d}" <= last:
            periods.append(f"{year}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return periods
    day = dt.date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
    end = dt.date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
    periods = []
    while day <= end:
        year, week, _ = day.isocalendar()
        periods.append(f"{year}-W{week:02d}")
        day += dt.timedelta(days=7)
    return periods
