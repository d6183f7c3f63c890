"""compare_channels on small hand-built canonical records, one figure at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from chinatracker.analysis import AidSelection, compare_channels, to_frame
from chinatracker.resolve import CanonicalAid

Make = Callable[..., CanonicalAid]


@pytest.fixture
def records(canonical: Make) -> list[CanonicalAid]:
    return [
        canonical("m-arg", "military", "ARG", "2020-06-05"),
        canonical("m-zwe-1", "military", "ZWE", "2020-06-04"),
        canonical("m-zwe-2", "military", "ZWE", "2020-03-01", institution="health"),
        canonical("m-srb", "military", "SRB", "2020-06-13"),
        canonical("g-srb", "government", "SRB", "2020-03-21", institution="health"),
        canonical("g-ita", "government", "ITA", "2020-03-12", institution="civil_society"),
        canonical("g-bfa", "government", "BFA", "2020-04-16", institution="unknown"),
        canonical("p-usa", "private", "USA", "2020-03-16", institution="health"),
        canonical("p-zwe", "private", "ZWE", "2020-04-21", institution="civil_society"),
        # Never counted by default: a pledge, a sale, aid to China, a record with no country.
        canonical("p-esp-pledge", "private", "ESP", mode="pledge", status="pledged"),
        canonical("p-usa-sale", "private", "USA", mode="sale"),
        canonical("j-chn", "government", "CHN", donor_country="JPN"),
        canonical("g-who", "government", None, institution="international_org"),
    ]


def test_recipient_sets_overlap_and_only_one_channel(records: list[CanonicalAid]) -> None:
    result = compare_channels(records, ["military", "government", "private"])
    military = result.summary("military")
    assert military.countries == ("ARG", "SRB", "ZWE")
    assert military.records == 4
    assert military.record_ids["ZWE"] == ("m-zwe-1", "m-zwe-2")
    assert result.summary("government").countries == ("BFA", "ITA", "SRB")
    assert result.summary("private").countries == ("USA", "ZWE")
    assert result.overlap("military", "government") == ("SRB",)
    assert result.overlap("private", "military") == ("ZWE",)
    assert result.overlap("government", "private") == ()
    assert result.common == ()
    assert military.only == ("ARG",)
    assert result.summary("government").only == ("BFA", "ITA")
    assert result.summary("private").only == ("USA",)


def test_bri_membership_is_answered_at_the_event_date(records: list[CanonicalAid]) -> None:
    # Argentina signed its BRI MoU on 6 February 2022: not a member on 5 June 2020.
    result = compare_channels(records, ["military", "government"])
    military = result.summary("military")
    assert military.non_bri == ("ARG",)
    assert military.bri == ("SRB", "ZWE")
    assert military.share_bri == pytest.approx(2 / 3)
    # Burkina Faso signed in 2021; Italy was a member in 2020 (it left in 2023).
    government = result.summary("government")
    assert government.non_bri == ("BFA",)
    assert government.bri == ("ITA", "SRB")


def test_a_later_gift_to_argentina_counts_as_bri(canonical: Make) -> None:
    later = [canonical("a", "military", "ARG", "2022-03-01"), canonical("b", "private", "JPN")]
    assert compare_channels(later, ["military", "private"]).summary("military").bri == ("ARG",)


def test_bri_uses_the_channels_first_gift_to_a_country(canonical: Make) -> None:
    records = [
        canonical("late", "military", "ARG", "2022-03-01"),
        canonical("early", "military", "ARG", "2020-06-05"),
        canonical("other", "private", "USA"),
    ]
    summary = compare_channels(records, ["military", "private"]).summary("military")
    assert summary.non_bri == ("ARG",)


def test_shares_of_developing_countries_and_defence_records(records: list[CanonicalAid]) -> None:
    result = compare_channels(records, ["military", "government", "private"])
    military = result.summary("military")
    assert military.developing == ("ARG", "ZWE")
    assert military.developed == ("SRB",)
    assert military.share_developing == pytest.approx(2 / 3)
    assert military.defense_records == 3
    assert military.share_defense == pytest.approx(3 / 4)
    assert military.defense_countries == ("ARG", "SRB", "ZWE")
    assert result.summary("private").share_defense == 0.0
    assert result.summary("private").share_developing == pytest.approx(1 / 2)


def test_period_and_review_filters(records: list[CanonicalAid], canonical: Make) -> None:
    june = compare_channels(
        records, ["military", "government"], period=(dt.date(2020, 6, 1), dt.date(2020, 6, 30))
    )
    assert june.summary("military").countries == ("ARG", "SRB", "ZWE")
    assert june.summary("government").countries == ()
    assert june.summary("government").share_bri is None
    reviewed = [*records, canonical("ok", "government", "KOR", reviewed=True)]
    only_reviewed = compare_channels(reviewed, ["government", "military"], include_unreviewed=False)
    assert only_reviewed.summary("government").countries == ("KOR",)


def test_pledges_can_be_compared_too(records: list[CanonicalAid]) -> None:
    pledges = AidSelection(modes=("pledge",), statuses=("pledged",))
    result = compare_channels(records, ["private", "military"], selection=pledges)
    assert result.summary("private").countries == ("ESP",)


def test_rows_json_and_frames(records: list[CanonicalAid]) -> None:
    result = compare_channels(records, ["military", "government", "private"])
    rows = result.rows()
    assert rows[0]["channel"] == "military"
    assert rows[0]["countries"] == 3
    assert rows[0]["non_bri_list"] == "ARG"
    data = result.as_dict()
    assert data["overlaps"][0] == {
        "a": "military",
        "b": "government",
        "countries": 1,
        "list": "SRB",
    }
    assert data["summaries"][0]["record_ids"]["ARG"] == ["m-arg"]
    frame = to_frame(result.summaries)
    assert list(frame["channel"]) == ["military", "government", "private"]


def test_at_least_two_channels(records: list[CanonicalAid]) -> None:
    with pytest.raises(ValueError, match="at least two"):
        compare_channels(records, ["military", "military"])
