"""Public figures news names often, with their nationality and office (`data/people.csv`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from chinatracker.reference.resources import read_csv


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    surnames: tuple[str, ...]  # written alone in news ("Xi", "Putin"); matched case-sensitively
    country: str | None
    role: str


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@cache
def people() -> tuple[Person, ...]:
    return tuple(
        Person(
            name=row["name"],
            aliases=_split(row["aliases"]),
            surnames=_split(row["case_sensitive_aliases"]),
            country=row["country"] or None,
            role=row["role"],
        )
        for row in read_csv("people.csv")
    )
