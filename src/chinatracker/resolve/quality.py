"""Official sources and the quality score of a canonical record.

The score follows the spirit of AidData's record health: a record is better when several
independent sources report it, when one of them is official, when its fields are complete
and when its sources agree. With `sources` the number of independent sources (distinct
publishers), `official` 1 if any source is official, `complete` the share of filled key
fields and `agree` 1 when no field is in conflict:

    quality = 0.4 * min(sources, 3) / 3 + 0.2 * official + 0.3 * complete + 0.1 * agree

rounded to two decimals, so it lies in 0..1. Three independent sources earn the full source
weight: past that, more copies of a story add little. The key fields of aid are: a recipient
country, a recipient institution type, a specific item, a quantity or value, a day-precise
date. Those of an event: a date, a day-precise date, at least one country, at least one actor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TypeVar
from urllib.parse import urlsplit

from chinatracker.resolve.records import AidFact, DocumentInfo, EventFact
from chinatracker.yaml_io import safe_load

SOURCE_WEIGHT = 0.4
OFFICIAL_WEIGHT = 0.2
COMPLETE_WEIGHT = 0.3
AGREE_WEIGHT = 0.1
FULL_SOURCES = 3


@dataclass(frozen=True)
class OfficialRules:
    domains: tuple[str, ...]
    publisher: re.Pattern[str] | None

    def is_official(self, url: str | None, publisher: str | None) -> bool:
        if url:
            host = (urlsplit(url).hostname or "").casefold()
            for domain in self.domains:
                bare = domain.lstrip(".")
                if host == bare or host.endswith("." + bare):
                    return True
        return bool(publisher and self.publisher and self.publisher.search(publisher))


@cache
def official_rules() -> OfficialRules:
    """Load data/official_sources.yaml once per process."""
    text = (files("chinatracker.resolve") / "data" / "official_sources.yaml").read_text("utf-8")
    data = safe_load(text)
    words = sorted(data.get("publisher_words") or (), key=len, reverse=True)
    pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)
        if words
        else None
    )
    domains = tuple(d.casefold() for d in data.get("domains") or ())
    return OfficialRules(domains=domains, publisher=pattern)


def is_official(url: str | None, publisher: str | None) -> bool:
    """Is a document with this URL and publisher an official source?"""
    return official_rules().is_official(url, publisher)


F = TypeVar("F", AidFact, EventFact)


def mark_official(facts: Sequence[F]) -> list[F]:
    """The facts with `document.official` set from the document's URL and publisher."""
    marked: dict[int, DocumentInfo] = {}
    result = []
    for fact in facts:
        document = fact.document
        if document.id not in marked:
            official = document.official or is_official(document.url, document.publisher)
            marked[document.id] = document.model_copy(update={"official": official})
        result.append(fact.model_copy(update={"document": marked[document.id]}))
    return result


def independent_sources(sources: Sequence[DocumentInfo]) -> int:
    """Distinct publishers (a document without a publisher counts on its own)."""
    return len({d.source_key for d in sources})


def quality_score(
    sources: Sequence[DocumentInfo], complete: Sequence[bool], *, conflicts: bool
) -> float:
    """The documented formula; `complete` holds one flag per key field."""
    independent = min(independent_sources(sources), FULL_SOURCES) / FULL_SOURCES
    official = 1.0 if any(d.official for d in sources) else 0.0
    filled = sum(complete) / len(complete) if complete else 0.0
    agree = 0.0 if conflicts else 1.0
    score = (
        SOURCE_WEIGHT * independent
        + OFFICIAL_WEIGHT * official
        + COMPLETE_WEIGHT * filled
        + AGREE_WEIGHT * agree
    )
    return round(score, 2)
