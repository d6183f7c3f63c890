"""Misspelt country names ("Phillipines", "Indoneisa"): a small edit-distance fallback.

Only capitalised words the gazetteer does not know are tried, only against country names with
the same first letter, and only within a few edits (a swap of two letters counts as one), so a
surname or a brand close to a country's name ("Malaya", "Indiana") stays out: short words allow
one edit, long ones two (`extract/data/countries.yaml`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from chinatracker.extract.rule_files import rule_file
from chinatracker.reference.countries import CountryIndex

_CAPITALISED = re.compile(r"(?<![\w'’.-])[A-Z][a-z]{4,}(?![\w'’-])")
_NAME_BEFORE = re.compile(r"([A-Z][\w'’.-]*)[ \t]+$")
# Capitalised words that open sentences; "In Phillipines" is still a country.
NOT_NAME_WORDS = frozenset(rule_file("lexicon.yaml")["not_names"])
_NAME_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), or `limit + 1` when over."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class CountryNameSpeller:
    """Finds capitalised words within a few edits of a one-word country name."""

    def __init__(self, countries: CountryIndex, known: frozenset[str]) -> None:
        settings = rule_file("countries.yaml")["misspelling"]
        self.min_length: int = settings["min_length"]
        self.max_edits: dict[int, int] = {int(k): int(v) for k, v in settings["max_edits"].items()}
        self.known = known  # every surface the gazetteer indexes (lower-cased)
        self._by_initial: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for country in countries.all():
            names = {country.name} | {
                a.alias for a in countries.aliases_for(country.iso3) if a.kind in ("name", "short")
            }
            for name in names:
                if " " not in name and len(name) >= self.min_length and name.isalpha():
                    self._by_initial[name[0]].append((name.lower(), country.iso3))
        self._cache: dict[str, str | None] = {}

    def allowed(self, length: int) -> int:
        """How many edits a word of this length may be from a name."""
        edits = 0
        for size, limit in sorted(self.max_edits.items()):
            if length >= size:
                edits = limit
        return edits

    def correct(self, word: str) -> str | None:
        """The ISO3 of the one country `word` misspells, or None."""
        if word in self._cache:
            return self._cache[word]
        lower = word.lower()
        found: set[str] = set()
        limit = self.allowed(len(word))
        if limit and lower not in self.known:
            for name, iso3 in self._by_initial.get(word[0], ()):
                if name[-1] != lower[-1] or abs(len(name) - len(lower)) > limit:
                    continue  # typos keep a word's first and last letters
                if lower.startswith(name) or name.startswith(lower):
                    continue  # "Americas", "Bulgari": another word built on the name
                if edit_distance(lower, name, limit) <= limit:
                    found.add(iso3)
        result = found.pop() if len(found) == 1 else None
        self._cache[word] = result
        return result

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, ISO3) of each misspelt country name in `text`."""
        hits = []
        for match in _CAPITALISED.finditer(text):
            iso3 = self.correct(match.group())
            if iso3 is None:
                continue
            before = _NAME_BEFORE.search(text, max(0, match.start() - 30), match.start())
            if (before and before.group(1) not in NOT_NAME_WORDS) or _NAME_AFTER.match(
                text, match.end()
            ):
                continue  # "Giorgia Meloni", "David Cameron": a person, not a country
            hits.append((match.start(), match.end(), iso3))
        return hits
