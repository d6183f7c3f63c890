"""The demo corpus's gold aid records through resolve and analysis, against the hand count.

These tests feed the hand-written gold (not the extractor) to resolve, so they check merging
and the comparison alone: EXPECTED.yaml's merge groups, the Korea naming case, Argentina's
Belt and Road date, and the channel comparison figures.
"""

from __future__ import annotations

from typing import Any

import pytest

from chinatracker.analysis import compare_channels
from chinatracker.resolve import AidFact, CanonicalAid, merge_aid

Gold = tuple[list[AidFact], dict[str, int]]


@pytest.fixture(scope="module")
def merged(gold_facts: Gold) -> list[CanonicalAid]:
    return merge_aid(gold_facts[0])


def documents_of(record: CanonicalAid, gold_facts: Gold) -> set[str]:
    names = {i: name for name, i in gold_facts[1].items()}
    return {names[d] for d in record.document_ids}


def test_hand_count_is_expected_yaml(expected: dict[str, Any], hand_count: Any) -> None:
    for channel in hand_count.channels:
        want = expected["donations_by_channel"][channel]["countries"]
        assert hand_count.figures(channel)["countries"] == want


@pytest.mark.parametrize("channel", ["military", "government", "private"])
def test_channel_comparison_matches_the_hand_count(
    merged: list[CanonicalAid], channel: str, hand_count: Any
) -> None:
    comparison = compare_channels(merged, hand_count.channels)
    problems = hand_count.differences(comparison, channel)
    assert not problems, "\n".join(problems)


def test_overlaps_and_common_countries_match_the_hand_count(
    merged: list[CanonicalAid], hand_count: Any
) -> None:
    comparison = compare_channels(merged, hand_count.channels)
    problems = hand_count.overlap_differences(comparison)
    assert not problems, "\n".join(problems)


def test_every_channel_of_expected_yaml(
    merged: list[CanonicalAid], expected: dict[str, Any]
) -> None:
    channels = list(expected["donations_by_channel"])
    comparison = compare_channels(merged, channels)
    for channel in channels:
        want = expected["donations_by_channel"][channel]
        assert list(comparison.summary(channel).countries) == want["countries"], channel
        assert len(comparison.summary(channel).countries) == want["count"]


def test_expected_merge_groups_are_one_record(
    merged: list[CanonicalAid], expected: dict[str, Any], gold_facts: Gold
) -> None:
    sources = [documents_of(r, gold_facts) for r in merged]
    groups = expected["same_delivery"] + expected["same_pledge"]
    missing = [group for group in groups if not any(set(group) <= s for s in sources)]
    assert missing == []


def test_same_pla_batch_in_two_documents_is_one_record_per_country(
    merged: list[CanonicalAid], gold_facts: Gold
) -> None:
    pair = {
        "news/2020-05-13-pla-supplies-twelve-militaries.txt",
        "web/2020-05-15-pla-asia-airlift-formal-names.html",
    }
    batch = [
        r
        for r in merged
        if documents_of(r, gold_facts) >= pair and r.date and r.date.start.month == 5
    ]
    assert len(batch) == 12
    assert all(r.donor_channel == "military" and len(r.sources) == 2 for r in batch)


def test_korea_under_two_names_is_one_country_with_two_consignments(
    merged: list[CanonicalAid], gold_facts: Gold
) -> None:
    pair = {
        "web/2020-03-24-korea-receives-chinese-masks.html",
        "press/2020-03-31-embassy-note-republic-of-korea.md",
    }
    korea = [
        r
        for r in merged
        if (r.recipient_country, r.donor_channel, r.status) == ("KOR", "government", "delivered")
    ]
    both = [r for r in korea if documents_of(r, gold_facts) == pair]
    assert sorted(r.date.start.isoformat() for r in both if r.date) == ["2020-03-16", "2020-03-23"]


def test_handovers_join_their_country_of_the_twenty_country_airlift(
    merged: list[CanonicalAid], expected: dict[str, Any], gold_facts: Gold
) -> None:
    for part in expected["part_of"]:
        pair = {part["part"], part["batch"]}
        records = [
            r
            for r in merged
            if r.recipient_country == part["country"] and documents_of(r, gold_facts) >= pair
        ]
        assert len(records) == 1, part
        assert records[0].batch_countries == 20


def test_argentina_was_not_a_bri_member_at_the_event_date(
    merged: list[CanonicalAid], expected: dict[str, Any]
) -> None:
    case = expected["bri_case"]
    comparison = compare_channels(merged, ["military", "government"])
    assert case["country"] in comparison.summary("military").non_bri
    assert case["member_at_event_date"] is False
