"""Dates: absolute, month, year, relative and range expressions, resolved against publication.

Sentences here are our own; real text is read in place from ../shared/corpus. Most tests use a
publication date of Wednesday 1 July 2020.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from chinatracker.extract.dates import FoundDate, find_dates, resolve_date_phrase

PUBLISHED = dt.date(2020, 7, 1)  # a Wednesday
D = dt.date


def only(text: str, published: dt.date | None = PUBLISHED) -> FoundDate:
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


def spans(text: str, published: dt.date | None = PUBLISHED) -> list[tuple[object, ...]]:
    return [
        (d.kind, d.span.start, d.span.end, d.span.precision, d.text)
        for d in find_dates(text, published)
    ]


def assert_well_formed(text: str, found: list[FoundDate]) -> None:
    """Offsets point at the date's text, in order, without overlaps."""
    previous_end = -1
    for d in found:
        assert d.text == text[d.start : d.end]
        assert d.start >= previous_end
        assert d.span.end is None or d.span.end > d.span.start
        previous_end = d.end


# --- absolute dates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "day", "text"),
    [
        ("The law passed on June 15, 2020, after a debate.", D(2020, 6, 15), "June 15, 2020"),
        ("The law passed on 15 June 2020 after a debate.", D(2020, 6, 15), "15 June 2020"),
        ("The law passed on 2020-06-15 after a debate.", D(2020, 6, 15), "2020-06-15"),
        ("The law passed on June 15 after a debate.", D(2020, 6, 15), "June 15"),
        ("Ships were seen on June 4, the anniversary.", D(2020, 6, 4), "June 4"),
        ("Two ships gave chase on May 8, as it fished.", D(2020, 5, 8), "May 8"),
        ("It was the 30th of June.", D(2020, 6, 30), "30th of June"),
        ("Reserves moved under the CMC from July 1.", D(2020, 7, 1), "July 1"),
        ("It was signed on Oct. 5, 2019 in Beijing.", D(2019, 10, 5), "Oct. 5, 2019"),
        ("SUNDAY, SEPTEMBER 24, 2023", D(2023, 9, 24), "SEPTEMBER 24, 2023"),
    ],
)
def test_absolute_day(sentence: str, day: dt.date, text: str) -> None:
    found = only(sentence)
    assert (found.kind, found.span.start, found.span.end, found.span.precision) == (
        "absolute",
        day,
        None,
        "day",
    )
    assert found.text == text == found.span.text


def test_page_clutter_date_is_a_date() -> None:
    found = only("PUBLISHED : 24 Oct 2024 at 01:59", D(2024, 10, 24))
    assert (found.span.start, found.text) == (D(2024, 10, 24), "24 Oct 2024")


def test_weekday_before_full_date_is_not_a_second_date() -> None:
    assert spans("Friday, October 24, 2024: the summit opened.") == [
        ("absolute", D(2024, 10, 24), None, "day", "October 24, 2024")
    ]


def test_impossible_day_is_dropped() -> None:
    assert find_dates("It was June 31, 2020 or February 29, 2019.", PUBLISHED) == []


# --- year inference ------------------------------------------------------------------------------
def test_missing_year_is_publication_year() -> None:
    assert only("It happened on March 30.").span.start == D(2020, 3, 30)


def test_missing_year_more_than_two_months_ahead_is_previous_year() -> None:
    assert only("It sailed on December 20.", D(2020, 1, 5)).span.start == D(2019, 12, 20)
    assert only("It returned in October.").span.start == D(2019, 10, 1)


def test_missing_year_within_two_months_ahead_stays_in_publication_year() -> None:
    assert only("It will return in August.").span.start == D(2020, 8, 1)
    assert only("A probe goes to Mars in September.").span.start == D(2020, 9, 1)


def test_month_with_this_or_last_year() -> None:
    assert spans("It was held in May last year, not March this year.") == [
        ("month", D(2019, 5, 1), None, "month", "May last year"),
        ("month", D(2020, 3, 1), None, "month", "March this year"),
    ]


