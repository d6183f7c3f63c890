"""The role each named country plays where it is named: actor, location, donor, recipient,
transit, origin, topic or affiliation (the roles of docs/annotation.md).

A bare mention is not enough for a fact: "Australian National University" names Australia, but
nothing Australian happens; "talks on Ukraine" are not held in Ukraine. Roles are read in two
steps. From the words around the mention (`with_context_roles`, in the cheap passes): inside an
institution's name is an affiliation, after "via" a transit point, after "made in" an origin,
after "talks on" a topic, after "in"/"at" a location, else an actor. From the aid frame
(`with_aid_roles`, once deliveries are known): the donor's country in the delivery's evidence is
the donor and a receiving country the recipient. Affiliations, topics and origins stay mentions
but are neither event countries nor recipients (`PASSIVE_ROLES`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import cast

from chinatracker.extract.rule_files import rule_file
from chinatracker.records import AidDelivery, CountryRole, Mention
from chinatracker.reference.countries import country_index
from chinatracker.reference.names import name_key

NOUN_KINDS = frozenset({"name", "short", "official", "former", "abbreviation"})
PASSIVE_ROLES: frozenset[str] = frozenset({"affiliation", "topic", "origin"})
_RULES = rule_file("countries.yaml")["roles"]
_HEADS = frozenset(_RULES["affiliation"]["name_heads"])


def _one(patterns: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    """One regex for a list of cue patterns (one search instead of several)."""
    patterns = list(patterns)
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags) if patterns else None


_CUE_ROLES: tuple[CountryRole, ...] = ("transit", "origin", "topic", "location")


def _named(side: str) -> re.Pattern[str]:
    """One regex over every role's cues for one side, a named group per role: the cue that
    starts first (the longest phrase, "landed in" before "in") names the role."""
    parts = [
        f"(?P<{role}>{'|'.join(f'(?:{p})' for p in _RULES[role][side])})"
        for role in _CUE_ROLES
        if _RULES[role].get(side)
    ]
    return re.compile("|".join(parts), re.IGNORECASE)


_BEFORE = _named("before")
_AFTER = _named("after")
_ACTS_AFTER = _one(_RULES["actor"]["after"], 0)
_ACTS_BEFORE = _one(_RULES["actor"]["before"])
_LOCATION_BEFORE = _one(_RULES["location"]["before"])
_CONNECTORS = frozenset({"of", "for", "and", "the", "&", "de", "on"})
_TOKEN_BEFORE = re.compile(r"([\w&.'’-]+)[ \t]+$")
_TOKEN_AFTER = re.compile(r"(?:['’]s)?[ \t]+([\w&.'’-]+)")
WINDOW = 40


def context_role(text: str, mention: Mention) -> CountryRole | None:
    """The role the words around a country, place, organisation or person mention give it."""
    if mention.country is None:
        return None
    if mention.type in ("country", "place") and _inside_institution(text, mention):
        return "affiliation"
    if mention.type == "person":
        return "actor"
    before = text[max(0, mention.start - WINDOW) : mention.start]
    after = text[mention.end : mention.end + WINDOW]
    if mention.type == "organization":  # "in Shanghai": the city, not its government
        return "location" if _found(_LOCATION_BEFORE, before) else "actor"
    for cue, window in ((_BEFORE, before), (_AFTER, after)):
        match = cue.search(window)
        if match is not None and match.lastgroup is not None:
            return cast(CountryRole, match.lastgroup)
    if mention.type == "country" and _named_as_noun(mention) and not _acts(before, after):
        return "topic"
    return "actor"


def _found(cue: re.Pattern[str] | None, text: str) -> bool:
    return cue is not None and cue.search(text) is not None


def _acts(before: str, after: str) -> bool:
    return _found(_ACTS_AFTER, after) or _found(_ACTS_BEFORE, before)


@cache
def _noun_forms() -> frozenset[str]:
    """Country names written as nouns ("Ukraine", "the US"), not demonyms or capitals."""
    index = country_index()
    forms = {c.name for c in index.all()} | {c.official_name for c in index.all()}
    forms |= {a.alias for a in index.aliases if a.kind in NOUN_KINDS}  # "U.S." keys as "US"
    return frozenset(name_key(f) for f in forms)


def _named_as_noun(mention: Mention) -> bool:
    return _is_noun_form(mention.text)


@cache
def _is_noun_form(surface: str) -> bool:
    return name_key(surface) in _noun_forms()


def _inside_institution(text: str, mention: Mention) -> bool:
    """True when the mention sits in a run of capitalised words that names an institution:
    "Australian National University", "University of Malaya", "U.S. National Institutes of
    Health"."""
    tokens: list[str] = []
    position = mention.start
    for _ in range(5):
        match = _TOKEN_BEFORE.search(text, max(0, position - 40), position)
        if not match or not _name_part(match.group(1)):
            break
        tokens.append(match.group(1))
        position = match.start()
    position = mention.end
    for _ in range(6):
        match = _TOKEN_AFTER.match(text, position)
        if not match or not _name_part(match.group(1)):
            break
        tokens.append(match.group(1))
        position = match.end()
    return any(token.rstrip(".,") in _HEADS for token in tokens)


def _name_part(token: str) -> bool:
    return token[:1].isupper() or token.lower() in _CONNECTORS


def with_context_roles(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions, each with the role its context gives it."""
    out = []
    for mention in mentions:
        role = context_role(text, mention)
        out.append(mention if role is None else mention.model_copy(update={"country_role": role}))
    return out


def with_aid_roles(mentions: Sequence[Mention], deliveries: Sequence[AidDelivery]) -> list[Mention]:
    """Mentions inside a delivery's evidence become its donor or recipient, when they name the
    donor's or a recipient's country and their context made them an actor or a location."""
    spans: list[tuple[int, int, str | None, frozenset[str]]] = []
    for delivery in deliveries:
        receiving = frozenset(r.country for r in delivery.recipients if r.country)
        for evidence in delivery.evidence:
            spans.append((evidence.start, evidence.end, delivery.donor.country, receiving))
    if not spans:
        return list(mentions)
    out = []
    for mention in mentions:
        role = mention.country_role
        if mention.country and role in ("actor", "location", None):
            for start, end, donor, receiving in spans:
                if start <= mention.start < end:
                    if mention.country in receiving and mention.country != donor:
                        role = "recipient"
                        break
                    if mention.country == donor:
                        role = "donor"
                        break
        out.append(mention if role == mention.country_role else _with_role(mention, role))
    return out


def _with_role(mention: Mention, role: CountryRole | None) -> Mention:
    return mention.model_copy(update={"country_role": role})


def document_roles(
    mentions: Iterable[Mention], deliveries: Iterable[AidDelivery] = ()
) -> dict[str, frozenset[str]]:
    """Each country's roles in the whole document.

    A country named only inside names is an affiliation; one named elsewhere too loses that role
    (docs/annotation.md). Donors and recipients of the aid records count even when the mention
    that named them lies outside the record's evidence.
    """
    roles: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.country and mention.country_role:
            roles[mention.country].add(mention.country_role)
    for delivery in deliveries:
        if delivery.donor.country:
            roles[delivery.donor.country].add("donor")
        for recipient in delivery.recipients:
            if recipient.country and recipient.country != delivery.donor.country:
                roles[recipient.country].add("recipient")
    for found in roles.values():
        if len(found) > 1:
            found.discard("affiliation")
        if found & {"actor", "location", "donor", "recipient"}:
            found.discard("topic")  # named in passing somewhere, but it takes part
    return {country: frozenset(found) for country, found in roles.items()}
