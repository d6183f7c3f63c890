"""The actor registry: who gives, who receives, and who they belong to.

Chinese actors carry the donor ``channel`` the tracker reports (government, military,
subnational, soe, private, diaspora); foreign and international bodies carry the recipient
``institution_type``. ``parent`` links make "PLA Navy" roll up to the PLA and the CMC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from chinatracker.reference.countries import lookup_country
from chinatracker.reference.names import name_key
from chinatracker.reference.places import lookup_place
from chinatracker.reference.resources import read_yaml

ACTOR_TYPES = frozenset(
    {
        "armed_force",
        "ministry",
        "agency",
        "legislature",
        "party_body",
        "company",
        "foundation",
        "subnational_government",
        "embassy",
        "association",
        "international_org",
        "other",
    }
)
CHANNELS = frozenset({"government", "military", "subnational", "soe", "private", "diaspora"})
INSTITUTION_TYPES = frozenset(
    {"defense", "health", "government", "civil_society", "international_org", "other"}
)
# When an actor has no explicit institution_type, its type decides.
_DEFAULT_INSTITUTION_TYPE = {
    "armed_force": "defense",
    "ministry": "government",
    "agency": "government",
    "legislature": "government",
    "party_body": "government",
    "embassy": "government",
    "subnational_government": "government",
    "company": "other",
    "foundation": "civil_society",
    "association": "civil_society",
    "international_org": "international_org",
    "other": "other",
}


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor of the registry."""

    id: str
    name: str
    aliases: tuple[str, ...]
    abbreviations: tuple[str, ...]
    exact: tuple[str, ...]
    patterns: tuple[str, ...]
    channel: str | None
    country: str | None
    parent: str | None
    type: str
    institution_type: str
    note: str

    @property
    def is_chinese(self) -> bool:
        """Chinese actors (donors) are the ones with a donor channel."""
        return self.channel is not None


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """Where an actor was found in a text.

    ``host`` is the capitalised phrase a pattern captured after "in"/"to" ("Zimbabwe",
    "Serbia Chen Bo"); ``host_iso3`` is the country its longest resolvable prefix names
    (country, demonym, capital or place), so "the Chinese embassy in Harare" gives ZWE.
    """

    actor: Actor
    start: int
    end: int
    host: str | None
    host_iso3: str | None = None


def _phrase_regex(phrases: tuple[str, ...], *, ignore_case: bool) -> re.Pattern[str] | None:
    """One regex for a list of literal phrases, tolerant of spacing, hyphens and dots."""
    if not phrases:
        return None
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        escaped = re.escape(phrase)
        escaped = escaped.replace(r"\-", r"[\s\-]?").replace(r"\ ", r"[\s\-]+")
        escaped = escaped.replace(r"\.", r"\.?").replace("'", "['\u2019]?")
        parts.append(escaped)
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", flags)


