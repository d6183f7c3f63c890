"""Who held which office when (`data/office_holders.csv`), so that a person named only by title
and name ("President Tinubu", "Wei Fenghe") resolves to the country whose office they held on
the document's date.

Heads of state and government, foreign and defence ministers and armed-forces chiefs of China,
its neighbours and the countries of our corpora, 2015-2025 (sources in SOURCES.md). A person
with several terms has one row per term; an open term has no end date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from chinatracker.reference.resources import read_csv

OFFICES = frozenset(
    {
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "defence_minister",
        "armed_forces_chief",
    }
)


@dataclass(frozen=True, slots=True)
class Term:
    """One person's term in one office."""

    name: str
    aliases: tuple[str, ...]
    surnames: tuple[str, ...]  # written alone in news; matched case-sensitively
    country: str
    office: str
    title: str
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _term(row: dict[str, str]) -> Term:
    if row["office"] not in OFFICES:
        raise ValueError(f"office_holders.csv: {row['name']}: unknown office {row['office']!r}")
    return Term(
        name=row["name"],
        aliases=_split(row["aliases"]),
        surnames=_split(row["surnames"]),
        country=row["country"],
        office=row["office"],
        title=row["title"],
        start=dt.date.fromisoformat(row["start"]),
        end=dt.date.fromisoformat(row["end"]) if row["end"] else None,
    )


@cache
def terms() -> tuple[Term, ...]:
    """Every term of the table, in file order."""
    return tuple(_term(row) for row in read_csv("office_holders.csv"))


@cache
def _by_name() -> dict[str, tuple[Term, ...]]:
    found: dict[str, list[Term]] = {}
    for term in terms():
        found.setdefault(term.name, []).append(term)
    return {name: tuple(sorted(ts, key=lambda t: t.start)) for name, ts in found.items()}


def term_at(name: str, day: dt.date | None) -> tuple[Term, bool] | None:
    """The term `name` held on `day`, and whether it was current then.

    Without a date, or when no term covers it, the latest term that began before the day (a
    former holder: "former President Duterte") and, failing that, the first term.
    """
    held = _by_name().get(name)
    if not held:
        return None
    if day is None:
        return held[-1], False
    current = [t for t in held if t.covers(day)]
    if current:
        return current[0], True
    earlier = [t for t in held if t.start <= day]
    return (earlier[-1] if earlier else held[0]), False
