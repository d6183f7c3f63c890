"""The date of an event: which date of its sentences is the happening's, and when a neighbouring
sentence lends one (docs/annotation.md, decisions 10, 15, 29, 31 and 40).

Sentences are our own. Publication: Wednesday 1 July 2020.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from tests.extract.conftest import document

from chinatracker.extract.event_dates import borrowed_date, event_date
from chinatracker.extract.gazetteer import Gazetteer, gazetteer
from chinatracker.extract.pipeline import SentenceView, analyse
from chinatracker.records import DateSpan

PUBLISHED = dt.date(2020, 7, 1)  # a Wednesday
D = dt.date


@cache
def names() -> Gazetteer:
    return gazetteer()


def sentences(text: str, published: dt.date | None = PUBLISHED) -> list[SentenceView]:
    return analyse(document(text, published), names()).sentences


def date_of(text: str, category: str = "aid.medical") -> DateSpan | None:
    return event_date(sentences(text), category, PUBLISHED)


def start_of(text: str, category: str = "aid.medical") -> dt.date | None:
    found = date_of(text, category)
    return found.start if found else None


@pytest.mark.parametrize(
    "sentence",
    [
        "China has sent one million masks to Greece, the Greek Health Ministry said on Saturday.",
        "Zambia received masks from Jack Ma, a government official said Tuesday.",
        "The firm donated 300,000 masks to Italy, GizmoChina reported on Monday.",
        "China donated gloves to the agency, today said a press release.",
        "China handed over ten vehicles to Fiji, according to a report from the Media Centre of "
        "the Fiji Government on Friday.",
    ],
)
def test_report_date_is_not_the_happening(sentence: str) -> None:
    assert date_of(sentence) is None


@pytest.mark.parametrize("category", ["narrative.information", "diplomacy.high_level"])
def test_report_date_outside_deliveries_is_the_happening(category: str) -> None:
    """Outside deliveries, the day an official spoke is the day of what is reported."""
    sentence = "The United States holds a wrong view of China, Wang Yi said on Monday."
    assert start_of(sentence, category) == D(2020, 6, 29)


def test_date_after_said_with_its_own_verb_is_the_happening() -> None:
    sentence = "The ministry said the masks arrived in Athens on Monday."
    assert start_of(sentence) == D(2020, 6, 29)


def test_report_date_gives_way_to_the_happening() -> None:
    sentence = "The kits arrived on Sunday, June 28, the health authority reported on Tuesday."
    assert start_of(sentence) == D(2020, 6, 28)


def test_a_date_three_sentences_away_is_lent() -> None:
    """News often names the happening, adds two sentences of detail, then dates it."""
    text = "\n\n".join(
        [
            "China donated masks to Peru.",
            "The masks are of the N95 type.",
            "They will go to hospitals in Lima.",
            "The shipment landed in Lima on Monday.",
        ]
    )
    views = sentences(text)
    found = borrowed_date(views, [views[0]], "aid.medical", PUBLISHED, lambda v: True)
    assert found is not None and found.start == D(2020, 6, 29)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Since August 2019, the army has provided vaccines to its neighbours.", None),
        ("After March 5 the team visited three hospitals in Lusaka on Monday.", D(2020, 6, 29)),
        ("China pledged to help vaccinate 60 percent of Africans by 2021.", None),
        ("All gifts were delivered by June 13, the company said.", D(2020, 6, 13)),
    ],
)
def test_reference_points_and_targets_are_not_the_happening(
    sentence: str, expected: dt.date | None
) -> None:
    assert start_of(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # decision 15: a date five months or more before publication is background
        (
            "Despite the February 2019 dispute, China donated masks to Chile on Monday.",
            D(2020, 6, 29),
        ),
        ("Since its deployment in July 2018, the force has patrolled the region.", None),
        ("Thailand met China in Bangkok last November to discuss visas.", None),
        # a month of this spring is still current
        ("China donated ventilators to Peru in April.", D(2020, 4, 1)),
    ],
)
def test_dates_long_before_publication_are_background(
    sentence: str, expected: dt.date | None
) -> None:
    assert start_of(sentence, "diplomacy.high_level") == expected


def test_a_day_or_month_beats_a_bare_year() -> None:
    sentence = "The 2020 forum on China-Africa cooperation opened in Beijing on June 4."
    assert start_of(sentence, "diplomacy.high_level") == D(2020, 6, 4)


def test_a_year_alone_is_kept() -> None:
    sentence = "China will host the forum in Beijing next year."
    found = date_of(sentence, "diplomacy.high_level")
    assert found is not None and (found.start, found.precision) == (D(2021, 1, 1), "year")


def test_a_date_naming_another_thing_gives_way() -> None:
    sentence = "After the June election, the president met Xi Jinping in Beijing on Monday."
    assert start_of(sentence, "diplomacy.high_level") == D(2020, 6, 29)


def test_a_date_naming_another_thing_is_kept_alone() -> None:
    sentence = "The leaders recalled the June 15 meeting between Xi and Modi."
    assert start_of(sentence, "diplomacy.high_level") == D(2020, 6, 15)


@pytest.mark.parametrize("phrase", ["last week", "earlier this week", "this week"])
def test_weeks_are_coded_as_their_month(phrase: str) -> None:
    """Decision 10 and 29: month precision, start on the first, no end; the week of Monday
    29 June 2020 straddles two months and takes the earlier."""
    found = date_of(f"China delivered the masks to Lima {phrase}.")
    assert found is not None
    assert (found.start, found.end, found.precision) == (D(2020, 6, 1), None, "month")


@pytest.mark.parametrize(
    "text",
    [
        "BEIJING\n, June 30, 2020 /PRNewswire/ -- China donated masks to the WHO.",
        "ATHENS (UrduPoint News / Sputnik - 30th June, 2020) China has sent masks to Greece.",
    ],
)
def test_a_dateline_dates_the_filing_not_the_event(text: str) -> None:
    views = sentences(text)
    assert any(view.dates for view in views)  # the date is found, and then set aside
    assert event_date(views, "aid.medical", PUBLISHED) is None


@pytest.mark.parametrize(
    ("sentence", "first_day"),
    [
        ("The minister met Wang Yi, whose four-day visit concluded on Monday.", D(2020, 6, 26)),
        (
            "Wrapping up his three-day trip to Laos on Tuesday, the president met Li Qiang.",
            D(2020, 6, 28),
        ),
        ("Xi met Lula at the 2-day summit that ended on June 20.", D(2020, 6, 19)),
    ],
)
def test_a_span_dated_by_its_end_starts_on_its_first_day(sentence: str, first_day: dt.date) -> None:
    """Decision 29: a multi-day happening is dated by its first day, counted back from the
    last when the text gives the length and the end."""
    found = date_of(sentence, "diplomacy.high_level")
    assert found is not None
    assert (found.start, found.precision) == (first_day, "day")


def test_a_span_without_its_length_keeps_the_date_given() -> None:
    assert start_of("The visit concluded on Monday.", "diplomacy.high_level") == D(2020, 6, 29)


def test_no_date_without_publication_for_relative_words() -> None:
    views = sentences("China sent doctors to Serbia on Monday.", published=None)
    assert event_date(views, "projection.hadr", None) is None


# --- borrowing from a neighbouring sentence --------------------------------------------------
STORY = (
    "Pakistan and China started a joint naval exercise in Shanghai on Sunday.\n\n"
    "The drill is a normal arrangement between the two militaries, a spokesperson said.\n\n"
    "Separately, Italy opened a new embassy in Lima on June 2."
)


def test_an_undated_event_borrows_its_neighbours_date() -> None:
    views = sentences(STORY)
    event = [views[1]]
    assert event_date(event, "diplomacy.exercises_port_calls", PUBLISHED) is None
    found = borrowed_date(
        views, event, "diplomacy.exercises_port_calls", PUBLISHED, lambda v: v.index == 0
    )
    assert found is not None and found.start == D(2020, 6, 28)


def test_no_date_is_borrowed_from_another_story() -> None:
    """Decision 31: a reaction the text does not date is not given another happening's date;
    the caller says which neighbours tell the same story (here none)."""
    views = sentences(STORY)
    found = borrowed_date(
        views, [views[1]], "diplomacy.exercises_port_calls", PUBLISHED, lambda v: False
    )
    assert found is None


def test_the_nearest_neighbour_lends_first() -> None:
    views = sentences(STORY)
    found = borrowed_date(
        views, [views[1]], "diplomacy.exercises_port_calls", PUBLISHED, lambda v: v.index == 2
    )
    assert found is not None and found.start == D(2020, 6, 2)


def test_no_date_is_borrowed_from_far_away() -> None:
    text = "\n\n".join(
        [
            "China donated masks to Peru on Monday.",
            "The masks are of the N95 type.",
            "They will go to hospitals in Lima.",
            "Nurses will get them first.",
            "The health ministry thanked China for the masks.",
        ]
    )
    views = sentences(text)
    found = borrowed_date(views, [views[4]], "aid.medical", PUBLISHED, lambda v: True)
    assert found is None


@pytest.mark.parametrize(
    "sentence",
    [
        "At the meeting with Li Qiang it was agreed that 2021 would be a year of friendship.",
        "China also agreed to economy-wide 2035 climate targets at the summit.",
    ],
)
def test_year_after_publication_is_no_happening(sentence: str) -> None:
    """A later year that names a thing, not the time of a planned happening, dates none."""
    assert date_of(sentence, "diplomacy.high_level") is None


def test_year_after_publication_in_a_plan_is_kept() -> None:
    found = date_of("China will host the next forum in 2022.", "diplomacy.high_level")
    assert found is not None and (found.start, found.precision) == (D(2022, 1, 1), "year")


@pytest.mark.parametrize(
    "sentence",
    [
        "The 2020 China-Africa summit is expected to strengthen cooperation.",
        "Chinese Premier Li Qiang is also expected to visit Malaysia this year.",
    ],
)
def test_publication_year_alone_is_the_publication_month(sentence: str) -> None:
    """A current event dated only by the publication year is news of the publication month
    (decisions 10 and 15)."""
    found = date_of(sentence, "diplomacy.high_level")
    assert found is not None and (found.start, found.precision) == (D(2020, 7, 1), "month")


@pytest.mark.parametrize(
    "sentence",
    [
        "Earlier this year, China sent a medical team to Serbia.",
        "Later this year, China will send a medical team to Serbia.",
    ],
)
def test_other_years_stay_years(sentence: str) -> None:
    found = date_of(sentence, "projection.hadr")
    assert found is not None and found.precision == "year"


@pytest.mark.parametrize(
    "sentence",
    [
        "Delegates of 130 countries are in Beijing for the three-day talking shop that wraps up "
        "on Wednesday.",
        "The premier welcomed Wang Yi on Wednesday, the last leg of his three-day visit.",
    ],
)
def test_span_dated_by_its_last_day_starts_on_its_first(sentence: str) -> None:
    """Decision 29: a multi-day happening is dated by its first day, counted back."""
    assert start_of(sentence, "diplomacy.high_level") == D(2020, 6, 29)


@pytest.mark.parametrize(
    "sentence",
    [
        "BEIJING, Jun 28 (APP): China's Ningxia region has donated masks to Punjab province.",
        "The masks were handed over to Punjab, according to local media here on Monday.",
    ],
)
def test_filing_and_report_dates_of_a_delivery(sentence: str) -> None:
    """A dateline before "(APP)" and "according to local media here on Monday" date the report."""
    assert date_of(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Since the beginning of his term as prime minister in May, he has courted China.", None),
        ("Following his inauguration on June 20, he visited Beijing on Monday.", D(2020, 6, 29)),
        ("After talks on Monday, the two ministers signed a defence pact.", D(2020, 6, 29)),
    ],
)
def test_date_of_a_reference_phrase(sentence: str, expected: dt.date | None) -> None:
    """A short phrase after "since", "following" at the start of a sentence dates itself, not
    the happening; "after talks on Monday" is the talks, often the happening itself."""
    assert start_of(sentence, "diplomacy.high_level") == expected


def test_since_clause_dates_another_span() -> None:
    sentence = "Ties have improved since the two presidents met on June 2, Wang Yi said on Monday."
    assert start_of(sentence, "diplomacy.high_level") == D(2020, 6, 29)
