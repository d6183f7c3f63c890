"""The dashboard's shortcuts agree with the plain way on random stores.

- `fact_tallies` stays equal to a count from scratch whoever writes, and the dashboard answers the
  same from the tallies as from the facts (SQLite: PostgreSQL keeps no tallies).
- `facts.topic` follows categories and channels, and pages read in date windows list what a sort
  of every match lists (both backends).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from alembic import command
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from chinatracker.records import (
    AidDelivery,
    DateSpan,
    Document,
    Donor,
    Event,
    Evidence,
    Extraction,
    Quote,
    Recipient,
)
from chinatracker.reference.countries import country_index
from chinatracker.store import dashboard as dash
from chinatracker.store import documents
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store, alembic_config
from chinatracker.store.models import (
    ANY_MONTH,
    ANY_STATUS,
    ANY_TENTH,
    ANY_TOPIC,
    AidDeliveryRow,
    AidRecipientRow,
    EventCountryRow,
    EventRow,
    FactRow,
    FactTallyRow,
)

EVIDENCE = (Evidence(start=0, end=4, quote="text"),)
# Neighbours in one sub-region (a fact about two of them counts once there), and farther places.
COUNTRIES = ["LAO", "KHM", "VNM", "THA", "PAK", "ITA", "SRB", "NGA", "KEN", "CHN", "XKX"]
CATEGORIES = ["diplomacy.high_level", "diplomacy.exercises_port_calls", "diplomacy.military_aid"]
CHANNELS = ["military", "government", "soe"]
# 0.3 * 3 is 0.8999999999999999: below 0.9, where rounding it to a tenth would not be.
CONFIDENCES = [0.0, 0.3, 0.45, 0.5, 0.3 * 3, 0.9, 1.0]
STATUSES = ["pending", "accepted", "corrected", "rejected"]
REGIONS = ["South-eastern Asia", "Asia", "Europe", "Africa", "Sub-Saharan Africa", "Americas"]


def _day(rng: random.Random) -> DateSpan | None:
    if rng.random() < 0.1:
        return None
    day = dt.date(2019, 11, 1) + dt.timedelta(days=rng.randrange(500))
    return DateSpan(start=day, precision="day")


def _extraction(document_id: int, rng: random.Random, version: str) -> Extraction:
    def places() -> tuple[str, ...]:
        return tuple(dict.fromkeys(rng.sample(COUNTRIES, rng.randint(0, 3))))

    aid = tuple(
        AidDelivery(
            donor=Donor(name="donor", country="CHN", channel=rng.choice(CHANNELS)),  # type: ignore[arg-type]
            recipients=(*(Recipient(country=c) for c in places()), Recipient(country=None)),
            date=_day(rng),
            evidence=EVIDENCE,
            confidence=rng.choice(CONFIDENCES),
        )
        for _ in range(rng.randint(0, 2))
    )
    events = tuple(
        Event(
            category=rng.choice(CATEGORIES),
            title="event",
            summary="",
            date=_day(rng),
            countries=places(),
            evidence=EVIDENCE,
            confidence=rng.choice(CONFIDENCES),
        )
        for _ in range(rng.randint(0, 2))
    )
    quotes = (Quote(speaker=None, text="words", evidence=EVIDENCE, confidence=0.7),)
    return Extraction(
        document_id=document_id, extractor_version=version, aid=aid, events=events, quotes=quotes
    )


def _write(store: Store, rng: random.Random, count: int, version: str = "v1") -> None:
    with store.transaction() as session:
        docs = [
            Document(
                path=f"{version}-{n}.txt",
                format="txt",
                text=f"text {version} {n}",
                content_hash=f"{version}{n:060d}".rjust(64, "0"),
                raw_hash=f"{version}{n:060d}".rjust(64, "0"),
            )
            for n in range(count)
        ]
        ids = documents.add_documents(session, docs)
        outcomes = [
            fact_store.DocumentOutcome(i, d.content_hash, _extraction(i, rng, version))
            for i, d in zip(ids, docs, strict=True)
        ]
        fact_store.save_outcomes(session, outcomes, version, None)


@pytest.fixture
def filled(sqlite_store: Store) -> Store:
    _write(sqlite_store, random.Random(3), 40)
    return sqlite_store


@pytest.fixture
def filled_any(store: Store) -> Store:
    _write(store, random.Random(3), 40)
    return store


def test_facts_carry_their_category_or_channel(store: Store) -> None:
    _write(store, random.Random(3), 10)
    with store.transaction() as session:
        some_event = session.scalars(select(EventRow.fact_id).limit(1)).one()
        session.execute(
            update(EventRow).where(EventRow.fact_id == some_event).values(category="other")
        )
    with store.reading() as session:
        topics = dict(session.execute(select(FactRow.id, FactRow.topic)).all())
        expected = dict(session.execute(select(EventRow.fact_id, EventRow.category)).all())
        expected |= dict(
            session.execute(select(AidDeliveryRow.fact_id, AidDeliveryRow.donor_channel)).all()
        )
    assert topics[some_event] == "other"
    assert topics == {fact_id: expected.get(fact_id) for fact_id in topics}


def _tenth(confidence: float) -> int:
    return max((t for t in range(11) if confidence >= t / 10), default=-1)


def recount(session: Session) -> dict[tuple[Any, ...], int]:
    """The tallies from scratch, from the facts, their detail rows and the reference data."""
    topics = dict(session.execute(select(EventRow.fact_id, EventRow.category)).all())
    topics.update(
        session.execute(select(AidDeliveryRow.fact_id, AidDeliveryRow.donor_channel)).all()
    )
    places: dict[int, set[str]] = {}
    for fact_id, country in [
        *session.execute(select(AidRecipientRow.fact_id, AidRecipientRow.country)),
        *session.execute(select(EventCountryRow.fact_id, EventCountryRow.country)),
    ]:
        if country is not None:
            places.setdefault(fact_id, set()).add(country)
    areas: dict[str, set[str]] = {}
    for c in country_index():
        areas[c.iso3] = {a for a in (c.un_region, c.un_subregion, c.intermediate_region) if a}
    counts: Counter[tuple[Any, ...]] = Counter()
    query = select(
        FactRow.id, FactRow.kind, FactRow.date_start, FactRow.review_status, FactRow.confidence
    ).where(FactRow.current.is_(True))
    for fact_id, kind, day, status, confidence in session.execute(query):
        month = f"{day.year:04d}-{day.month:02d}" if day else ""
        topic, tenth = topics.get(fact_id, ""), _tenth(confidence)
        countries = places.get(fact_id, set())
        regions = set().union(*(areas.get(c, set()) for c in countries))
        keys = [  # the full key and its three roll-ups, by month and for all time
            level
            for at in (month, ANY_MONTH)
            for level in [
                (topic, status, kind, at, tenth),
                (topic, ANY_STATUS, kind, at, ANY_TENTH),
                (ANY_TOPIC, status, kind, at, tenth),
                (ANY_TOPIC, ANY_STATUS, kind, at, ANY_TENTH),
            ]
        ]
        for key in keys:
            counts[("all", "", *key)] += 1
            for country in countries:
                counts[("country", country, *key)] += 1
            for region in regions:
                counts[("region", region, *key)] += 1
    return dict(counts)


def tallies(session: Session) -> dict[tuple[Any, ...], int]:
    rows = session.execute(select(FactTallyRow)).scalars()
    return {
        (r.scope, r.area, r.topic, r.review_status, r.kind, r.month, r.confidence_tenth): r.facts
        for r in rows
        if r.facts
    }


def filter_sets(count: int, seed: int = 5) -> list[dash.DashboardFilters]:
    rng = random.Random(seed)
    sets = [dash.DashboardFilters(), dash.DashboardFilters(kinds=dash.ALL_KINDS)]
    while len(sets) < count:
        values: dict[str, Any] = {}
        if rng.random() < 0.7:  # periods from a day to two years, on and off month edges
            start = dt.date(2019, 10, 1) + dt.timedelta(days=rng.randrange(560))
            if rng.random() < 0.4:
                start = start.replace(day=1)
            values["date_from"] = start if rng.random() < 0.9 else None
            values["date_to"] = start + dt.timedelta(days=rng.choice([0, 9, 30, 89, 200, 700]))
        topic = rng.random()
        if topic < 0.25:
            values["categories"] = tuple(rng.sample(CATEGORIES, rng.randint(1, 2)))
        elif topic < 0.45:
            values["channels"] = tuple(rng.sample(CHANNELS, rng.randint(1, 2)))
        place = rng.random()
        if place < 0.25:
            values["countries"] = tuple(rng.sample(COUNTRIES, rng.choice([1, 1, 2])))
        elif place < 0.45:
            values["regions"] = tuple(rng.sample(REGIONS, rng.choice([1, 1, 2])))
        if rng.random() < 0.3:
            values["review_statuses"] = tuple(rng.sample(STATUSES, 2))
        if rng.random() < 0.4:
            values["min_confidence"] = rng.choice([0.0, 0.3, 0.5, 0.9, 1.0, 0.45, 0.75])
        sets.append(dash.DashboardFilters(**values))
    return sets


def assert_dashboard_agrees(store: Store) -> None:
    with store.reading() as session:
        for filters in filter_sets(150):
            for query in (dash.counts_by_kind, dash.counts_by_country, dash.timeline):
                from_tallies = query(session, filters)
                scanned = query(session, filters, tallies=False)
                assert from_tallies == scanned, (query.__name__, filters)


def test_tallies_count_what_extraction_wrote(filled: Store) -> None:
    with filled.reading() as session:
        expected = recount(session)
        assert tallies(session) == expected
    regions = {area for scope, area, *_ in expected if scope == "region"}
    assert "South-eastern Asia" in regions
    assert ("country", "XKX") in {key[:2] for key in expected}  # not in the region table


def test_the_dashboard_answers_the_same_from_tallies_and_from_facts(filled: Store) -> None:
    assert_dashboard_agrees(filled)


def test_tallies_follow_review_reextraction_and_deletion(filled: Store) -> None:
    rng = random.Random(9)
    with filled.transaction() as session:
        ids = list(session.scalars(select(FactRow.id).order_by(FactRow.id)))
        for fact_id in rng.sample(ids, 20):  # review decisions
            session.execute(
                update(FactRow)
                .where(FactRow.id == fact_id)
                .values(review_status=rng.choice(STATUSES), confidence=rng.choice(CONFIDENCES))
            )
        session.execute(
            update(EventRow)
            .where(EventRow.fact_id.in_(ids[::3]))
            .values(category="diplomacy.peacekeeping")
        )
        session.execute(
            update(AidDeliveryRow)
            .where(AidDeliveryRow.fact_id.in_(ids[::4]))
            .values(donor_channel="private")
        )
        session.execute(
            update(FactRow).where(FactRow.id.in_(ids[1::5])).values(date_start=dt.date(2021, 2, 28))
        )
        session.execute(delete(AidRecipientRow).where(AidRecipientRow.fact_id.in_(ids[::2])))
        events = list(session.scalars(select(EventRow.fact_id)))
        for fact_id in events[:6]:
            session.add(EventCountryRow(fact_id=fact_id, country="MMR"))
        session.execute(update(FactRow).where(FactRow.id.in_(ids[::7])).values(current=False))
        session.execute(delete(FactRow).where(FactRow.id.in_(ids[::11])))
    _write(filled, random.Random(4), 10, version="v2")  # a newer extractor's facts
    with filled.reading() as session:
        assert tallies(session) == recount(session)
    assert_dashboard_agrees(filled)


def test_the_migration_counts_what_the_store_already_holds(filled: Store) -> None:
    with filled.reading() as session:
        expected = recount(session)
    config = alembic_config(filled.engine)
    with filled.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003_web_accounts")
        command.upgrade(config, "head")
    with filled.reading() as session:
        assert tallies(session) == expected
    assert_dashboard_agrees(filled)


def test_off_grid_confidence_and_several_places_are_scanned(filled: Store) -> None:
    with filled.reading() as session:
        assert dash._tally_plan(session, dash.DashboardFilters(min_confidence=0.75)) is None
        several = dash.DashboardFilters(countries=("LAO", "KHM"))
        assert dash._tally_plan(session, several) is None
        assert dash._tally_plan(session, several, per_country=True) is not None
        one_region = dash.DashboardFilters(regions=("south-eastern asia",))
        assert dash._tally_plan(session, one_region) is not None


def test_a_period_splits_into_whole_months_and_edges() -> None:
    """Partial months are counted from the facts, or, more than half covered, read whole from
    the tallies less the days outside the period: no edge scans more than half a month."""

    def split(start: str, end: str) -> tuple[object, list[str], list[str]]:
        found = dash._split_period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
        added = [f"{a}..{b}" for a, b in found.added]
        return found.months, added, [f"{a}..{b}" for a, b in found.removed]

    assert split("2020-01-01", "2020-12-31") == (("2020-01", "2020-12"), [], [])
    assert split("2020-02-01", "2020-02-29") == (("2020-02", "2020-02"), [], [])
    # A year drawn as 365 days from January 1 ends a day early in a leap year.
    assert split("2020-01-01", "2020-12-30") == (
        ("2020-01", "2020-12"),
        [],
        ["2020-12-31..2020-12-31"],
    )
    assert split("2020-01-17", "2020-03-31") == (
        ("2020-02", "2020-03"),
        ["2020-01-17..2020-01-31"],
        [],
    )
    assert split("2020-01-15", "2020-03-31") == (
        ("2020-01", "2020-03"),
        [],
        ["2020-01-01..2020-01-14"],
    )
    assert split("2020-01-10", "2020-03-12") == (
        ("2020-01", "2020-02"),
        ["2020-03-01..2020-03-12"],
        ["2020-01-01..2020-01-09"],
    )
    # Within one month: the fewer days of the two.
    assert split("2020-02-03", "2020-02-12") == (None, ["2020-02-03..2020-02-12"], [])
    assert split("2020-02-03", "2020-02-20") == (
        ("2020-02", "2020-02"),
        [],
        ["2020-02-01..2020-02-02", "2020-02-21..2020-02-29"],
    )
    assert split("2020-03-15", "2020-02-10") == (None, ["2020-03-15..2020-02-10"], [])
    assert split("2020-01-20", "2020-02-10") == (
        None,
        ["2020-01-20..2020-01-31", "2020-02-01..2020-02-10"],
        [],
    )
    # Open ends.
    assert split("2020-01-02", "2020-01-02")[0] is None
    found = dash._split_period(dt.date(2020, 1, 2), None)
    assert (found.months, found.added, found.removed) == (
        ("2020-01", None),
        [],
        [(dt.date(2020, 1, 1), dt.date(2020, 1, 1))],
    )
    found = dash._split_period(None, dt.date(2020, 1, 5))
    assert (found.months, found.added) == (
        (None, "2019-12"),
        [(dt.date(2020, 1, 1), dt.date(2020, 1, 5))],
    )


def sorted_page(
    session: Session, filters: dash.DashboardFilters, limit: int, offset: int
) -> list[int]:
    """The plain way: every match, found through the category, channel and place tables, sorted
    here: dated newest first, then undated newest extracted first."""
    matches = session.execute(
        select(FactRow.id, FactRow.date_start).where(*dash._conditions(filters))
    )
    dated = sorted(((day, i) for i, day in matches if day is not None), reverse=True)
    undated = sorted(
        session.scalars(
            select(FactRow.id).where(*dash._conditions(filters), FactRow.date_start.is_(None))
        ),
        reverse=True,
    )
    return ([i for _, i in dated] + undated)[offset : offset + limit]


@pytest.mark.parametrize("first_window", [1, dash.FIRST_WINDOW_DAYS])
def test_pages_list_what_sorting_every_match_lists(
    filled_any: Store, first_window: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dash, "FIRST_WINDOW_DAYS", first_window)  # 1: many widened windows
    pages = [(50, 0), (5, 0), (3, 4), (7, 30), (10, 500)]
    with filled_any.reading() as session:
        for number, filters in enumerate(filter_sets(150)):
            limit, offset = pages[number % len(pages)]
            listed = [r.id for r in dash.records(session, filters, limit=limit, offset=offset)]
            assert listed == sorted_page(session, filters, limit, offset), (filters, limit, offset)
