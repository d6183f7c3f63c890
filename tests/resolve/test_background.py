"""Events dated well before their article are background: no canonical record (issue 17)."""

from __future__ import annotations

import datetime as dt

from chinatracker.records import DateSpan, Event, Evidence
from chinatracker.resolve.records import DocumentInfo
from chinatracker.store.canonical import is_news

ARTICLE = DocumentInfo(id=7, path="a.jsonl", published=dt.date(2024, 5, 7))


def event(start: dt.date | None, status: str = "current") -> Event:
    return Event(
        category="diplomacy.high_level",
        title="Leaders met",
        summary="Leaders met in Beijing.",
        date=DateSpan(start=start, precision="day") if start else None,
        evidence=(Evidence(start=0, end=5, quote="Leaders"),),
        confidence=0.9,
        status=status,  # type: ignore[arg-type]
    )


def test_an_event_of_the_article_s_week_is_news() -> None:
    assert is_news(event(dt.date(2024, 5, 6)), "pending", ARTICLE)


def test_an_event_dated_two_years_before_its_article_is_background() -> None:
    assert not is_news(event(dt.date(2022, 3, 1)), "pending", ARTICLE)


def test_an_analyst_who_accepted_an_old_event_as_news_is_not_overruled() -> None:
    assert is_news(event(dt.date(2022, 3, 1)), "accepted", ARTICLE)


def test_an_undated_event_or_an_undated_article_is_not_judged_by_date() -> None:
    assert is_news(event(None), "pending", ARTICLE)
    undated = ARTICLE.model_copy(update={"published": None})
    assert is_news(event(dt.date(2010, 1, 1)), "pending", undated)


def test_a_background_status_and_a_later_copy_make_no_record() -> None:
    assert not is_news(event(dt.date(2024, 5, 6), "background"), "pending", ARTICLE)
    copy = ARTICLE.model_copy(update={"story_id": 3})
    assert not is_news(event(dt.date(2024, 5, 6)), "pending", copy)
