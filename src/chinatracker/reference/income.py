"""World Bank income groups, answered for a date.

The World Bank reclassifies every 1 July, so "the income group in 2020" depends on the day:
FY2020 runs 2019-07-01..2020-06-30 and FY2021 2020-07-01..2021-06-30. Each row of
income_groups.csv carries its validity window.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from chinatracker.reference.resources import read_csv

INCOME_GROUPS = ("low", "lower_middle", "upper_middle", "high")


@dataclass(frozen=True, slots=True)
class IncomeClassification:
    """One economy's group in one World Bank fiscal-year classification."""

    iso3: str
    classification: str
    valid_from: date
    valid_to: date
    group: str
    note: str


class IncomeIndex:
    """Income classifications by country, searchable by date."""

    def __init__(self, rows: list[IncomeClassification]) -> None:
        self._by_iso3: dict[str, list[IncomeClassification]] = defaultdict(list)
        for row in rows:
            if row.group not in INCOME_GROUPS:
                raise ValueError(f"unknown income group {row.group!r} for {row.iso3}")
            self._by_iso3[row.iso3].append(row)
        self.rows: tuple[IncomeClassification, ...] = tuple(rows)

    def classification(self, iso3: str, on: date) -> IncomeClassification | None:
        """The classification in force for ``iso3`` on ``on``; None outside our coverage."""
        for row in self._by_iso3.get(iso3.upper(), []):
            if row.valid_from <= on <= row.valid_to:
                return row
        return None

    def income_group(self, iso3: str, on: date) -> str | None:
        """low | lower_middle | upper_middle | high, or None when unknown for that date."""
        row = self.classification(iso3, on)
        return row.group if row else None


@cache
def income_index() -> IncomeIndex:
    """Load income_groups.csv once per process."""
    rows = [
        IncomeClassification(
            iso3=r["iso3"],
            classification=r["classification"],
            valid_from=date.fromisoformat(r["valid_from"]),
            valid_to=date.fromisoformat(r["valid_to"]),
            group=r["group"],
            note=r["note"],
        )
        for r in read_csv("income_groups.csv")
    ]
    return IncomeIndex(rows)


def income_group(iso3: str, on: date) -> str | None:
    """The World Bank income group of ``iso3`` in force on ``on``."""
    return income_index().income_group(iso3, on)
