"""Dates and periods in words, as a publication prints them ("2–5 June 2020")."""

from __future__ import annotations

import datetime as dt

from chinatracker.records import DateSpan


def long_date(day: dt.date) -> str:
    """5 June 2020."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """5 Jun 2020."""
    return f"{day.day} {day:%b %Y}"


def period_words(start: dt.date, end: dt.date) -> str:
    """1 January – 31 December 2020; 13 March – 19 June 2020; 1 Dec 2019 – 31 Jan 2020."""
    if start.year != end.year:
        return f"{long_date(start)} – {long_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} – {long_date(end)}"
    if start.day != end.day:
        return f"{start.day}–{long_date(end)}"
    return long_date(start)


def between(start: dt.date, end: dt.date) -> str:
    """between 1 January and 31 December 2020."""
    if start.year != end.year:
        return f"between {long_date(start)} and {long_date(end)}"
    return f"between {start.day} {start:%B} and {long_date(end)}"


def span_words(span: DateSpan | None, published: dt.date | None = None) -> str:
    """A reported date in words; an undated record says when it was first reported."""
    if span is None:
        return f"undated (reported {long_date(published)})" if published else "undated"
    if span.precision == "year":
        return f"{span.start.year}"
    if span.precision == "month":
        return f"{span.start:%B %Y}"
    if span.end and span.end != span.start:
        return period_words(span.start, span.end)
    return long_date(span.start)
