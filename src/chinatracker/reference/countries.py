"""Countries and territories (ISO 3166-1) and the names news uses for them.

Countries are keyed by ISO 3166-1 alpha-3 everywhere in the tracker. Text is resolved
to a country through the short name, the ISO official name and ``country_aliases.csv``
(short forms, former names, demonyms, capitals used as metonyms).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from chinatracker.reference.names import name_key
from chinatracker.reference.resources import read_csv

ALIAS_KINDS = frozenset(
    {"name", "short", "official", "former", "abbreviation", "demonym", "capital", "metonym"}
)


@dataclass(frozen=True, slots=True)
class Country:
    """One ISO 3166-1 country or territory (plus Kosovo, XKX)."""

    iso2: str
    iso3: str
    numeric: str
    name: str
    official_name: str
    un_region: str
    un_subregion: str
    intermediate_region: str
    capital: str
    developing: bool | None
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class CountryAlias:
    """A name that refers to a country; ``ambiguous`` aliases also mean something else."""

    iso3: str
    alias: str
    kind: str
    ambiguous: bool
    case_sensitive: bool
    note: str


def parse_bool(value: str) -> bool | None:
    """Read "true"/"false" cells; an empty cell is unknown (None)."""
    value = value.strip().lower()
    if not value:
        return None
    if value in ("true", "yes", "1"):
        return True
    if value in ("false", "no", "0"):
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _country(row: dict[str, str]) -> Country:
    return Country(
        iso2=row["iso2"],
        iso3=row["iso3"],
        numeric=row["numeric"],
        name=row["name"],
        official_name=row["official_name"],
        un_region=row["un_region"],
        un_subregion=row["un_subregion"],
        intermediate_region=row["intermediate_region"],
        capital=row["capital"],
        developing=parse_bool(row["developing"]),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
    )


def _alias(row: dict[str, str]) -> CountryAlias:
    kind = row["kind"]
    if kind not in ALIAS_KINDS:
        raise ValueError(f"unknown alias kind {kind!r} for {row['alias']!r}")
    return CountryAlias(
        iso3=row["iso3"],
        alias=row["alias"],
        kind=kind,
        ambiguous=bool(parse_bool(row["ambiguous"])),
        case_sensitive=bool(parse_bool(row["case_sensitive"])),
        note=row["note"],
    )


class CountryIndex:
    """Countries by code and by any of their names."""

    def __init__(self, countries: list[Country], aliases: list[CountryAlias]) -> None:
        self._by_iso3 = {c.iso3: c for c in countries}
        self._by_iso2 = {c.iso2: c for c in countries}
        self.aliases: tuple[CountryAlias, ...] = tuple(aliases)
        # Primary names win over any alias: "Niger" is Niger even though it is ambiguous.
        self._primary: dict[str, str] = {}
        for c in countries:
            for label in (c.official_name, c.name):
                if label:
                    self._primary[name_key(label)] = c.iso3
        self._folded: dict[str, list[CountryAlias]] = defaultdict(list)
        self._exact: dict[str, list[CountryAlias]] = defaultdict(list)
        for a in aliases:
            if a.iso3 not in self._by_iso3:
                raise ValueError(f"alias {a.alias!r} points to unknown country {a.iso3}")
            if a.case_sensitive:
                self._exact[name_key(a.alias, casefold=False)].append(a)
            else:
                self._folded[name_key(a.alias)].append(a)

    def __iter__(self) -> Iterator[Country]:
        return iter(self._by_iso3.values())

    def __len__(self) -> int:
        return len(self._by_iso3)

    def all(self) -> tuple[Country, ...]:
        """Every country, in ISO alpha-3 order."""
        return tuple(sorted(self._by_iso3.values(), key=lambda c: c.iso3))

    def country(self, code: str) -> Country | None:
        """The country with ISO alpha-3 (or alpha-2) ``code``; None if unknown."""
        code = code.strip().upper()
        return self._by_iso3.get(code) or (self._by_iso2.get(code) if len(code) == 2 else None)

    def alias_entries(self, text: str) -> tuple[CountryAlias, ...]:
        """All alias rows that ``text`` matches (case-sensitive ones need exact case)."""
        found = self._folded.get(name_key(text), []) + self._exact.get(
            name_key(text, casefold=False), []
        )
        return tuple(found)

    def lookup_countries(self, text: str) -> tuple[Country, ...]:
        """Every country ``text`` may refer to (several for "Congo" or "Congolese")."""
        primary = self._primary.get(name_key(text))
        if primary:
            return (self._by_iso3[primary],)
        codes = dict.fromkeys(a.iso3 for a in self.alias_entries(text))
        return tuple(self._by_iso3[code] for code in codes)

    def lookup_country(self, text: str, *, allow_ambiguous: bool = True) -> Country | None:
        """The one country ``text`` names, or None.

        None when nothing matches or when the text points to several countries. With
        ``allow_ambiguous=False`` an alias flagged ambiguous ("Georgia" is also a US state,
        "Korean" may mean either Korea) is not enough on its own.
        """
        entries = self.alias_entries(text)
        primary = self._primary.get(name_key(text))
        if primary:
            if not allow_ambiguous and any(a.ambiguous for a in entries):
                return None
            return self._by_iso3[primary]
        codes = {a.iso3 for a in entries}
        if len(codes) != 1:
            return None
        if not allow_ambiguous and any(a.ambiguous for a in entries):
            return None
        return self._by_iso3[codes.pop()]

    def aliases_for(self, iso3: str) -> tuple[CountryAlias, ...]:
        """The alias rows of one country."""
        return tuple(a for a in self.aliases if a.iso3 == iso3)


@cache
def country_index() -> CountryIndex:
    """Load countries.csv and country_aliases.csv once per process."""
    countries = [_country(row) for row in read_csv("countries.csv")]
    aliases = [_alias(row) for row in read_csv("country_aliases.csv")]
    return CountryIndex(countries, aliases)


def country(iso3: str) -> Country | None:
    """The country with this ISO code, or None."""
    return country_index().country(iso3)


def lookup_country(text: str, *, allow_ambiguous: bool = True) -> Country | None:
    """Resolve a country name, alias, demonym or capital to one country."""
    return country_index().lookup_country(text, allow_ambiguous=allow_ambiguous)


def lookup_countries(text: str) -> tuple[Country, ...]:
    """All countries a name may refer to."""
    return country_index().lookup_countries(text)