# --- months and years ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "month", "text"),
    [
        ("The request came in mid-January.", D(2020, 1, 1), "mid-January"),
        ("A boat sank in early April.", D(2020, 4, 1), "early April"),
        ("NORINCO said in late March that it had delivered.", D(2020, 3, 1), "late March"),
        ("He visited Russia at the end of June.", D(2020, 6, 1), "end of June"),
        ("In April, the government named the reefs.", D(2020, 4, 1), "April"),
        ("Two submarines entered service in April.", D(2020, 4, 1), "April"),
        ("It was arrested in April 2020.", D(2020, 4, 1), "April 2020"),
        ("It was arrested in September 2017.", D(2017, 9, 1), "September 2017"),
        ("There were scuffles since early May.", D(2020, 5, 1), "early May"),
        ("The data will be out by May.", D(2021, 5, 1), "May"),  # the future: next May
        ("As of late June 2020, patrols went on.", D(2020, 6, 1), "late June 2020"),
    ],
)
def test_month_precision(sentence: str, month: dt.date, text: str) -> None:
    found = only(sentence)
    assert (found.kind, found.span.start, found.span.end, found.span.precision) == (
        "month",
        month,
        None,
        "month",
    )
    assert found.text == text


@pytest.mark.parametrize(
    ("sentence", "year", "text"),
    [
        ("It was founded in 2019.", 2019, "2019"),
        ("It aims to win wars by 2049.", 2049, "2049"),
        ("The 1989 crackdown is remembered.", 1989, "1989"),
        ("China's 2019 white paper said so.", 2019, "2019"),
        ("Growth should pick up in early 2021.", 2021, "early 2021"),
    ],
)
def test_year_precision(sentence: str, year: int, text: str) -> None:
    found = only(sentence)
    assert (found.kind, found.span.start, found.span.precision, found.text) == (
        "year",
        D(year, 1, 1),
        "year",
        text,
    )


def test_decades_are_skipped() -> None:
    assert find_dates("Relations thawed in the 1990s.", PUBLISHED) == []


# --- false positives -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "China may have conducted tests.",
        "May the talks succeed.",
        "Troops march to the border and March on.",
        "The Long March 3B rocket failed.",
        "The Long March 5 rocket and the Long March 7A rocket failed.",
        "The Type 055 destroyer was commissioned.",
        "Shops closed on Good Friday.",
        "The paper appears every Monday.",
        "The plan is called Vision 2030.",
        "The army sent 2000 troops.",
        "Prices rose by 2020 percent.",
        "The Mar Menor lagoon is in Spain.",
        "After the meeting, the ministers left.",
        "A report from Hunan Today: the ministers left.",
        "The figures were reported by India Today.",
        "In today's world, hunger is rising.",
        "The supply boat Unaizah May 4 was hit by water cannon.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, PUBLISHED) == []


# --- relative dates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("on Friday", D(2020, 6, 26), None, "day"),
        ("last Friday", D(2020, 6, 26), None, "day"),
        ("this Friday", D(2020, 6, 26), None, "day"),
        ("next Friday", D(2020, 7, 3), None, "day"),
        ("on Wednesday", D(2020, 7, 1), None, "day"),
        ("last Wednesday", D(2020, 6, 24), None, "day"),
        ("yesterday", D(2020, 6, 30), None, "day"),
        ("today", D(2020, 7, 1), None, "day"),
        ("last week", D(2020, 6, 22), D(2020, 6, 28), "day"),
        ("this week", D(2020, 6, 29), D(2020, 7, 5), "day"),
        ("last weekend", D(2020, 6, 27), D(2020, 6, 28), "day"),
        ("last month", D(2020, 6, 1), None, "month"),
        ("earlier this month", D(2020, 7, 1), None, "month"),
        ("this year", D(2020, 1, 1), None, "year"),
        ("last year", D(2019, 1, 1), None, "year"),
        ("late last year", D(2019, 1, 1), None, "year"),
        ("two weeks ago", D(2020, 6, 17), None, "day"),
        ("three days ago", D(2020, 6, 28), None, "day"),
        ("a year ago", D(2019, 1, 1), None, "year"),
        ("last night", D(2020, 6, 30), None, "day"),
        ("tonight", D(2020, 7, 1), None, "day"),
        ("this evening", D(2020, 7, 1), None, "day"),
        ("earlier today", D(2020, 7, 1), None, "day"),
        ("over the weekend", D(2020, 6, 27), D(2020, 6, 28), "day"),
    ],
)
def test_relative_to_publication(
    phrase: str, start: dt.date, end: dt.date | None, precision: str
) -> None:
    sentence = f"Officials said it happened {phrase}, citing records."
    found = only(sentence)
    assert (found.kind, found.span.start, found.span.end, found.span.precision) == (
        "relative",
        start,
        end,
        precision,
    )
    assert found.text in phrase


