"""The role each named country plays where it is named: actor, location, donor, recipient,
transit, origin, topic or affiliation (the roles of docs/annotation.md).

A bare mention is not enough for a fact: "Australian National University" names Australia, but
nothing Australian happens; "talks on Ukraine" are not held in Ukraine. Roles are read in two
steps. From the words around the mention (`with_context_roles`, in the cheap passes): inside an
institution's name is an affiliation, after "via" a transit point, after "made in" an origin,
after "talks on" a topic, after "in"/"at" a location, after a gift and its "to" a recipient; a
country named as a noun that does not act is a topic, anything else an actor. From the aid frame
(`with_aid_roles`, once deliveries are known): the donor's country in a delivery's evidence is
the donor, a receiving country the recipient, and transit and origin outside any delivery are
locations. `takes_part` decides what may be an event country or an aid party: not a university
or newspaper named after a country, not an origin, not the stated topic of talks. Cues live in
`extract/data/countries.yaml`; docs/countries.md has the figures."""

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
_RULES = rule_file("countries.yaml")["roles"]
_NOT_TAKING_PART_HEADS = frozenset(_RULES["affiliation"]["name_heads"])
_TAKING_PART_HEADS = frozenset(_RULES["affiliation"]["taking_part_heads"])
_AFFILIATED = re.compile(_RULES["affiliation"]["after"][0])


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
_GIVING = re.compile(_RULES["recipient"]["giving"], re.IGNORECASE)
_AFTER = _named("after")
_ACTS_AFTER = _one(_RULES["actor"]["after"], 0)
_ACTS_BEFORE = _one(_RULES["actor"]["before"])
_LOCATION_BEFORE = _one(_RULES["location"]["before"])
_TOPIC_BEFORE = _one(_RULES["topic"].get("before", ()))
_TOPIC_AFTER = _one(_RULES["topic"].get("after", ()))
_CONNECTORS = frozenset({"of", "for", "and", "the", "&", "de", "on"})
_TOKEN_BEFORE = re.compile(r"([\w&.'’-]+)[ \t]+$")
_TOKEN_AFTER = re.compile(r"(?:['’]s)?[ \t]+([\w&.'’-]+)")
WINDOW = 40


def context_role(text: str, mention: Mention) -> CountryRole | None:
    """The role the words around a country, place, organisation or person mention give it."""
    if mention.country is None:
        return None
    if mention.type in ("country", "place") and (
        _institution_head(text, mention) or _AFFILIATED.match(text, mention.end)
    ):
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
    if mention.type == "country" and _GIVING.search(
        text, max(0, mention.start - 240), mention.start
    ):
        return "recipient"
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


def _institution_head(text: str, mention: Mention) -> str | None:
    """The head word of the institution whose name the mention sits in ("University" for
    "Australian National University", "University of Malaya"; "Bank" for "Bank of China"), or
    None: the run of capitalised words (and "of", "for", "the"...) around the mention."""
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
    for token in tokens:
        word = token.rstrip(".,")
        if word in _NOT_TAKING_PART_HEADS or word in _TAKING_PART_HEADS:
            return word
    return None


def _name_part(token: str) -> bool:
    return token[:1].isupper() or token.lower() in _CONNECTORS


def takes_part(text: str, mention: Mention, offset: int = 0) -> bool:
    """False for a country named only inside a name, as an origin, or as the stated topic of
    talks or statements ("talks on Ukraine"): those are not event countries or recipients.

    A country given `topic` only because nothing in its sentence shows it acting (a list, an
    object) still takes part: that guess is too rough to drop an event's country on. `offset`
    is where `text` starts in the document (a sentence's text)."""
    role = mention.country_role
    start, end = mention.start - offset, mention.end - offset
    if role == "affiliation":  # a company or a hospital of that country can give and receive
        head = _institution_head(text, mention.model_copy(update={"start": start, "end": end}))
        return head in _TAKING_PART_HEADS
    if role == "origin":
        return False
    if role != "topic":
        return True
    before, after = text[max(0, start - WINDOW) : start], text[end : end + WINDOW]
    return not (_found(_TOPIC_BEFORE, before) or _found(_TOPIC_AFTER, after))


def with_context_roles(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions, each with the role its context gives it."""
    out = []
    for mention in mentions:
        role = context_role(text, mention)
        out.append(mention if role is None else mention.model_copy(update={"country_role": role}))
    return out


def with_aid_roles(mentions: Sequence[Mention], deliveries: Sequence[AidDelivery]) -> list[Mention]:
    """Roles that only aid gives. A mention inside a delivery's evidence that names the donor's
    country is the donor, one that names a receiving country the recipient (unless its context
    made it a transit point, an origin, an affiliation or a topic). Transit and origin are aid
    roles (docs/annotation.md): outside any delivery, "through Vietnam" or "made in Pakistan" is
    a location."""
    spans: list[tuple[int, int, str | None, frozenset[str]]] = []
    for delivery in deliveries:
        receiving = frozenset(r.country for r in delivery.recipients if r.country)
        for evidence in delivery.evidence:
            spans.append((evidence.start, evidence.end, delivery.donor.country, receiving))
    out = []
    for mention in mentions:
        role = mention.country_role
        inside = [s for s in spans if s[0] <= mention.start < s[1]]
        if role in ("transit", "origin") and not inside:
            role = "location"
        elif mention.country and role in ("actor", "location", "recipient", None):
            for _, _, donor, receiving in inside:
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
