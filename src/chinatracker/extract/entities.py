"""Entity mentions: countries, places, organisations and people, resolved to canonical forms.

Gazetteer matches become `Mention`s: a country name, demonym or capital used for its country is
a `country` mention; a sub-national place is a `place` mention carrying its country; a known
body is an `organization` (its country is where it belongs: the PLA is Chinese). People are
found by their title ("Defense Minister Wei Fenghe") or by speech ("..., Vucic said"), with the
title kept as their role.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from chinatracker.extract.gazetteer import Gazetteer, Match
from chinatracker.extract.literals import Gated
from chinatracker.extract.rule_files import rule_file
from chinatracker.records import Mention
from chinatracker.reference.offices import term_at

# Capitals used as actors ("Beijing said", "Ankara rejected"): these stand for their country.
METONYM_KINDS = frozenset({"metonym", "capital"})
COUNTRY_KINDS = frozenset(
    {
        "name",
        "short",
        "official",
        "former",
        "abbreviation",
        "demonym",
        "metonym",
        "combining",
        "misspelling",
    }
)

_NAME_TOKEN = r"(?:[A-Z][a-z'’\-]+|[A-Z]\.|[A-Z][A-Z]+(?=\s[A-Z][a-z]))"
PERSON_NAME = rf"{_NAME_TOKEN}(?:\s+(?:bin\s|van\s|de\s|al-)?{_NAME_TOKEN}){{0,3}}"
TITLE = (
    r"(?:(?:Chinese|Russian|US|U\.S\.|American|Japanese|Indian|Philippine|Vietnamese|Thai|"
    r"Indonesian|Malaysian|Singapore|Australian|British|French|German|EU|Serbian|Taiwanese|"
    r"South Korean|North Korean|Pakistani|Former|former|Deputy|deputy|Vice|vice|Senior|senior|"
    r"Acting|acting|then|Then)\s+)*"
    r"(?:President|Premier|Prime\sMinister|Chancellor|King|Queen|Sultan|Emperor|"
    r"(?:Foreign|Defen[cs]e|Finance|Trade|Health|Interior|Home|National\sDefen[cs]e|Commerce)\s"
    r"(?:Minister|Secretary)|Minister(?:\sof\s[A-Z][a-z]+(?:\s(?:and\s)?[A-Z][a-z]+)*)?|"
    r"Secretary\sof\sState|Secretary(?:-General|\sGeneral)?|Ambassador|Envoy|Senator|Sen\.|Rep\.|"
    r"Representative|Governor|Mayor|General|Gen\.|Lieutenant\sGeneral|Lt\.?\sGen\.|"
    r"Major\sGeneral|Maj\.?\sGen\.|Admiral|Adm\.|Vice\sAdmiral|Rear\sAdmiral|Colonel|Col\.|"
    r"Senior\sColonel|Captain|Capt\.|Commander|spokesperson|spokesman|spokeswoman|Spokesperson|"
    r"Spokesman|Spokeswoman|Chairman|Chairwoman|Chair|Director|Director-General|Chief|"
    r"Commissioner|Justice|Judge|Speaker|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Professor|Prof\.)"
)
# Most sentences name no title: they are not searched for one.
TITLED_PERSON = Gated(re.compile(rf"(?P<title>{TITLE})\s+(?P<name>{PERSON_NAME})"))
SPEAKER_AFTER = re.compile(
    rf"(?:,|”|\")\s*(?P<name>{PERSON_NAME})\s+(?:said|says|told|added|stated|noted)\b"
)
SPEAKER_BEFORE = re.compile(rf"\b(?:said|says|according\sto)\s+(?P<name>{PERSON_NAME})\b")
# Capitalised words that start many sentences or titles but are not names.
NOT_NAMES = frozenset(rule_file("lexicon.yaml")["not_names"])


def mention_from_match(match: Match, text: str) -> Mention:
    """Turn a gazetteer match into a typed, resolved mention."""
    country_entry = match.first("country")
    actor_entry = match.first("actor")
    place_entry = match.first("place")
    person_entry = match.first("person")
    if person_entry is not None:
        return Mention(
            text=match.text,
            type="person",
            canonical=person_entry.canonical,
            country=person_entry.country,
            role=person_entry.detail,
            start=match.start,
            end=match.end,
        )
    if country_entry is not None:
        is_country = country_entry.detail in COUNTRY_KINDS or (
            country_entry.detail in METONYM_KINDS
            and (actor_entry is not None or _used_as_actor(text, match.end))
        )
        return Mention(
            text=match.text,
            type="country" if is_country else "place",
            canonical=country_entry.canonical,
            country=country_entry.country,
            actor_id=actor_entry.key if actor_entry else None,
            start=match.start,
            end=match.end,
        )
    if actor_entry is not None:
        return Mention(
            text=match.text,
            type="organization",
            canonical=actor_entry.canonical,
            country=actor_entry.country,
            actor_id=actor_entry.key,
            start=match.start,
            end=match.end,
        )
    assert place_entry is not None
    return Mention(
        text=match.text,
        type="place",
        canonical=place_entry.canonical,
        country=place_entry.country,
        start=match.start,
        end=match.end,
    )


_ACTION = re.compile(
    r"^['’]s\b|^\s+(?:has|have|had|is|was|will|would|said|says|says|accused|announced|"
    r"rejected|denied|urged|warned|claimed|insisted|responded|sent|donated|called|blocked)\b"
)


def _used_as_actor(text: str, end: int) -> bool:
    return bool(_ACTION.match(text[end : end + 14]))


def find_people(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """People named with a title, or as the speaker of a quote."""
    end = len(text) if end is None else end
    window = text[start:end]
    found: dict[tuple[int, int], Mention] = {}
    for match in TITLED_PERSON.finditer(window):
        span = _trim_name(match.group("name"))
        if span:
            s, e = start + match.start("name") + span[0], start + match.start("name") + span[1]
            found[(s, e)] = Mention(
                text=text[s:e],
                type="person",
                canonical=" ".join(text[s:e].split()),
                role=" ".join(match.group("title").split()),
                start=s,
                end=e,
            )
    for pattern in (SPEAKER_AFTER, SPEAKER_BEFORE):
        for match in pattern.finditer(window):
            span = _trim_name(match.group("name"))
            if not span:
                continue
            s, e = start + match.start("name") + span[0], start + match.start("name") + span[1]
            if not any(a <= s < b for a, b in found):
                found[(s, e)] = Mention(
                    text=text[s:e],
                    type="person",
                    canonical=" ".join(text[s:e].split()),
                    start=s,
                    end=e,
                )
    return sorted(found.values(), key=lambda m: m.start)


def _trim_name(name: str) -> tuple[int, int] | None:
    """The span of the name within `name` once words that are not names ("The", "He",
    "Honourable") are trimmed from either end: offsets, so the mention's evidence stays the
    exact words of the text."""
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", name)]
    while tokens and tokens[-1][2] in NOT_NAMES:
        tokens.pop()
    while tokens and tokens[0][2] in NOT_NAMES:
        tokens.pop(0)
    if not tokens or (len(tokens) == 1 and len(tokens[0][2]) < 3):
        return None
    return tokens[0][0], tokens[-1][1]


def find_mentions(gazetteer: Gazetteer, text: str) -> list[Mention]:
    """Every country, place, organisation and person mention, in text order, not overlapping."""
    named = [mention_from_match(m, text) for m in gazetteer.find(text)]
    people = [p for p in find_people(text) if not _overlaps_any(p, named)]
    return sorted([*named, *people], key=lambda m: m.start)


def _overlaps_any(mention: Mention, others: Iterable[Mention]) -> bool:
    return any(mention.start < o.end and o.start < mention.end for o in others)


def with_offices(mentions: Iterable[Mention], day: dt.date | None) -> list[Mention]:
    """People of the office-holders table with the office they held on `day` and its country;
    one whose term had ended is "former" ("former President Duterte")."""
    out = []
    for mention in mentions:
        held = term_at(mention.canonical, day) if mention.type == "person" else None
        if held is None:
            out.append(mention)
            continue
        term, current = held
        title = (
            term.title if current or term.start > (day or term.start) else f"former {term.title}"
        )
        out.append(mention.model_copy(update={"country": term.country, "role": title}))
    return out