def test_weekday_in_future_sentence_is_next_occurrence() -> None:
    assert only("The talks will be held on Friday.").span.start == D(2020, 7, 3)


@pytest.mark.parametrize(
    ("published", "start"),
    [
        (D(2023, 10, 30), D(2023, 10, 28)),  # a Monday paper: the weekend just gone
        (D(2023, 10, 29), D(2023, 10, 28)),  # a Sunday paper: yesterday and today
        (D(2023, 10, 28), D(2023, 10, 28)),  # a Saturday paper: this weekend
    ],
)
def test_over_the_weekend_is_the_latest_weekend(published: dt.date, start: dt.date) -> None:
    assert only("The minister visited Washington over the weekend.", published).span.start == start


def test_weekend_in_future_sentence_is_the_coming_one() -> None:
    found = only("The ministers will meet in Laos at the weekend.")
    assert (found.span.start, found.span.end) == (D(2020, 7, 4), D(2020, 7, 5))


@pytest.mark.parametrize(
    "sentence",
    [
        "China will donate vaccines to Sudan, the ambassador announced on Friday.",
        '"China-ASEAN ties will be as firm as ever," Li said on Friday.',
        "The government will send more masks, officials told reporters Friday.",
    ],
)
def test_weekday_after_a_past_verb_is_past(sentence: str) -> None:
    """The promise is reported; the saying is past (publication: Wednesday 1 July 2020)."""
    assert only(sentence).span.start == D(2020, 6, 26)


def test_weekday_after_a_participle_of_the_future_is_future() -> None:
    assert only("The summit will be held on Friday.").span.start == D(2020, 7, 3)


def test_no_publication_date_drops_what_needs_one() -> None:
    text = "On June 15, yesterday, on Friday, in April, last year, in April 2019 and in 2018."
    assert spans(text, None) == [
        ("month", D(2019, 4, 1), None, "month", "April 2019"),
        ("year", D(2018, 1, 1), None, "year", "2018"),
    ]


def test_datetime_publication_is_accepted() -> None:
    published = dt.datetime(2020, 7, 1, 9, 30)
    assert only("It happened yesterday.", published).span.start == D(2020, 6, 30)


