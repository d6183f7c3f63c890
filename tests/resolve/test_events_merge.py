"""Merging event reports: one canonical event per happening, never split by country."""

from __future__ import annotations

from collections.abc import Callable

from chinatracker.records import Actor, EventQuantity
from chinatracker.resolve import EventFact, LinkConstraint, merge_events

Maker = Callable[..., EventFact]


def test_the_same_airlift_in_two_documents_is_one_event(event: Maker) -> None:
    facts = [
        event(1, 10, ["CHN", "RUS", "MNG", "TLS"], date="2020-05-22"),
        event(2, 20, ["RUS", "MNG", "TLS"], date="2020-05-24", title="Supplies for three armies"),
    ]
    [record] = merge_events(facts)
    assert record.fact_ids == (1, 2)
    assert record.countries == ("CHN", "MNG", "RUS", "TLS")
    assert record.title == "PLA delivers medical supplies"
    assert "shared countries (MNG, RUS, TLS)" in record.explanation


def test_a_part_of_a_twenty_country_airlift_is_a_separate_event(event: Maker) -> None:
    twenty = ["ETH", "MOZ", "TUN", "AGO", "EGY", "MAR", "TZA", "COG", "COD", "GNQ"]
    facts = [event(1, 10, ["CHN", *twenty, "ZWE"]), event(2, 20, ["CHN", "ZWE"])]
    assert len(merge_events(facts)) == 2


def test_different_categories_are_different_events(event: Maker) -> None:
    facts = [
        event(1, 10, ["IND"], category="projection.deployments"),
        event(2, 20, ["IND"], category="diplomacy.high_level"),
    ]
    assert len(merge_events(facts)) == 2


def test_domestic_events_merge_on_similar_titles(event: Maker) -> None:
    def budget(fact_id: int, title: str) -> EventFact:
        return event(fact_id, fact_id * 10, ["CHN"], category="domestic.policy", title=title)

    facts = [
        budget(1, "Defence budget rises 6.6 percent"),
        budget(2, "China's defence budget rises"),
        budget(3, "Hong Kong law endorsed"),
    ]
    records = merge_events(facts)
    assert sorted(r.fact_ids for r in records) == [(1, 2), (3,)]


def test_country_names_are_normalised(event: Maker) -> None:
    [record] = merge_events([event(1, 10, ["CN", "Republic of Korea", "Atlantis"])])
    assert record.countries == ("CHN", "KOR")


def test_must_link_across_categories_keeps_both_as_a_conflict(event: Maker) -> None:
    facts = [
        event(1, 10, ["ETH"], category="projection.hadr"),
        event(2, 20, ["ETH"], category="aid.medical"),
    ]
    rule = LinkConstraint(kind="must_link", fact_a=1, fact_b=2)
    [record] = merge_events(facts, [rule])
    assert {c.value for c in record.conflicts["category"]} == {"projection.hadr", "aid.medical"}


def test_events_of_unrelated_chinese_actors_are_two(event: Maker) -> None:
    facts = [
        event(1, 10, ["ITA"], category="aid.medical"),
        event(2, 20, ["ITA"], category="aid.medical"),
    ]
    jack_ma = facts[0].record.model_copy(update={"actors": (Actor(name="Jack Ma Foundation"),)})
    health = facts[1].record.model_copy(
        update={"actors": (Actor(name="National Health Commission"),)}
    )
    split = [
        facts[0].model_copy(update={"record": jack_ma}),
        facts[1].model_copy(update={"record": health}),
    ]
    assert len(merge_events(split)) == 2
    assert len(merge_events(facts)) == 1


def test_several_numbers_of_one_unit_in_a_report_are_not_a_conflict(event: Maker) -> None:
    masks = (
        EventQuantity(value=100000, unit="mask", text=""),
        EventQuantity(value=5000, unit="mask", text=""),
    )
    fact = event(1, 10, ["KHM"])
    [record] = merge_events(
        [fact.model_copy(update={"record": fact.record.model_copy(update={"quantities": masks})})]
    )
    assert record.conflicts == {}
    assert record.quantities == {}
