"""Figures: every number an issue prints in its focus section, with the records behind it.

A `Figure` says what it measures over which canonical records, so anyone can recompute it
from the database: `records` counts them, `countries` counts their distinct (foreign)
countries, `documents` their distinct source documents, `share_records` and
`share_countries` divide the measure over `record_ids` by the same measure over
`denominator_ids`, and `sum:<item>` adds up one item's quantities. The issue links each
number to its list of records, and writes them all to `report-figures.json`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from chinatracker.resolve.records import CanonicalAid, CanonicalEvent

Kind = Literal["aid", "event"]
CHINA = "CHN"
_ID = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _ID.sub("-", text.lower()).strip("-")


def countries_of(record: CanonicalAid | CanonicalEvent) -> set[str]:
    """Recipient country of an aid record; foreign countries of an event."""
    if isinstance(record, CanonicalAid):
        return {record.recipient_country} if record.recipient_country else set()
    return {c for c in record.countries if c != CHINA}


def measure(measure: str, records: Sequence[CanonicalAid | CanonicalEvent]) -> float:
    """The measure of a figure over records (see the module docstring)."""
    if measure == "records":
        return len(records)
    if measure == "countries":
        return len(set().union(*(countries_of(r) for r in records)) if records else set())
    if measure == "documents":
        return len({d for r in records for d in r.document_ids})
    if measure.startswith("sum:"):
        item = measure[4:]
        return sum(r.quantities.get(item, 0.0) for r in records if isinstance(r, CanonicalAid))
    raise ValueError(f"unknown measure {measure!r}")


def format_count(value: float) -> str:
    return f"{value:,.0f}"


# A share of fewer than this many records (or countries) prints as "2 of 3", not "67%": a
# percentage over a handful of records reads as a finding it is not.
MIN_SHARE_BASE = 5


def format_share(value: float | None, part: float | None = None, whole: float | None = None) -> str:
    if value is None:
        return "–"
    if part is not None and whole is not None and whole < MIN_SHARE_BASE:
        return f"{part:,.0f} of {whole:,.0f}"
    return f"{value:.0%}"


@dataclass(frozen=True)
class Figure:
    """One printed number and how to recompute it."""

    id: str
    label: str
    value: float | None
    display: str
    measure: str
    kind: Kind
    record_ids: tuple[str, ...]
    denominator_ids: tuple[str, ...] = ()
    part: float | None = None
    whole: float | None = None

    @property
    def anchor(self) -> str:
        return f"fig-{self.id}"

    @property
    def is_share(self) -> bool:
        return self.measure.startswith("share_")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "anchor": self.anchor,
            "label": self.label,
            "value": self.value,
            "display": self.display,
            "measure": self.measure,
            "kind": self.kind,
            "record_ids": list(self.record_ids),
            "denominator_ids": list(self.denominator_ids),
            "part": self.part,
            "whole": self.whole,
        }


class FigureBook:
    """The figures of one issue, by id, in the order they were first printed."""

    def __init__(self) -> None:
        self._figures: dict[str, Figure] = {}

    def _add(self, figure: Figure) -> Figure:
        if figure.id in self._figures:
            raise ValueError(f"two figures share the id {figure.id!r}")
        self._figures[figure.id] = figure
        return figure

    def count(
        self,
        id: str,
        label: str,
        records: Sequence[CanonicalAid | CanonicalEvent],
        *,
        measure_name: str = "records",
    ) -> Figure:
        """A count (records, countries, documents) or sum (`sum:<item>`) over records."""
        kind: Kind = "event" if records and isinstance(records[0], CanonicalEvent) else "aid"
        value = measure(measure_name, records)
        return self._add(
            Figure(
                id=slug(id),
                label=label,
                value=value,
                display=format_count(value),
                measure=measure_name,
                kind=kind,
                record_ids=tuple(sorted(r.id for r in records)),
            )
        )

    def share(
        self,
        id: str,
        label: str,
        part: Sequence[CanonicalAid | CanonicalEvent],
        whole: Sequence[CanonicalAid | CanonicalEvent],
        *,
        of: Literal["records", "countries"] = "countries",
        kind: Kind = "aid",
    ) -> Figure:
        """The share of `whole` (by records or countries) that `part` makes up."""
        numerator, denominator = measure(of, part), measure(of, whole)
        value = numerator / denominator if denominator else None
        return self._add(
            Figure(
                id=slug(id),
                label=label,
                value=value,
                display=format_share(value, numerator, denominator),
                measure=f"share_{of}",
                kind=kind,
                record_ids=tuple(sorted(r.id for r in part)),
                denominator_ids=tuple(sorted(r.id for r in whole)),
                part=numerator,
                whole=denominator,
            )
        )

    def get(self, id: str) -> Figure:
        return self._figures[slug(id)]

    def __iter__(self) -> Iterator[Figure]:
        return iter(self._figures.values())

    def __len__(self) -> int:
        return len(self._figures)

    def as_dict(self) -> dict[str, Any]:
        return {f.id: f.as_dict() for f in self}
