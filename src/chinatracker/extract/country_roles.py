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

from chinatracker.extract.rule_files import rule_file
from chinatracker.records import AidDelivery, CountryRole, Mention
from chinatracker.reference.countries import country_index
from chinatracker.reference.names import name_key

NOUN_KINDS = frozenset({"name", "short", "official", "former", "abbreviation"})
PASSIVE_ROLES: frozenset[str] = frozenset({"affiliation", "topic", "origin"})
_RULES = rule_file("countries.yaml")["roles"]
_HEADS = frozenset(_RULES["affiliation"]["name_heads"])
_CUES: tuple[tuple[CountryRole, tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]], ...] = (
    tuple(
        (
            role,
            tuple(re.compile(p, re.IGNORECASE) for p in _RULES[role].get("before", ())),
            tuple(re.compile(p, re.IGNORECASE) for p in _RULES[role].get("after", ())),
        )
        for role in ("transit", "origin", "topic", "location")
    )
)
_ACTS_AFTER = tuple(re.compile(p) for p in _RULES["actor"]["after"])
_ACTS_BEFORE = tuple(re.compile(p, re.IGNORECASE) for p in _RULES["actor"]["before"])
_LOCATION_BEFORE = next(befores for role, befores, _ in _CUES if role == "location")
_CONNECTORS = frozenset({"of", "for", "and", "the", "&", "de", "on"})
_TOKEN_BEFORE = re.compile(r"([\w&.'’-]+)[ \t]+$")
_TOKEN_AFTER = re.compile(r"(?:['’]s)?[ \t]+([\w&.'’-]+)")
WINDOW = 60


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
        return "location" if any(p.search(before) for p in _LOCATION_BEFORE) else "actor"
    for role, befores, afters in _CUES:
        if any(p.search(before) for p in befores) or any(p.search(after) for p in afters):
            return role
    if mention.type == "country" and _named_as_noun(mention) and not _acts(before, after):
        return "topic"
    return "actor"


def _acts(before: str, after: str) -> bool:
    return any(p.search(after) for p in _ACTS_AFTER) or any(p.search(before) for p in _ACTS_BEFORE)


@cache
def _noun_forms() -> frozenset[str]:
    """Country names written as nouns ("Ukraine", "the US"), not demonyms or capitals."""
    index = country_index()
    forms = {c.name for c in index.all()} | {c.official_name for c in index.all()}
    forms |= {a.alias for a in index.aliases if a.kind in NOUN_KINDS}  # "U.S." keys as "US"
    return frozenset(name_key(f) for f in forms)


def _named_as_noun(mention: Mention) -> bool:
    return name_key(mention.text) in _noun_forms()


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
