"""Membership of international organisations (EU, NATO, ASEAN, AU, SCO, G20, OECD) by date.

``joined`` is the first day of membership and ``left`` the last (the UK was in the EU on
31 January 2020 and out on 1 February). Suspensions (AU) are notes, not exits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from chinatracker.reference.dates import optional_date, parse_partial_date
from chinatracker.reference.resources import read_csv


@dataclass(frozen=True, slots=True)
class Membership:
    """One country's membership of one organisation."""

    organisation: str
    iso3: str
    joined: date
    joined_precision: str
    left: date | None
    note: str

    def active_on(self, on: date) -> bool:
        """True when the country was a member on that day."""
        return self.joined <= on and (self.left is None or on <= self.left)


class MembershipIndex:
    """Memberships by organisation."""

    def __init__(self, rows: list[Membership]) -> None:
        self._by_org: dict[str, list[Membership]] = defaultdict(list)
        for row in rows:
            self._by_org[row.organisation.upper()].append(row)
        self.rows: tuple[Membership, ...] = tuple(rows)

    def organisations(self) -> tuple[str, ...]:
        """The organisations we track, e.g. ("ASEAN", "AU", ...)."""
        return tuple(sorted(self._by_org))

    def is_member(self, org: str, iso3: str, on: date) -> bool:
        """Was ``iso3`` a member of ``org`` on ``on``? Unknown organisations raise KeyError."""
        rows = self._rows(org)
        return any(m.iso3 == iso3.upper() and m.active_on(on) for m in rows)

    def members(self, org: str, on: date) -> frozenset[str]:
        """ISO3 codes of all members of ``org`` on ``on``."""
        return frozenset(m.iso3 for m in self._rows(org) if m.active_on(on))

    def memberships_of(self, iso3: str) -> tuple[Membership, ...]:
        """Every membership row of one country."""
        return tuple(m for m in self.rows if m.iso3 == iso3.upper())

    def _rows(self, org: str) -> list[Membership]:
        key = org.upper()
        if key not in self._by_org:
            known = ", ".join(self.organisations())
            raise KeyError(f"unknown organisation {org!r}; known: {known}")
        return self._by_org[key]


def _membership(row: dict[str, str]) -> Membership:
    joined, precision = parse_partial_date(row["joined"])
    return Membership(
        organisation=row["organisation"],
        iso3=row["iso3"],
        joined=joined,
        joined_precision=precision,
        left=optional_date(row["left"]),
        note=row["note"],
    )


@cache
def membership_index() -> MembershipIndex:
    """Load memberships.csv once per process."""
    return MembershipIndex([_membership(r) for r in read_csv("memberships.csv")])


def is_member(org: str, iso3: str, on: date) -> bool:
    """Was ``iso3`` a member of ``org`` on ``on``?"""
    return membership_index().is_member(org, iso3, on)


def members(org: str, on: date) -> frozenset[str]:
    """All members of ``org`` on ``on``."""
    return membership_index().members(org, on)
