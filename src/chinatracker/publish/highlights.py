"""Ranking the events of a period for an issue's Highlights.

    score = 0.40 × corroboration + 0.35 × magnitude + 0.25 × novelty     (each term 0..1)

- corroboration: independent stories (`CanonicalEvent.corroboration`: distinct publishers,
  and a wire story carried by ten sites counts once), full weight at three;
- magnitude: 0.5 × the category's weight (`data/highlights.yaml`: armed clashes and
  deployments 1.0, arms control 0.9, ... civilian medical aid 0.35) + 0.2 × breadth (foreign
  countries involved, on a log scale; 20 or more earn the full weight) + 0.3 × prominence
  (1 when the event is the lead story of one of its source documents: an editor put it in
  the headline, where a passing mention in paragraph nine did not get);
- novelty: the share of the event's (category, country) pairs that no record dated before
  the period reported, so a first clash on a border outranks the routine; an event with no
  foreign country counts as the pair (category, CHN).

The highlights are the highest scores, at most `per_category` (one) from a category, so they
cover the period rather than one story told five times. Ties go to the earlier event, then
the smaller id, so a ranking never depends on load order. The weights live in
`data/highlights.yaml`, next to the reasons for them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from chinatracker.resolve.records import CanonicalEvent
from chinatracker.yaml_io import safe_load

CHINA = "CHN"
Pair = tuple[str, str]


@cache
def score_settings() -> dict[str, Any]:
    text = (files("chinatracker.publish") / "data" / "highlights.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = safe_load(text)
    return data


@dataclass(frozen=True)
class Highlight:
    """One ranked event with the terms of its score."""

    event: CanonicalEvent
    score: float
    corroboration: float
    magnitude: float
    novelty: float
    prominent: bool


def foreign_countries(event: CanonicalEvent) -> tuple[str, ...]:
    return tuple(c for c in event.countries if c != CHINA)


def pairs(event: CanonicalEvent) -> set[Pair]:
    return {(event.category, c) for c in foreign_countries(event) or (CHINA,)}


def category_weight(category: str) -> float:
    settings = score_settings()
    weights: dict[str, float] = settings["category_weights"]
    return float(weights.get(category, settings["default_category_weight"]))


def magnitude(event: CanonicalEvent, prominent: bool) -> float:
    settings = score_settings()
    breadth = min(
        1.0, math.log1p(len(foreign_countries(event))) / math.log1p(settings["breadth_full"])
    )
    parts = settings["magnitude"]
    return float(
        parts["category"] * category_weight(event.category)
        + parts["breadth"] * breadth
        + parts["prominence"] * (1.0 if prominent else 0.0)
    )


def corroboration(event: CanonicalEvent) -> float:
    full = score_settings()["corroboration_full"]
    return float(min(event.corroboration, full) / full)


def seen_before(history: Sequence[CanonicalEvent], start: dt.date) -> set[Pair]:
    """The (category, country) pairs of every event dated before the period starts."""
    seen: set[Pair] = set()
    for event in history:
        when = event.reference_date
        if when is not None and when < start:
            seen |= pairs(event)
    return seen


def novelty(event: CanonicalEvent, seen: set[Pair]) -> float:
    """Share of the event's pairs that no record before the period reported."""
    own = pairs(event)
    return len(own - seen) / len(own)


def score(event: CanonicalEvent, seen: set[Pair], prominent: bool) -> Highlight:
    weights = score_settings()["weights"]
    terms = {
        "corroboration": corroboration(event),
        "magnitude": magnitude(event, prominent),
        "novelty": novelty(event, seen),
    }
    total = sum(weights[name] * value for name, value in terms.items())
    return Highlight(event=event, score=round(total, 4), prominent=prominent, **terms)


def rank(
    events: Sequence[CanonicalEvent],
    history: Sequence[CanonicalEvent],
    start: dt.date,
    *,
    lead_stories: Collection[str] = (),
    limit: int = 5,
) -> list[Highlight]:
    """The `limit` best events of a period (history: every event in the store, for novelty;
    lead_stories: ids of events that are the lead story of a source document)."""

    def order(h: Highlight) -> tuple[float, str, str]:
        when = h.event.reference_date
        return (-h.score, when.isoformat() if when else "9999", h.event.id)

    seen = seen_before(history, start)
    leads = set(lead_stories)
    cap = int(score_settings()["per_category"])
    chosen: list[Highlight] = []
    taken: dict[str, int] = {}
    for highlight in sorted((score(e, seen, e.id in leads) for e in events), key=order):
        category = highlight.event.category
        if len(chosen) < limit and taken.get(category, 0) < cap:
            chosen.append(highlight)
            taken[category] = taken.get(category, 0) + 1
    return chosen
