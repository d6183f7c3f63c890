"""Merging aid reports: each tricky case of the merge policy (docs/resolve.md) by name."""

from __future__ import annotations

import random
from collections.abc import Callable

from chinatracker.records import Recipient
from chinatracker.resolve import AidFact, CanonicalAid, LinkConstraint, MergePolicy, merge_aid

Maker = Callable[..., AidFact]

TWELVE = ["IDN", "PHL", "MYS", "BRN", "THA", "PAK", "NPL", "AFG", "LKA", "UZB", "KGZ", "TJK"]


def by_country(records: list[CanonicalAid]) -> dict[str, list[CanonicalAid]]:
    found: dict[str, list[CanonicalAid]] = {}
    for r in records:
        found.setdefault(r.recipient_country or r.recipient_label, []).append(r)
    return found


def test_korea_named_two_ways_is_one_country_and_one_record(aid: Maker) -> None:
    short = Recipient(country=None, name="South Korea", institution_type="unknown")
    formal = Recipient(country=None, name="Republic of Korea", institution_type="civil_society")
    facts = [
        aid(1, 10, [short], channel="government", date="2020-03-16", items={"masks": 1e6}),
        aid(2, 20, [formal], channel="government", date="2020-03-16", items={"masks": 1e6}),
    ]
    [record] = merge_aid(facts)
    assert record.recipient_country == "KOR"
    assert record.recipient_label == "South Korea"
    assert record.document_ids == (10, 20)
    assert record.institution_type == "civil_society"
    assert record.recipient_names == ("South Korea", "Republic of Korea")
    assert not record.conflicts


def test_same_pla_batch_in_two_documents_is_one_record_per_country_with_two_sources(
    aid: Maker,
) -> None:
    facts = [
        aid(1, 10, TWELVE, date="2020-05-12", date_end="2020-05-13", items={"masks": None}),
        aid(2, 20, TWELVE, date="2020-05-12", date_end="2020-05-13", items={"masks": None}),
    ]
    records = merge_aid(facts)
    assert len(records) == 12
    for record in records:
        assert record.document_ids == (10, 20)
        assert record.fact_ids == (1, 2)
        assert record.corroboration == 2
        assert record.batch_countries == 12
        assert record.explanation.startswith("Merged 2 reports from 2 documents because")
        assert "military channel" in record.explanation
        assert "shared items (masks)" in record.explanation


def test_handover_joins_its_country_in_a_multi_country_airlift(aid: Maker) -> None:
    airlift = aid(1, 10, ["ZWE", "RWA", "ARG"], date="2020-06-02", date_end="2020-06-05",
                  items={"masks": 500000, "protective_suits": None})  # fmt: skip
    handover = aid(2, 20, ["ZWE"], date="2020-06-04", items={"masks": 62000, "ppe": 19000})
    records = by_country(merge_aid([airlift, handover]))
    [zimbabwe] = records["ZWE"]
    assert zimbabwe.fact_ids == (1, 2)
    # The airlift's figure is a total for three countries: only the handover's is Zimbabwe's.
    assert zimbabwe.quantities == {"masks": 62000, "ppe": 19000}
    assert zimbabwe.date is not None
    assert zimbabwe.date.start.isoformat() == "2020-06-04"
    assert zimbabwe.batch_countries == 3
    [rwanda] = records["RWA"]
    assert rwanda.fact_ids == (1,)
    assert rwanda.quantities == {}


def test_conflicting_quantities_are_kept_side_by_side_and_flagged(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["ZWE"], items={"masks": 62000}),
        aid(2, 20, ["ZWE"], items={"masks": 60000}),
        aid(3, 30, ["ZWE"], items={"masks": 62000}),
    ]
    [record] = merge_aid(facts)
    assert record.quantities == {"masks": 62000}
    values = {c.value: c.fact_ids for c in record.conflicts["quantity.masks"]}
    assert values == {"62000": (1, 3), "60000": (2,)}
    assert "Sources disagree on quantity.masks" in record.explanation


def test_quantities_within_one_percent_agree(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["ZWE"], items={"masks": 1_800_000}),
        aid(2, 20, ["ZWE"], items={"masks": 1_790_000}),
    ]
    [record] = merge_aid(facts)
    assert not record.conflicts


def test_conflicting_dates_are_flagged(aid: Maker) -> None:
    [record] = merge_aid(
        [aid(1, 10, ["SRB"], date="2020-03-21"), aid(2, 20, ["SRB"], date="2020-03-22")]
    )
    assert {c.value for c in record.conflicts["date"]} == {"2020-03-21", "2020-03-22"}


