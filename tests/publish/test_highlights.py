"""The highlight score: corroboration, magnitude (category, breadth, prominence), novelty."""

from __future__ import annotations

import datetime as dt

import pytest

from chinatracker.publish.highlights import rank, score, seen_before
from chinatracker.records import DateSpan
from chinatracker.resolve.records import CanonicalEvent, DocumentInfo, Member


def event(
    id: str, category: str, day: dt.date, countries: tuple[str, ...] = (), sources: int = 1
) -> CanonicalEvent:
    return CanonicalEvent(
        id=id,
        category=category,
        title=id,
        summary=id,
        date=DateSpan(start=day, precision="day"),
        countries=("CHN", *countries),
        members=(Member(fact_id=1, document_id=1),),
        sources=tuple(
            DocumentInfo(id=i, path=f"{i}.txt", publisher=f"p{i}") for i in range(sources)
        ),
        explanation="",
        corroboration=sources,
    )


START = dt.date(2020, 1, 1)


def test_score_terms() -> None:
    clash = event("a", "projection.deployments", dt.date(2020, 6, 15), ("IND",), sources=3)
    h = score(clash, set(), prominent=True)
    assert h.corroboration == 1.0
    assert h.novelty == 1.0
    # 0.5 × 1.0 (category) + 0.2 × ln 2 / ln 21 (one country) + 0.3 (lead story)
    assert h.magnitude == pytest.approx(0.5 + 0.2 * 0.2277 + 0.3, abs=1e-3)
    assert h.score == pytest.approx(0.4 + 0.35 * h.magnitude + 0.25, abs=1e-4)


def test_novelty_counts_pairs_reported_before_the_period() -> None:
    before = event("old", "diplomacy.law_enforcement", dt.date(2019, 6, 1), ("LAO", "MMR"))
    patrol = event(
        "new", "diplomacy.law_enforcement", dt.date(2020, 6, 26), ("LAO", "MMR", "THA", "KHM")
    )
    seen = seen_before([before, patrol], START)
    assert score(patrol, seen, prominent=False).novelty == 0.5


def test_one_highlight_per_category_and_stable_order() -> None:
    events = [
        event("b", "diplomacy.military_aid", dt.date(2020, 5, 13), ("PAK", "NPL"), sources=2),
        event("a", "diplomacy.military_aid", dt.date(2020, 6, 5), ("ZWE",), sources=2),
        event("c", "aid.medical", dt.date(2020, 3, 13), ("ITA",)),
        event("d", "projection.deployments", dt.date(2020, 6, 17), ("IND",)),
    ]
    ranked = rank(events, events, START, lead_stories={"d"}, limit=5)
    assert [h.event.id for h in ranked] == [
        h.event.id for h in rank(events[::-1], events, START, lead_stories={"d"})
    ]
    categories = [h.event.category for h in ranked]
    assert len(categories) == len(set(categories)) == 3
    assert ranked[0].event.id in {"b", "d"}
    assert "a" not in [h.event.id for h in ranked]  # the weaker military-aid event