# --- ranges --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision", "text"),
    [
        (
            "Planes flew between March 13 and June 19, carrying masks.",
            D(2020, 3, 13),
            D(2020, 6, 19),
            "day",
            "March 13 and June 19",
        ),
        (
            "Jets scrambled between April 1, 2019 and March 31, 2020.",
            D(2019, 4, 1),
            D(2020, 3, 31),
            "day",
            "April 1, 2019 and March 31, 2020",
        ),
        ("Sales rose from January to June.", D(2020, 1, 1), D(2020, 6, 30), "month", None),
        ("Sales rose in January–June 2020.", D(2020, 1, 1), D(2020, 6, 30), "month", None),
        ("Between January and June, drills went on.", D(2020, 1, 1), D(2020, 6, 30), "month", None),
        ("Flights ran March 13–June 19.", D(2020, 3, 13), D(2020, 6, 19), "day", None),
        ("Flights ran March 13–June 19, 2020.", D(2020, 3, 13), D(2020, 6, 19), "day", None),
        ("The drill was held on February 9-10.", D(2020, 2, 9), D(2020, 2, 10), "day", None),
        ("The fair runs 9–10 February 2020.", D(2020, 2, 9), D(2020, 2, 10), "day", None),
        ("It ran from November to February.", D(2019, 11, 1), D(2020, 2, 29), "month", None),
        (
            "Audits ran between 2015 and 2019.",
            D(2015, 1, 1),
            D(2019, 12, 31),
            "year",
            "2015 and 2019",
        ),
        ("The plan covers 2021–2025.", D(2021, 1, 1), D(2025, 12, 31), "year", "2021–2025"),
    ],
)
def test_ranges(
    sentence: str, start: dt.date, end: dt.date, precision: str, text: str | None
) -> None:
    found = only(sentence)
    assert (found.kind, found.span.start, found.span.end, found.span.precision) == (
        "range",
        start,
        end,
        precision,
    )
    if text is not None:
        assert found.text == text


def test_two_dates_joined_by_and_are_not_a_range() -> None:
    assert spans("Talks were set for June 22 and June 28.") == [
        ("absolute", D(2020, 6, 22), None, "day", "June 22"),
        ("absolute", D(2020, 6, 28), None, "day", "June 28"),
    ]


def test_bare_months_without_trigger_are_not_a_range() -> None:
    assert find_dates("The January and June figures differ.", PUBLISHED) == []


# --- order, offsets, windows ---------------------------------------------------------------------
def test_dates_are_sorted_with_exact_offsets() -> None:
    text = (
        "In mid-January talks began; on June 15, 2020 troops clashed; between March 13 and "
        "June 19 planes flew; last week\u00a0officials met; by 2049 goals are due."
    )
    found = find_dates(text, PUBLISHED)
    assert [d.kind for d in found] == ["month", "absolute", "range", "relative", "year"]
    assert_well_formed(text, found)


def test_window_returns_absolute_offsets_inside_it() -> None:
    text = "On May 8 a ship sailed. On June 4 another followed. On June 9 a third."
    start, end = text.index("On June 4"), text.index(" another")
    found = find_dates(text, PUBLISHED, start, end)
    assert [(d.span.start, d.start, d.end) for d in found] == [
        (D(2020, 6, 4), text.index("June 4"), text.index("June 4") + len("June 4"))
    ]


# --- resolve_date_phrase -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("June 15", D(2020, 6, 15), None, "day"),
        ("April", D(2020, 4, 1), None, "month"),
        ("May", D(2020, 5, 1), None, "month"),
        ("mid-January", D(2020, 1, 1), None, "month"),
        ("2019", D(2019, 1, 1), None, "year"),
        ("last week", D(2020, 6, 22), D(2020, 6, 28), "day"),
        ("between March 13 and June 19", D(2020, 3, 13), D(2020, 6, 19), "day"),
    ],
)
def test_resolve_date_phrase(
    phrase: str, start: dt.date, end: dt.date | None, precision: str
) -> None:
    span = resolve_date_phrase(phrase, PUBLISHED)
    assert span is not None
    assert (span.start, span.end, span.precision) == (start, end, precision)


def test_resolve_date_phrase_without_date_or_publication() -> None:
    assert resolve_date_phrase("the next meeting", PUBLISHED) is None
    assert resolve_date_phrase("June 15", None) is None


# --- real text, read in place --------------------------------------------------------------------
SEEDS = {
    "000_253d5383114d3200.txt": D(2020, 4, 1),
    "001_f2c43f3a420519f3.txt": D(2020, 5, 15),
    "003_b5431f1753da667a.txt": D(2020, 7, 1),
}


def read_seed(corpus: Path, name: str) -> str:
    path = corpus / "seeds" / name
    if not path.is_file():
        pytest.skip(f"seed {name} not found")
    return path.read_text(encoding="utf-8")