def test_contained_dates_do_not_conflict(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["ZWE"], date="2020-06-02", date_end="2020-06-05"),
        aid(2, 20, ["ZWE"], date="2020-06-04"),
        aid(3, 30, ["ZWE"], date="2020-06-01", precision="month"),
    ]
    [record] = merge_aid(facts)
    assert not record.conflicts
    assert record.date is not None
    assert record.date.start.isoformat() == "2020-06-04"


def test_two_consignments_in_one_document_stay_two_records(aid: Maker) -> None:
    # Korea, 16 and 23 March 2020, each reported by the same two documents.
    facts = [
        aid(1, 10, ["KOR"], channel="government", date="2020-03-16", items={"masks": 1e6}),
        aid(2, 10, ["KOR"], channel="government", date="2020-03-23", items={"masks": 1e6}),
        aid(3, 20, ["KOR"], channel="government", date="2020-03-16", items={"masks": 1e6}),
        aid(4, 20, ["KOR"], channel="government", date="2020-03-23", items={"masks": 1e6}),
    ]
    records = merge_aid(facts, policy=MergePolicy(window_days=7))
    assert sorted(r.fact_ids for r in records) == [(1, 3), (2, 4)]


def test_reports_more_than_the_window_apart_are_different_deliveries(aid: Maker) -> None:
    records = merge_aid(
        [aid(1, 10, ["PAK"], date="2020-04-24"), aid(2, 20, ["PAK"], date="2020-05-12")]
    )
    assert len(records) == 2


def test_a_pledge_and_a_delivery_are_not_merged(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["USA"], channel="private", date="2020-03-13", mode="pledge", status="pledged"),
        aid(2, 20, ["USA"], channel="private", date="2020-03-14"),
    ]
    records = merge_aid(facts)
    assert sorted((r.mode, r.status) for r in records) == [
        ("donation", "delivered"),
        ("pledge", "pledged"),
    ]


def test_a_sale_and_a_donation_are_not_merged(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["ESP"], channel="private", mode="sale"),
        aid(2, 20, ["ESP"], channel="private"),
    ]
    assert len(merge_aid(facts)) == 2


def test_different_channels_are_not_merged(aid: Maker) -> None:
    facts = [aid(1, 10, ["KHM"], channel="military"), aid(2, 20, ["KHM"], channel="government")]
    assert len(merge_aid(facts)) == 2


def test_different_donors_of_one_channel_are_not_merged(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["ESP"], channel="private", donor="Jack Ma Foundation"),
        aid(2, 20, ["ESP"], channel="private", donor="Huawei"),
    ]
    assert len(merge_aid(facts)) == 2


def test_donors_in_one_hierarchy_are_the_same_donor(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["ZWE"], donor="Ministry of National Defense"),
        aid(2, 20, ["ZWE"], donor="PLA Air Force"),
    ]
    [record] = merge_aid(facts)
    assert record.donor_names == ("Ministry of National Defense", "PLA Air Force")


def test_items_that_do_not_overlap_are_different_deliveries(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["KHM"], channel="government", items={"test_kits": 2016}),
        aid(2, 20, ["KHM"], channel="government", items={"medical_teams": 7}),
    ]
    assert len(merge_aid(facts)) == 2


def test_ppe_overlaps_masks(aid: Maker) -> None:
    facts = [aid(1, 10, ["ZWE"], items={"ppe": 19000}), aid(2, 20, ["ZWE"], items={"masks": None})]
    assert len(merge_aid(facts)) == 1


def test_unspecified_supplies_match_any_items(aid: Maker) -> None:
    facts = [aid(1, 10, ["NGA"], items={"other": None}), aid(2, 20, ["NGA"], items={"masks": 5})]
    assert len(merge_aid(facts)) == 1


def test_unknown_channel_joins_the_known_one(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["ESP"], channel="private", mode="sale", items={"test_kits": 9000}),
        aid(2, 20, ["ESP"], channel="unknown", mode="sale", items={"test_kits": 9000}),
    ]
    [record] = merge_aid(facts)
    assert record.donor_channel == "private"
    strict = merge_aid(facts, policy=MergePolicy(unknown_channel_matches=False))
    assert len(strict) == 2


def test_month_only_report_joins_the_one_record_it_fits(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["PAK"], date="2020-04-24", items={"medical_teams": None}),
        aid(2, 20, ["PAK"], date="2020-05-12", items={"masks": None}),
        aid(3, 30, ["PAK"], date="2020-04-01", precision="month", items={"medical_teams": None}),
    ]
    records = merge_aid(facts)
    assert sorted(r.fact_ids for r in records) == [(1, 3), (2,)]
    joined = next(r for r in records if r.fact_ids == (1, 3))
    assert "fact 3 (only a month date) joined the only compatible record" in joined.explanation


