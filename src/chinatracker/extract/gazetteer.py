"""One Aho-Corasick pass that finds every known name in a text.

Countries (names, aliases, demonyms, capitals), places (our list, ISO 3166-2 subdivisions,
large cities) and actors (names, aliases, acronyms) from the reference data go into a single
automaton over lower-cased text; matches must sit on word boundaries and start with a capital
letter (acronyms must match exactly), and overlapping matches keep the leftmost-longest. This is
the cheap pass that runs on every sentence of every document: it scans millions of words a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from chinatracker.reference import Reference
from chinatracker.reference.actors import Actor
from chinatracker.reference.names import strip_accents
from chinatracker.reference.people import people
from chinatracker.reference.places import Place

# Priority when one surface form has several meanings; higher wins.
KIND_PRIORITY = {"person": 4, "actor": 3, "country": 2, "place": 1}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})
# Subdivision and city names shorter than this are mostly noise ("Ga", "Bo").
MIN_PLACE_NAME = 4


@dataclass(frozen=True, slots=True)
class Entry:
    """One meaning of a surface form."""

    kind: str  # country | place | actor | person
    key: str  # iso3 for countries, canonical place name, or actor id
    country: str | None
    canonical: str
    case_sensitive: bool
    form: str  # the surface as written in the reference (checked for case-sensitive entries)
    detail: str  # alias kind (demonym, capital...), place type, or actor type
    trust: int  # 3 curated, 2 ISO subdivision, 1 city


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]

    @property
    def best(self) -> Entry:
        return max(self.entries, key=lambda e: (KIND_PRIORITY[e.kind], e.trust))

    def first(self, kind: str) -> Entry | None:
        found = [e for e in self.entries if e.kind == kind]
        return max(found, key=lambda e: e.trust) if found else None


class Gazetteer:
    """Finds reference names in text; build once per process (see `gazetteer()`)."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self._entries: dict[str, list[Entry]] = {}
        self._add_countries(reference)
        self._add_places(reference)
        self._add_actors(reference)
        self._add_people()
        self._automaton = ahocorasick.Automaton()
        for key, entries in self._entries.items():
            self._automaton.add_word(key, (key, tuple(entries)))
        self._automaton.make_automaton()

    # building ---------------------------------------------------------------------------

    def _add(self, surface: str, entry: Entry) -> None:
        """Index a surface form, and its spelling without accents ("Cote d'Ivoire", "Liege")."""
        key = surface.translate(_APOSTROPHES).lower().strip()
        if len(key) < 2:
            return
        for variant in dict.fromkeys((key, strip_accents(key))):
            if len(variant) != len(key):
                continue  # offsets must match the text character for character
            bucket = self._entries.setdefault(variant, [])
            if entry not in bucket:
                bucket.append(entry)

    def _add_countries(self, reference: Reference) -> None:
        index = reference.countries
        for country in index.all():
            for label in (country.name, country.official_name):
                if label:
                    self._add(
                        label,
                        Entry(
                            "country",
                            country.iso3,
                            country.iso3,
                            country.name,
                            False,
                            label,
                            "name",
                            3,
                        ),
                    )
        for alias in index.aliases:
            if alias.ambiguous:
                continue
            owner = index.country(alias.iso3)
            assert owner is not None
            self._add(
                alias.alias,
                Entry(
                    "country",
                    alias.iso3,
                    alias.iso3,
                    owner.name,
                    alias.case_sensitive,
                    alias.alias,
                    alias.kind,
                    3,
                ),
            )

    def _add_places(self, reference: Reference) -> None:
        for place, trust in _place_tables(reference):
            if place.ambiguous or (trust < 3 and len(place.name) < MIN_PLACE_NAME):
                continue
            self._add(
                place.name,
                Entry(
                    "place",
                    place.canonical,
                    place.iso3,
                    place.canonical,
                    False,
                    place.name,
                    place.type,
                    trust,
                ),
            )

    def _add_actors(self, reference: Reference) -> None:
        for actor in reference.actors.actors:
            for label in (actor.name, *actor.aliases):
                self._add(label, _actor_entry(actor, label, case_sensitive=False))
            for acronym in actor.abbreviations:
                self._add(acronym, _actor_entry(actor, acronym, case_sensitive=True))

    def _add_people(self) -> None:
        for person in people():
            for label in (person.name, *person.aliases):
                self._add(
                    label,
                    Entry(
                        "person",
                        person.name,
                        person.country,
                        person.name,
                        False,
                        label,
                        person.role,
                        3,
                    ),
                )
            for surname in person.surnames:
                self._add(
                    surname,
                    Entry(
                        "person",
                        person.name,
                        person.country,
                        person.name,
                        True,
                        surname,
                        person.role,
                        3,
                    ),
                )

    # matching ---------------------------------------------------------------------------

    def find(self, text: str) -> list[Match]:
        """Every name in the text, leftmost-longest, as offsets into `text`."""
        lowered = _lower_same_length(text)
        candidates: list[Match] = []
        for end_index, (key, entries) in self._automaton.iter(lowered):
            start, end = end_index - len(key) + 1, end_index + 1
            if not _on_word_boundaries(lowered, start, end) or lowered[end : end + 1] == "$":
                continue  # "US$", "S$", "HK$" are currencies, not countries
            surface = text[start:end]
            kept = tuple(
                e for e in entries if _case_ok(e, surface) and not _inside_name(e, text, end)
            )
            if kept:
                candidates.append(Match(start, end, surface, kept))
        return _leftmost_longest(candidates)


def _actor_entry(actor: Actor, form: str, *, case_sensitive: bool) -> Entry:
    return Entry("actor", actor.id, actor.country, actor.name, case_sensitive, form, actor.type, 3)


def _place_tables(reference: Reference) -> list[tuple[Place, int]]:
    """Places with their trust: our curated list 3, ISO subdivisions 2, GeoNames cities 1."""
    tables = reference.places.tables
    return [
        (place, trust) for trust, table in zip((3, 2, 1), tables, strict=True) for place in table
    ]


def _lower_same_length(text: str) -> str:
    lowered = text.translate(_APOSTROPHES).lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(
        ch if len(ch.lower()) != 1 else ch.lower() for ch in text.translate(_APOSTROPHES)
    )


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


_CAPITAL = re.compile(r"^[A-Z0-9\u00C0-\u00DE]")


def _case_ok(entry: Entry, surface: str) -> bool:
    """Acronyms must match exactly; names must be written as proper nouns (capitalised)."""
    if entry.case_sensitive:
        return strip_accents(surface.translate(_APOSTROPHES)) == strip_accents(
            entry.form.translate(_APOSTROPHES)
        )
    return bool(_CAPITAL.match(surface))


_NEXT_NAME = re.compile(r" [A-Z][a-z]")


def _inside_name(entry: Entry, text: str, end: int) -> bool:
    """A GeoNames city followed by another capitalised word is part of a name ("Vladimir Putin",
    "Santa Clara"), not the city."""
    return entry.kind == "place" and entry.trust == 1 and bool(_NEXT_NAME.match(text, end))


def _leftmost_longest(matches: list[Match]) -> list[Match]:
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Match] = []
    last_end = -1
    for match in matches:
        if match.start >= last_end:
            kept.append(match)
            last_end = match.end
    return kept


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built in about a second, then reused)."""
    return Gazetteer(Reference.load())