def test_seed_003_known_dates(shared_corpus: Path) -> None:
    found = {
        (d.kind, d.span.start, d.span.end, d.span.precision)
        for d in find_dates(read_seed(shared_corpus, "003_b5431f1753da667a.txt"), PUBLISHED)
    }
    for expected in [
        ("range", D(2020, 3, 13), D(2020, 6, 19), "day"),
        ("absolute", D(2020, 6, 20), None, "day"),
        ("range", D(2019, 4, 1), D(2020, 3, 31), "day"),
        ("range", D(2020, 2, 9), D(2020, 2, 10), "day"),
        ("range", D(2020, 1, 1), D(2020, 6, 30), "month"),
        ("absolute", D(2020, 6, 15), None, "day"),
        ("month", D(2019, 12, 1), None, "month"),  # "commissioned in December"
        ("year", D(2049, 1, 1), None, "year"),
    ]:
        assert expected in found


def test_seed_003_no_date_from_rocket_names(shared_corpus: Path) -> None:
    text = read_seed(shared_corpus, "003_b5431f1753da667a.txt")
    found = find_dates(text, PUBLISHED)
    rockets = [m.span() for m in re.finditer(r"Long March \w+", text)]
    assert rockets
    for start, end in rockets:
        assert not any(d.start < end and start < d.end for d in found)
    assert all("may have" not in text[d.start : d.end + 5] for d in found)


def test_seed_dates_are_well_formed_and_not_after_publication(shared_corpus: Path) -> None:
    for name, published in SEEDS.items():
        text = read_seed(shared_corpus, name)
        found = find_dates(text, published)
        assert found
        assert_well_formed(text, found)
        for d in found:
            if not re.search(r"\d{4}", d.text):  # a year the text does not state is inferred
                assert d.span.start <= published + dt.timedelta(days=62)


def test_china_media_inferred_years_never_beyond_publication_plus_one(
    shared_corpus: Path,
) -> None:
    path = shared_corpus / "china_media" / "articles.jsonl"
    if not path.is_file():
        pytest.skip("china_media corpus not found")
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for _, line in zip(range(200), lines, strict=False)]
    checked = 0
    for row in rows:
        try:
            published = dt.date.fromisoformat(str(row.get("published"))[:10])
        except ValueError:
            continue
        found = find_dates(row["text"], published)
        assert_well_formed(row["text"], found)
        for d in found:
            if not re.search(r"\d{4}", d.text):
                assert d.span.start.year <= published.year + 1, d
                checked += 1
    assert checked > 0


def test_line_wrap_keeps_the_future_of_its_sentence() -> None:
    """A line break inside a sentence is a wrap: "will" before it still speaks of the future."""
    found = only("The summit will be held in\nBeijing\non Friday.")
    assert found.span.start == D(2020, 7, 3)


@pytest.mark.parametrize(
    ("text", "published", "start", "end"),
    [
        # Thursday paper: alone, "Wednesday" (future) would be next week's, after Friday.
        ("The summit is to be held from Wednesday to Friday.", D(2020, 7, 2), D(2020, 7, 1), None),
        ("The drill ran from Monday to Wednesday.", PUBLISHED, D(2020, 6, 29), D(2020, 7, 1)),
        ("The summit will be held from Thursday to Saturday.", PUBLISHED, D(2020, 7, 2), None),
    ],
)
def test_weekday_range_runs_forward(
    text: str, published: dt.date, start: dt.date, end: dt.date | None
) -> None:
    found = only(text, published)
    assert found.kind == "range"
    assert found.span.start == start
    assert found.span.end == (end or start + dt.timedelta(days=2))


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        ("The summit will be held in Kazan in October.", D(2020, 10, 1)),
        ("Leaders are expected to meet in March.", D(2021, 3, 1)),
        ("Leaders met in March.", D(2020, 3, 1)),
        ("The forum is set to open on October 22.", D(2020, 10, 22)),
    ],
)
def test_future_month_is_the_next_one(sentence: str, start: dt.date) -> None:
    """A sentence about the future names the next such month or day, however far ahead."""
    assert only(sentence).span.start == start
