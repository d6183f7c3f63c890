"""One Aho-Corasick pass that finds every known name in a text.

Countries (names, aliases, demonyms, capitals), places (our list, ISO 3166-2 subdivisions,
large cities) and actors (names, aliases, acronyms) from the reference data go into a single
automaton over lower-cased text; matches must sit on word boundaries and start with a capital
letter (acronyms must match exactly), and overlapping matches keep the leftmost-longest. This is
the cheap pass that runs on every sentence of every document: it scans millions of words a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

import ahocorasick

from chinatracker.extract.misspellings import CountryNameSpeller
from chinatracker.extract.rule_files import rule_file
from chinatracker.reference import Reference
from chinatracker.reference.actors import Actor
from chinatracker.reference.names import strip_accents
from chinatracker.reference.offices import terms
from chinatracker.reference.people import people
from chinatracker.reference.places import Place

# Priority when one surface form has several meanings; higher wins.
# Publishers only swallow the place names inside them ("The Jakarta Post"); they are dropped.
KIND_PRIORITY = {"publisher": 5, "person": 4, "actor": 3, "country": 2, "place": 1}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})
# Subdivision and city names shorter than this are mostly noise ("Ga", "Bo").
MIN_PLACE_NAME = 4
READING = rule_file("countries.yaml")
NOT_PLACES = frozenset(READING["not_places"])
PERSON_TITLES = frozenset(READING["person_titles"])


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
        # Readings of ambiguous aliases allowed only in some contexts: form -> (before, next).
        self._guards: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._add_countries(reference)
        self._add_places(reference)
        self._add_actors(reference)
        self._add_people()
        for name in READING["publishers"]:
            self._add(name, Entry("publisher", name, None, name, False, name, "publisher", 3))
        self._automaton = ahocorasick.Automaton()
        for key, entries in self._entries.items():
            self._automaton.add_word(key, (key, tuple(entries)))
        self._automaton.make_automaton()
        self.speller = CountryNameSpeller(reference.countries, frozenset(self._entries))

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
        readings = READING["read_ambiguous"]
        low, high = READING["dotted_abbreviation_length"]
        for alias in index.aliases:
            reading = readings.get(alias.alias)
            if alias.ambiguous and reading is None:
                continue
            owner = index.country(alias.iso3)
            assert owner is not None
            forms = [(alias.alias, alias.case_sensitive)]
            dotted = alias.kind == "abbreviation" and alias.alias.isupper()
            if dotted and low <= len(alias.alias) <= high:  # "U.S.", "U.A.E."
                forms.append(("".join(ch + "." for ch in alias.alias), True))
            if alias.kind == "demonym" and _has_plural(alias.alias):  # "Filipinos", "Russians"
                forms.append((alias.alias + "s", alias.case_sensitive))
            for form, case_sensitive in forms:
                self._add(
                    form,
                    Entry(
                        "country",
                        alias.iso3,
                        alias.iso3,
                        owner.name,
                        case_sensitive,
                        form,
                        alias.kind,
                        3,
                    ),
                )
            if reading is not None:
                self._guards[alias.alias] = (
                    frozenset(reading.get("unless_before", ())),
                    frozenset(reading.get("unless_next", ())),
                )
        for form, iso3 in READING["combining"].items():
            owner = index.country(iso3)
            assert owner is not None
            self._add(form, Entry("country", iso3, iso3, owner.name, True, form, "combining", 3))

    def _add_places(self, reference: Reference) -> None:
        for place, trust in _place_tables(reference):
            if place.ambiguous or (trust < 3 and len(place.name) < MIN_PLACE_NAME):
                continue
            if trust < 3 and place.name in NOT_PLACES:
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
        """Public figures (people.csv) and office holders (office_holders.csv); an office
        holder's title and country are settled by the document's date (extract/entities.py)."""
        for term in terms():
            entry = Entry(
                "person", term.name, term.country, term.name, False, term.name, term.title, 3
            )
            for label in (term.name, *term.aliases):
                self._add(label, replace(entry, form=label))
            for surname in term.surnames:
                self._add(surname, replace(entry, case_sensitive=True, form=surname))
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
                e
                for e in entries
                if _case_ok(e, surface)
                and not _inside_name(e, text, start, end)
                and self._reading_ok(e, text, start, end)
            )
            if kept:
                candidates.append(Match(start, end, surface, kept))
        found = _leftmost_longest(candidates)
        found = self._with_misspellings(text, found)
        return [m for m in found if m.best.kind != "publisher"]

    def _reading_ok(self, entry: Entry, text: str, start: int, end: int) -> bool:
        """Context checks for readings that are only sometimes a country."""
        if entry.detail == "combining":
            return text[end : end + 1] in ("-", "\u2010", "\u2011", "\u2013")
        guard = self._guards.get(entry.form) if entry.kind == "country" else None
        if guard is None:
            return True
        before, after = _word_before(text, start), _word_after(text, end)
        if before in guard[0] or after in guard[1]:
            return False
        return not _is_name_word(before)

    def _with_misspellings(self, text: str, found: list[Match]) -> list[Match]:
        """Add misspelt country names in the gaps between matches (one pass over capitals)."""
        extra = []
        for start, end, iso3 in self.speller.find(text):
            entry = self._misspelt_entry(iso3)
            if entry is not None:
                extra.append(Match(start, end, text[start:end], (entry,)))
        if not extra:
            return found
        taken = [(m.start, m.end) for m in found]
        extra = [m for m in extra if not any(m.start < e and s < m.end for s, e in taken)]
        return sorted([*found, *extra], key=lambda m: m.start)

    def _misspelt_entry(self, iso3: str) -> Entry | None:
        country = self.reference.countries.country(iso3)
        if country is None:
            return None
        return Entry("country", iso3, iso3, country.name, False, country.name, "misspelling", 3)


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
_WORD_BEFORE = re.compile(r"([\w.'’-]+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([\w.'’-]+)")
_SAID = re.compile(
    r"[ \t]+(?:said|says|told|added|noted|explained|recalled)\b|['’]s\s+(?:wife|husband)"
)
# Words written with a capital at the start of a sentence or title; not part of a name.
_NOT_NAME_WORDS = frozenset(rule_file("lexicon.yaml")["not_names"])


def _word_before(text: str, start: int) -> str:
    match = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return match.group(1) if match else ""


def _word_after(text: str, end: int) -> str:
    match = _WORD_AFTER.match(text, end)
    return match.group(1).rstrip(".,;:") if match else ""


def _is_name_word(word: str) -> bool:
    """A capitalised word that could be a given name or a title ("Tom", "Lake", "Mr")."""
    return bool(word[:1].isupper() and word[1:2].islower()) and word not in _NOT_NAME_WORDS


def _inside_name(entry: Entry, text: str, start: int, end: int) -> bool:
    """A city or subdivision that is part of a person's name, not the place.

    A GeoNames city followed by another capitalised word ("Vladimir Putin", "Santa Clara"); a
    city or subdivision after a title ("Mr Chin", "Sen. Nelson") or a given name ("Bill
    Nelson", "Lina Alexandra"), or followed by "said" ("Rivera said").
    """
    if entry.kind != "place" or entry.trust == 3:
        return False
    if entry.trust == 1 and _NEXT_NAME.match(text, end):
        return True
    before = _word_before(text, start)
    if before in PERSON_TITLES or before.rstrip(".") in PERSON_TITLES:
        return True
    return _is_name_word(before) or bool(_SAID.match(text, end))


def _has_plural(demonym: str) -> bool:
    """Demonyms that also name the people in the plural ("Russians"), unlike "Chinese"."""
    return not demonym.endswith(("s", "sh", "ch", "ese", "x", "z")) and " " not in demonym


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
