"""Dashboard queries: filters, counts by kind, the map, the timeline and pages, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from chinatracker.records import (
    AidDelivery,
    DateSpan,
    Document,
    Donor,
    Event,
    Evidence,
    Extraction,
    Mention,
    Quote,
    Recipient,
)
from chinatracker.store import documents
from chinatracker.store import facts as fact_store
from chinatracker.store.dashboard import (
    DashboardFilters,
    FilterError,
    dashboard,
    records,
    region_countries,
    timeline,
)
from chinatracker.store.dashboard import counts_by_country as by_country
from chinatracker.store.dashboard import counts_by_kind as by_kind
from chinatracker.store.database import Store
from chinatracker.store.models import FactRow

EVIDENCE = (Evidence(start=0, end=10, quote="0123456789"),)


def on(day: str) -> DateSpan:
    return DateSpan(start=dt.date.fromisoformat(day), precision="day")


def aid(channel: str, countries: tuple[str, ...], day: str, confidence: float = 0.9) -> AidDelivery:
    return AidDelivery(
        donor=Donor(name=f"{channel} donor", country="CHN", channel=channel),  # type: ignore[arg-type]
        recipients=tuple(Recipient(country=c) for c in countries),
        date=on(day),
        evidence=EVIDENCE,
        confidence=confidence,
    )


def event(category: str, countries: tuple[str, ...], day: str) -> Event:
    return Event(
        category=category,
        title=f"{category} with {', '.join(countries)}",
        summary="",
        date=on(day),
        countries=countries,
        evidence=EVIDENCE,
        confidence=0.8,
    )


@pytest.fixture
def tracker(store: Store) -> Store:
    """Three documents: military and SOE aid, two events, a quote, and mentions."""
    extractions = [
        {
            "aid": (aid("military", ("LAO", "KHM"), "2020-04-03"),),
            "events": (event("diplomacy.military_aid", ("CHN", "LAO"), "2020-04-03"),),
            "mentions": (
                Mention(
                    text="Laos", type="country", canonical="Laos", country="LAO", start=0, end=4
                ),
            ),
        },
        {
            "aid": (aid("soe", ("ITA",), "2020-03-20", confidence=0.4),),
            "quotes": (
                Quote(speaker="a minister", text="Thank you", evidence=EVIDENCE, confidence=0.7),
            ),
        },
        {"events": (event("diplomacy.exercises_port_calls", ("PAK",), "2021-01-14"),)},
    ]
    for number, found in enumerate(extractions):
        digest = f"{number:064d}"
        doc = Document(
            path=f"{number}.txt", format="txt", text="x" * 50, content_hash=digest, raw_hash=digest
        )
        with store.transaction() as session:
            (document_id,) = documents.add_documents(session, [doc])
            extraction = Extraction(document_id=document_id, extractor_version="v1", **found)
            outcome = fact_store.DocumentOutcome(document_id, digest, extraction=extraction)
            fact_store.save_outcomes(session, [outcome], "v1", None)
    with store.transaction() as session:
        session.execute(
            update(FactRow).where(FactRow.kind == "quote").values(review_status="accepted")
        )
    return store


def test_no_filter_counts_every_record_kind_but_not_mentions(tracker: Store) -> None:
    with tracker.reading() as session:
        assert by_kind(session, DashboardFilters()) == {"aid": 2, "event": 2, "quote": 1}
        everything = DashboardFilters(kinds=("aid", "event", "quote", "claim", "entity"))
        assert by_kind(session, everything)["entity"] == 1


def test_a_period_keeps_dated_facts_inside_it(tracker: Store) -> None:
    april = DashboardFilters(date_from=dt.date(2020, 4, 1), date_to=dt.date(2020, 4, 30))
    with tracker.reading() as session:
        assert by_kind(session, april) == {"aid": 1, "event": 1}
        assert by_kind(session, DashboardFilters(date_from=dt.date(2021, 1, 1))) == {"event": 1}


def test_a_donor_channel_shows_only_aid_and_a_category_only_events(tracker: Store) -> None:
    with tracker.reading() as session:
        assert by_kind(session, DashboardFilters(channels=("military",))) == {"aid": 1}
        exercises = DashboardFilters(categories=("diplomacy.exercises_port_calls",))
        assert by_kind(session, exercises) == {"event": 1}
        both = DashboardFilters(channels=("military",), categories=("diplomacy.military_aid",))
        assert by_kind(session, both) == {}


def test_country_and_region_match_aid_recipients_and_event_countries(tracker: Store) -> None:
    with tracker.reading() as session:
        assert by_kind(session, DashboardFilters(countries=("LAO",))) == {"aid": 1, "event": 1}
        assert by_kind(session, DashboardFilters(countries=("ita",))) == {"aid": 1}
        asia = DashboardFilters(regions=("South-eastern Asia",))
        assert by_kind(session, asia) == {"aid": 1, "event": 1}
        assert by_kind(session, DashboardFilters(regions=("Europe",))) == {"aid": 1}


def test_review_status_and_confidence(tracker: Store) -> None:
    with tracker.reading() as session:
        accepted = DashboardFilters(review_statuses=("accepted",))
        assert by_kind(session, accepted) == {"quote": 1}
        assert by_kind(session, DashboardFilters(min_confidence=0.75)) == {"aid": 1, "event": 2}


def test_the_map_counts_a_fact_in_each_of_its_countries(tracker: Store) -> None:
    with tracker.reading() as session:
        assert by_country(session, DashboardFilters()) == {
            "CHN": 1,
            "ITA": 1,
            "KHM": 1,
            "LAO": 2,
            "PAK": 1,
        }
        laos = by_country(session, DashboardFilters(countries=("LAO",)))
        assert laos == {"LAO": 2}
        assert by_country(session, DashboardFilters(channels=("soe",))) == {"ITA": 1}


def test_the_timeline_counts_dated_facts_per_month_and_kind(tracker: Store) -> None:
    with tracker.reading() as session:
        months = [(m.month, m.kind, m.facts) for m in timeline(session, DashboardFilters())]
    assert months == [
        ("2020-03", "aid", 1),
        ("2020-04", "aid", 1),
        ("2020-04", "event", 1),
        ("2021-01", "event", 1),
    ]


def test_a_page_lists_newest_first_with_labels_and_countries(tracker: Store) -> None:
    with tracker.reading() as session:
        page = records(session, DashboardFilters(), limit=10)
        second = records(session, DashboardFilters(), limit=2, offset=2)
    assert [(r.kind, r.date.isoformat() if r.date else None) for r in page] == [
        ("event", "2021-01-14"),
        ("event", "2020-04-03"),
        ("aid", "2020-04-03"),
        ("aid", "2020-03-20"),
        ("quote", None),
    ]
    assert page[0].label == "diplomacy.exercises_port_calls with PAK"
    assert page[2].label == "military donor"
    assert page[2].countries == ("KHM", "LAO")
    assert page[4].label == "Thank you"
    assert [r.id for r in second] == [r.id for r in page[2:4]]


def test_dashboard_parts_agree(tracker: Store) -> None:
    filters = DashboardFilters(date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 12, 31))
    with tracker.reading() as session:
        view = dashboard(session, filters, limit=100)
    assert view.total == len(view.records) == sum(m.facts for m in view.timeline) == 3


def test_unknown_names_are_clear_errors(tracker: Store) -> None:
    with tracker.reading() as session, pytest.raises(FilterError, match="unknown region"):
        by_kind(session, DashboardFilters(regions=("Atlantis",)))
    with tracker.reading() as session, pytest.raises(FilterError, match="unknown fact kind"):
        by_kind(session, DashboardFilters(kinds=("rumour",)))
    assert "VNM" in region_countries("south-eastern asia")