def test_month_only_report_that_fits_two_records_stays_apart_and_says_so(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["KOR"], channel="government", date="2020-03-16"),
        aid(2, 20, ["KOR"], channel="government", date="2020-03-23"),
        aid(3, 30, ["KOR"], channel="government", date="2020-03-01", precision="month"),
    ]
    records = merge_aid(facts)
    assert sorted(r.fact_ids for r in records) == [(1,), (2,), (3,)]
    alone = next(r for r in records if r.fact_ids == (3,))
    assert "could belong to 2 records (with facts 1, 2); kept apart" in alone.explanation


def test_a_quarter_long_range_is_as_vague_as_a_month(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["PAK"], date="2020-04-24"),
        aid(2, 20, ["PAK"], date="2020-05-30"),
        aid(3, 30, ["PAK"], date="2020-03-13", date_end="2020-06-19"),
    ]
    records = merge_aid(facts)
    assert sorted(r.fact_ids for r in records) == [(1,), (2,), (3,)]
    alone = next(r for r in records if r.fact_ids == (3,))
    assert "Fact 3 (a 99-day range) could belong to 2 records" in alone.explanation


def test_undated_report_needs_something_specific_in_common(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["PHL"], date="2020-05-12", items={"masks": None}),
        aid(2, 20, ["PHL"], date=None, items={"other": None}),
        aid(3, 30, ["PHL"], date=None, items={"masks": None}),
    ]
    records = merge_aid(facts)
    assert sorted(r.fact_ids for r in records) == [(1, 3), (2,)]


def test_an_arrival_reported_before_a_delivery_is_not_that_delivery(aid: Maker) -> None:
    """A February report that the first batch has arrived, undated, is not December's batch,
    however alike the goods; a pledge reported in February may still be December's."""
    december = aid(
        1,
        10,
        ["ZWE"],
        channel="government",
        date="2021-12-20",
        items={"vaccines": None},
        published="2021-12-22",
    )
    arrived = aid(
        2,
        20,
        ["ZWE"],
        channel="government",
        date=None,
        items={"vaccines": None},
        published="2021-02-15",
    )
    assert sorted(r.fact_ids for r in merge_aid([december, arrived])) == [(1,), (2,)]
    next_day = aid(
        3,
        30,
        ["ZWE"],
        channel="government",
        date="2021-12-21",
        items={"vaccines": None},
        published="2021-12-20",
    )
    assert sorted(r.fact_ids for r in merge_aid([december, next_day])) == [(1, 3)]
    pledged = aid(
        4,
        40,
        ["ZWE"],
        channel="government",
        date=None,
        items={"vaccines": None},
        status="pledged",
        mode="pledge",
        published="2021-02-15",
    )
    pledge = aid(
        5,
        50,
        ["ZWE"],
        channel="government",
        date="2021-12-20",
        items={"vaccines": None},
        status="pledged",
        mode="pledge",
    )
    assert sorted(r.fact_ids for r in merge_aid([pledge, pledged])) == [(4, 5)]


def test_cannot_link_is_honoured(aid: Maker) -> None:
    facts = [aid(1, 10, ["ZWE", "RWA"]), aid(2, 20, ["ZWE", "RWA"])]
    rule = LinkConstraint(kind="cannot_link", fact_a=2, fact_b=1, actor="ana", reason="two flights")
    records = merge_aid(facts, [rule])
    assert sorted(r.fact_ids for r in records) == [(1,), (1,), (2,), (2,)]


def test_cannot_link_for_one_country_leaves_the_others_merged(aid: Maker) -> None:
    facts = [aid(1, 10, ["ZWE", "RWA"]), aid(2, 20, ["ZWE", "RWA"])]
    rule = LinkConstraint(kind="cannot_link", fact_a=1, fact_b=2, country="ZWE")
    records = by_country(merge_aid(facts, [rule]))
    assert len(records["ZWE"]) == 2
    assert [r.fact_ids for r in records["RWA"]] == [(1, 2)]


def test_cannot_link_blocks_a_chain_through_a_third_report(aid: Maker) -> None:
    facts = [
        aid(1, 10, ["ZWE"], date="2020-06-04"),
        aid(2, 20, ["ZWE"], date="2020-06-04"),
        aid(3, 30, ["ZWE"], date="2020-06-05"),
    ]
    rule = LinkConstraint(kind="cannot_link", fact_a=1, fact_b=3)
    records = merge_aid(facts, [rule])
    assert sorted(r.fact_ids for r in records) == [(1, 2), (3,)]