class _ActorMatcher:
    """The compiled search forms of one actor."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.regexes: list[re.Pattern[str]] = []
        for regex in (
            _phrase_regex((actor.name, *actor.aliases), ignore_case=True),
            _phrase_regex(actor.abbreviations, ignore_case=False),
        ):
            if regex is not None:
                self.regexes.append(regex)
        self.regexes.extend(re.compile(p, re.IGNORECASE) for p in actor.patterns)

    def best(self, text: str) -> ActorMatch | None:
        """The longest match of this actor in ``text``."""
        best: ActorMatch | None = None
        for regex in self.regexes:
            for m in regex.finditer(text):
                host = m.groupdict().get("host")
                if best is None or (m.end() - m.start()) > (best.end - best.start):
                    best = ActorMatch(self.actor, m.start(), m.end(), host, host_country(host))
        return best


def host_country(host: str | None) -> str | None:
    """ISO3 named by the longest leading part of ``host`` that resolves to a country."""
    if not host:
        return None
    words = host.split()
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size])
        found = lookup_country(candidate)
        if found is not None:
            return found.iso3
        place = lookup_place(candidate)
        if place is not None and place.iso3 is not None:
            return place.iso3
    return None


class ActorIndex:
    """Actors by id, by name and by phrase; and generic institution phrases."""

    def __init__(self, actors: list[Actor], institution_patterns: dict[str, list[str]]) -> None:
        self._by_id = {a.id: a for a in actors}
        if len(self._by_id) != len(actors):
            raise ValueError("duplicate actor id")
        for a in actors:
            if a.parent is not None and a.parent not in self._by_id:
                raise ValueError(f"actor {a.id}: unknown parent {a.parent}")
        self.actors: tuple[Actor, ...] = tuple(actors)
        self._whole: dict[str, Actor] = {}
        self._exact: dict[str, Actor] = {}
        for a in actors:
            for label in (a.name, *a.aliases):
                self._whole.setdefault(name_key(label), a)
            for label in (*a.abbreviations, *a.exact):
                self._exact.setdefault(label, a)
        self._matchers = [_ActorMatcher(a) for a in actors]
        self._institution_phrases: list[tuple[str, re.Pattern[str], str]] = []
        for kind, phrases in institution_patterns.items():
            if kind not in INSTITUTION_TYPES:
                raise ValueError(f"unknown institution_type {kind!r} in institution_patterns")
            for phrase in phrases:
                key = name_key(phrase)
                self._institution_phrases.append(
                    (key, re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)"), kind)
                )

    @property
    def institution_phrases(self) -> tuple[tuple[str, str], ...]:
        """(normalised phrase, institution type) of the generic institution patterns."""
        return tuple((phrase, kind) for phrase, _, kind in self._institution_phrases)

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        return self._by_id.get(actor_id)

    def match_actor(self, text: str) -> ActorMatch | None:
        """Find the actor a phrase names.

        The whole text is tried first (names and aliases ignoring case; exact acronyms such
        as "MFA" with case); then the longest alias, acronym or pattern found inside it.
        """
        stripped = text.strip()
        whole = self._exact.get(stripped) or self._whole.get(name_key(stripped))
        if whole is not None:
            return ActorMatch(whole, 0, len(text), None)
        best: ActorMatch | None = None
        for matcher in self._matchers:
            found = matcher.best(text)
            if found and (best is None or (found.end - found.start) > (best.end - best.start)):
                best = found
        return best

    def lookup_actor(self, text: str) -> Actor | None:
        """The actor a phrase names, or None."""
        found = self.match_actor(text)
        return found.actor if found else None

    def ancestors(self, actor_id: str) -> tuple[str, ...]:
        """Ids of the parent chain, nearest first: ancestors("plan") == ("pla", "cmc")."""
        chain: list[str] = []
        current = self._by_id.get(actor_id)
        if current is None:
            raise KeyError(f"unknown actor {actor_id!r}")
        while current.parent is not None:
            if current.parent in chain:
                raise ValueError(f"parent cycle at {current.parent}")
            chain.append(current.parent)
            current = self._by_id[current.parent]
        return tuple(chain)

    def channel_of(self, actor_id: str) -> str | None:
        """The donor channel of an actor, inherited from its parents when not set."""
        for candidate in (actor_id, *self.ancestors(actor_id)):
            channel = self._by_id[candidate].channel
            if channel is not None:
                return channel
        return None

    def institution_type_for(self, text: str) -> str | None:
        """Type a recipient phrase ("Zimbabwe Defence Forces", "Serbia's health ministry").

        A registry actor decides first; otherwise the longest generic phrase of
        ``institution_patterns`` found in the text. Pass the recipient phrase, not a
        whole sentence (a sentence usually names the donor too).
        """
        found = self.match_actor(text)
        if found is not None:
            return found.actor.institution_type
        key = name_key(text)
        best: tuple[int, str] | None = None
        for phrase, regex, kind in self._institution_phrases:
            if (best is None or len(phrase) > best[0]) and regex.search(key):
                best = (len(phrase), kind)
        return best[1] if best else None


def _strings(entry: dict[str, Any], field: str) -> tuple[str, ...]:
    value = entry.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"actor {entry.get('id')}: {field} must be a list of strings")
    return tuple(value)


def _actor(entry: dict[str, Any]) -> Actor:
    actor_type = entry["type"]
    if actor_type not in ACTOR_TYPES:
        raise ValueError(f"actor {entry['id']}: unknown type {actor_type!r}")
    channel = entry.get("channel")
    if channel is not None and channel not in CHANNELS:
        raise ValueError(f"actor {entry['id']}: unknown channel {channel!r}")
    institution_type = entry.get("institution_type") or _DEFAULT_INSTITUTION_TYPE[actor_type]
    if institution_type not in INSTITUTION_TYPES:
        raise ValueError(f"actor {entry['id']}: unknown institution_type {institution_type!r}")
    return Actor(
        id=entry["id"],
        name=entry["name"],
        aliases=_strings(entry, "aliases"),
        abbreviations=_strings(entry, "abbreviations"),
        exact=_strings(entry, "exact"),
        patterns=_strings(entry, "patterns"),
        channel=channel,
        country=entry.get("country") or None,
        parent=entry.get("parent") or None,
        type=actor_type,
        institution_type=institution_type,
        note=entry.get("note") or "",
    )


@cache
def actor_index() -> ActorIndex:
    """Load actors.yaml once per process."""
    data = read_yaml("actors.yaml")
    return ActorIndex([_actor(e) for e in data["actors"]], data.get("institution_patterns") or {})


def lookup_actor(text: str) -> Actor | None:
    """The registry actor a phrase names."""
    return actor_index().lookup_actor(text)


def ancestors(actor_id: str) -> tuple[str, ...]:
    """Parent chain of an actor, nearest first."""
    return actor_index().ancestors(actor_id)


def institution_type_for(text: str) -> str | None:
    """institution_type (vocabularies.yaml) of a recipient phrase, or None."""
    return actor_index().institution_type_for(text)
