"""Breakdowns, top lists, time series and tracing on hand-built canonical records."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chinatracker.analysis import (
    BreakdownRow,
    breakdown,
    dimension_names,
    time_series,
    to_frame,
    top,
    trace,
)
from chinatracker.errors import ConfigError
from chinatracker.resolve import CanonicalAid

Make = Callable[..., CanonicalAid]


@pytest.fixture
def records(canonical: Make) -> list[CanonicalAid]:
    return [
        canonical("a", "military", "ARG", "2020-06-05", items=("masks", "protective_suits")),
        canonical(
            "b", "military", "ZWE", "2020-06-04", quantities={"masks": 62000}, documents=(1, 2)
        ),
        canonical("c", "military", "RWA", "2020-06-03", quantities={"masks": 56000}),
        canonical("d", "government", "ITA", "2020-03-12", institution="civil_society"),
        canonical("e", "government", "KOR", "2020-03-16", quantities={"masks": 1e6}),
        canonical("f", "government", "KOR", "2020-03-23", quantities={"masks": 1e6}),
        canonical("g", "private", "JPN", None, institution="unknown", documents=(3,)),
    ]


def keyed(rows: list[BreakdownRow]) -> dict[tuple[str, ...], BreakdownRow]:
    return {r.key: r for r in rows}


def test_every_documented_dimension_is_registered() -> None:
    assert set(dimension_names()) >= {
        "country", "region", "subregion", "income_group", "bri", "channel",
        "institution_type", "item", "month", "week", "developing",
    }  # fmt: skip


def test_counts_and_sums_by_channel(records: list[CanonicalAid]) -> None:
    rows = keyed(breakdown(records, "channel"))
    military = rows[("military",)]
    assert (military.records, military.countries, military.documents) == (3, 3, 2)
    assert military.quantities == {"masks": 118000}
    assert military.record_ids == ("a", "b", "c")
    government = rows[("government",)]
    assert (government.records, government.countries) == (3, 2)


def test_region_income_group_and_bri_at_the_event_date(records: list[CanonicalAid]) -> None:
    regions = {r.key[0]: r.records for r in breakdown(records, "region")}
    assert regions == {"Africa": 2, "Americas": 1, "Asia": 3, "Europe": 1}
    bri = {r.key[0]: r.record_ids for r in breakdown(records, "bri")}
    assert bri["non-member"] == ("a", "g")  # Argentina in June 2020; Japan never signed
    income = {r.key[0]: r.record_ids for r in breakdown(records, "income_group")}
    assert "c" in income["low"]  # Rwanda: the FY2020 classification in force on 3 June 2020


def test_two_dimensions_and_items_counted_under_each(records: list[CanonicalAid]) -> None:
    rows = keyed(breakdown(records, "channel", "item"))
    assert rows[("military", "masks")].records == 3
    assert rows[("military", "protective_suits")].record_ids == ("a",)


def test_months_weeks_and_unknown_dates(records: list[CanonicalAid]) -> None:
    months = {r.key[0]: r.records for r in breakdown(records, "month")}
    # The undated Japanese record counts at its first source's publication (2020-12-31).
    assert months == {"2020-03": 3, "2020-06": 3, "2020-12": 1}
    weeks = {r.key[0] for r in breakdown(records, "week")}
    assert "2020-W23" in weeks


def test_time_series_fills_empty_periods(records: list[CanonicalAid]) -> None:
    rows = time_series(records, "month", by="channel")
    periods = [r.key[0] for r in rows]
    assert periods[0] == "2020-03"
    assert periods[-1] == "2020-12"
    assert len(rows) == 10 * 3
    april = keyed(rows)[("2020-04", "military")]
    assert april.records == 0


def test_top_lists(records: list[CanonicalAid]) -> None:
    [first] = top(records, "country", 1)
    assert first.key == ("KOR",)
    assert first.records == 2


def test_unknown_dimension_is_a_user_error(records: list[CanonicalAid]) -> None:
    with pytest.raises(ConfigError, match="unknown dimension 'colour'"):
        breakdown(records, "colour")


def test_rows_become_a_dataframe(records: list[CanonicalAid]) -> None:
    frame = to_frame(breakdown(records, "channel"))
    assert list(frame.columns[:4]) == ["channel", "records", "countries", "documents"]
    assert frame.set_index("channel").loc["military", "quantity_masks"] == 118000


def test_trace_lists_the_records_and_sources_behind_a_figure(records: list[CanonicalAid]) -> None:
    rows = trace(records, channel="military", bri="non-member")
    assert [(r.record_id, r.recipient, r.path) for r in rows] == [("a", "ARG", "doc-1.txt")]
    zimbabwe = trace(records, ["b"])
    assert [r.document_id for r in zimbabwe] == [1, 2]


def test_unknown_period_is_a_user_error(records: list[CanonicalAid]) -> None:
    with pytest.raises(ConfigError, match="unknown period 'fortnight'"):
        time_series(records, "fortnight")