def test_must_link_joins_what_the_rules_keep_apart(aid: Maker) -> None:
    facts = [aid(1, 10, ["PAK"], date="2020-04-01"), aid(2, 10, ["PAK"], date="2020-04-20")]
    assert len(merge_aid(facts)) == 2
    rule = LinkConstraint(kind="must_link", fact_a=1, fact_b=2, actor="ana", reason="same flight")
    [record] = merge_aid(facts, [rule])
    assert "analyst must_link 1-2 (ana: same flight)" in record.explanation
    assert "date" in record.conflicts


def test_cannot_link_wins_over_must_link(aid: Maker) -> None:
    facts = [aid(1, 10, ["PAK"]), aid(2, 20, ["PAK"])]
    rules = [
        LinkConstraint(kind="must_link", fact_a=1, fact_b=2),
        LinkConstraint(kind="cannot_link", fact_a=1, fact_b=2),
    ]
    assert len(merge_aid(facts, rules)) == 2


def test_recipients_without_a_country_are_kept_by_name(aid: Maker) -> None:
    who = Recipient(
        country=None, name="World Health Organization", institution_type="international_org"
    )
    facts = [
        aid(1, 10, [who], channel="government", items={"funds": None}),
        aid(2, 20, [who], channel="government", items={"funds": None}),
    ]
    [record] = merge_aid(facts)
    assert record.recipient_country is None
    assert record.recipient_label == "World Health Organization"
    assert record.fact_ids == (1, 2)


def test_merging_is_deterministic_whatever_the_input_order(aid: Maker) -> None:
    facts = [
        aid(1, 10, TWELVE, date="2020-05-12", date_end="2020-05-13"),
        aid(2, 20, TWELVE[:6], date="2020-05-13"),
        aid(3, 30, ["PAK"], date="2020-05-01", precision="month", items={"masks": 100}),
        aid(4, 40, ["PAK"], channel="government", date=None),
        aid(5, 50, ["PAK"], date="2020-05-14", items={"masks": 200}),
    ]
    first = merge_aid(facts)
    for seed in range(5):
        shuffled = facts[:]
        random.Random(seed).shuffle(shuffled)
        assert merge_aid(shuffled) == first
    assert len({r.id for r in first}) == len(first)


def test_ids_are_stable_and_change_only_for_records_that_change(aid: Maker) -> None:
    facts = [aid(1, 10, ["ZWE", "RWA"]), aid(2, 20, ["ZWE"])]
    before = {r.recipient_country: r.id for r in merge_aid(facts)}
    renumbered = [f.model_copy(update={"fact_id": f.fact_id + 100}) for f in facts]
    assert {r.recipient_country: r.id for r in merge_aid(renumbered)} == before
    after = {r.recipient_country: r.id for r in merge_aid([*facts, aid(3, 30, ["ZWE"])])}
    assert after["RWA"] == before["RWA"]
    assert after["ZWE"] != before["ZWE"]


def test_donor_channel_and_institution_type_are_filled_from_the_registry(aid: Maker) -> None:
    unknown = Recipient(country="ZWE", name="Zimbabwe Defence Forces", institution_type="unknown")
    [record] = merge_aid([aid(1, 10, [unknown], channel="unknown", donor="PLA Air Force")])
    assert record.donor_channel == "military"
    assert record.institution_type == "defense"


def test_quality_rewards_sources_official_and_complete_fields(aid: Maker) -> None:
    # One unofficial source, all five key fields filled, no conflict: 0.4/3 + 0.3 + 0.1.
    [single] = merge_aid([aid(1, 10, ["ZWE"], items={"masks": 62000})])
    assert single.quality == 0.53
    # Two documents of one publisher are one independent source; a .gov.cn page is official.
    facts = [
        aid(1, 10, ["ZWE"], items={"masks": 62000}, publisher="Wire"),
        aid(2, 20, ["ZWE"], items={"masks": 62000}, publisher="wire"),
        aid(3, 30, ["ZWE"], items={"masks": 62000}, url="http://eng.mod.gov.cn/news/1.htm"),
    ]
    [merged] = merge_aid(facts)
    assert merged.corroboration == 2
    assert merged.official
    assert merged.quality == round(0.4 * 2 / 3 + 0.2 + 0.3 + 0.1, 2)
