"""Security events: taxonomy categories, China relevance, clutter, and the seed's digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from chinatracker.records import Event, Extraction


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        (
            "China's legislature approved a defence budget of 1.27 trillion yuan on Friday.",
            "domestic.policy",
        ),
        (
            "The navy commissioned its first Type 055 destroyer, the Nanchang, in January.",
            "domestic.force_development",
        ),
        (
            "Thailand put its order for two Chinese submarines on hold in April.",
            "domestic.arms_trade",
        ),
        (
            "Defense Minister Wei Fenghe met his Russian counterpart in Moscow on June 23.",
            "diplomacy.high_level",
        ),
        (
            "Chinese and Pakistani marines opened a joint exercise near Karachi on Monday.",
            "diplomacy.exercises_port_calls",
        ),
        (
            "Police from China, Laos, Myanmar and Thailand began their 94th joint patrol of the Mekong on Tuesday.",
            "diplomacy.law_enforcement",
        ),
        (
            "China had 1,073 peacekeepers deployed in South Sudan at the end of May.",
            "projection.peacekeeping",
        ),
        (
            "The PLA Navy's 35th escort task force began counter-piracy operations in the Gulf of Aden in May.",
            "projection.counter_piracy",
        ),
        (
            "Chinese and Indian troops clashed in the Galwan Valley on June 15.",
            "projection.deployments",
        ),
        (
            "China launched the last satellite of its Beidou navigation system on June 23.",
            "projection.cyber_space",
        ),
        (
            "China used its veto at the UN Security Council on Tuesday to block the resolution.",
            "architecture.un",
        ),
        (
            "China's legislature voted on June 20 to join the Arms Trade Treaty.",
            "architecture.nonproliferation",
        ),
    ],
)
def test_categories(extract: Callable[..., Extraction], sentence: str, category: str) -> None:
    assert [e.category for e in extract(sentence).events] == [category]


def test_a_us_transit_of_the_taiwan_strait_concerns_china(
    extract: Callable[..., Extraction],
) -> None:
    [event] = extract("A US destroyer sailed through the Taiwan Strait on June 4.").events
    assert event.category == "projection.deployments"
    assert event.date is not None and event.date.start == dt.date(2020, 6, 4)


def test_stories_without_china_make_no_event(extract: Callable[..., Extraction]) -> None:
    assert not extract(
        "Indian and Pakistani troops exchanged fire along the border on Sunday."
    ).events


def test_page_clutter_makes_no_event(extract: Callable[..., Extraction]) -> None:
    page = (
        "Local festival draws record crowds\n\nThe dragon boat races drew thousands of visitors on Sunday, "
        "organisers said.\n\nREAD NEXT\nChinese warships hold drills near Taiwan\n"
        "PLA jets intercepted over disputed islands\nAdvertisement\n"
    )
    assert not extract(page).events


def test_opinion_without_a_happening_makes_no_event(extract: Callable[..., Extraction]) -> None:
    assert not extract(
        "Donations of medical material may help Beijing win friends among foreign militaries."
    ).events


def test_corruption_is_force_development_only_in_the_armed_forces(
    extract: Callable[..., Extraction],
) -> None:
    assert not extract(
        "Three officials of the Chinese Football Association were placed under investigation "
        "for corruption on Monday."
    ).events
    (event,) = extract(
        "Two PLA Rocket Force generals were placed under investigation for corruption on Monday."
    ).events
    assert event.category == "domestic.force_development"


def find(events: tuple[Event, ...], category: str, needle: str) -> Event:
    matches = [
        e for e in events if e.category == category and any(needle in ev.quote for ev in e.evidence)
    ]
    assert matches, f"no {category} event with {needle!r}"
    return matches[0]


def test_seed_tracker_digest(shared_corpus: Path, extract: Callable[..., Extraction]) -> None:
    text = (shared_corpus / "seeds" / "003_b5431f1753da667a.txt").read_text(encoding="utf-8")
    events = extract(text, published=dt.date(2020, 7, 1)).events
    budget = find(events, "domestic.policy", "1.27 trillion CNY")
    assert {(q.value, q.unit) for q in budget.quantities} >= {(1.27e12, "CNY"), (6.6, "percent")}
    pla = find(events, "diplomacy.military_aid", "46 countries")
    assert pla.date is not None and pla.date.start == dt.date(2020, 3, 13)
    mekong = find(events, "diplomacy.law_enforcement", "Mekong")
    assert (94.0, "patrol") in {(q.value, q.unit) for q in mekong.quantities}
    sudan = find(events, "projection.peacekeeping", "South Sudan")
    assert (1073.0, "personnel") in {(q.value, q.unit) for q in sudan.quantities}
    assert "SSD" in sudan.countries
    scrambles = find(events, "projection.deployments", "675 times")
    assert "JPN" in scrambles.countries
    for event in events:
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote


def _aid_event(
    start: int,
    countries: tuple[str, ...],
    *,
    date: dt.date | None = None,
    givers: tuple[str, ...] = (),
    category: str = "aid.medical",
    confidence: float = 0.8,
) -> Event:
    from chinatracker.records import Actor, DateSpan, Evidence

    return Event(
        category=category,
        title="t",
        summary="s",
        date=DateSpan(start=date, precision="day") if date else None,
        countries=countries,
        actors=tuple(Actor(name=g, country="CHN") for g in givers),
        evidence=(Evidence(start=start, end=start + 10, quote="x" * 10),),
        confidence=confidence,
    )


def test_same_delivery_merges_a_retelling_but_not_another_delivery() -> None:
    from chinatracker.extract.events import same_delivery

    lead = _aid_event(0, ("CHN", "ZWE"), date=dt.date(2020, 4, 18), givers=("Huawei",))
    assert same_delivery(lead, _aid_event(500, ("ZWE",)))  # "the gear will go to hospitals"
    assert same_delivery(lead, _aid_event(500, ()))  # a closing line naming no one
    assert same_delivery(lead, _aid_event(500, ("CHN",), givers=("Huawei",)))
    assert not same_delivery(lead, _aid_event(500, ("CHN", "ZMB")))  # another recipient
    assert not same_delivery(lead, _aid_event(500, ("ZWE",), date=dt.date(2020, 3, 1)))
    assert not same_delivery(lead, _aid_event(500, ("ZWE",), givers=("BYD",)))
    assert not same_delivery(lead, _aid_event(500, ("ZWE",), category="diplomacy.military_aid"))
    meeting = _aid_event(0, ("CHN", "ZWE"), category="diplomacy.high_level")
    assert not same_delivery(meeting, _aid_event(500, ("ZWE",), category="diplomacy.high_level"))


def test_combined_engine_folds_an_added_restatement_into_the_models_event() -> None:
    from chinatracker.extract.events import same_delivery
    from chinatracker.extract.pipeline import combine

    learned = [_aid_event(0, ("CHN", "ZWE"), date=dt.date(2020, 4, 18))]
    ruled = [_aid_event(500, ("ZWE",)), _aid_event(900, ("CHN", "ZMB"))]
    plain = combine(learned, ruled, [], 0.55, precise=frozenset({"aid.medical"}))
    assert len(plain) == 3
    merged = combine(
        learned, ruled, [], 0.55, precise=frozenset({"aid.medical"}), restates=same_delivery
    )
    assert [e.countries for e in merged] == [("CHN", "ZWE"), ("CHN", "ZMB")]
    assert [ev.start for ev in merged[0].evidence] == [0, 500]
    assert merged[0].confidence == 0.8  # the model's event keeps its own confidence
    assert merged[1].confidence == 0.55


def test_combined_engine_lends_a_rule_events_recipients_to_the_models_event() -> None:
    """The model's event on a lead that names no country takes the recipients the aid frame
    read from the list after it; a rule event of another category lends nothing, and a rule
    event where the keep head rejected a draft is not added."""
    from chinatracker.extract.pipeline import combine

    lead = _aid_event(0, ("CHN",), category="diplomacy.military_aid")
    listed = _aid_event(5, ("CHN", "ETH", "MOZ", "TUN"), category="diplomacy.military_aid")
    meeting = _aid_event(8, ("CHN", "RWA"), category="diplomacy.high_level")
    precise = frozenset({"diplomacy.military_aid", "diplomacy.high_level"})
    (event,) = combine([lead], [listed, meeting], [], 0.55, precise=precise)
    assert event.countries == ("CHN", "ETH", "MOZ", "TUN")
    assert [ev.start for ev in event.evidence] == [0, 5]
    assert event.confidence == 0.8
    rejected = _aid_event(900, ("ZMB",))
    ruled = [_aid_event(905, ("ZMB",))]
    assert combine([], ruled, [], 0.55, precise=frozenset({"aid.medical"})) != []
    assert combine([], ruled, [], 0.55, precise=frozenset({"aid.medical"}), judged=[rejected]) == []


def test_added_aid_events_rest_on_chinese_deliveries_only() -> None:
    from chinatracker.extract.pipeline import chinese_deliveries
    from chinatracker.records import AidDelivery, Donor, Evidence, Recipient

    def delivery(donor: str, recipient: str) -> AidDelivery:
        return AidDelivery(
            donor=Donor(name=donor, country=donor, channel="government"),
            recipients=(Recipient(country=recipient),),
            evidence=(Evidence(start=0, end=10, quote="x" * 10),),
            confidence=0.9,
        )

    kept = chinese_deliveries(
        [delivery("CHN", "ZWE"), delivery("JPN", "CHN"), delivery("FRA", "SRB")]
    )
    assert [(a.donor.country, a.recipients[0].country) for a in kept] == [("CHN", "ZWE")]


def _fragment(
    start: int, category: str, countries: tuple[str, ...], status: str = "current"
) -> Event:
    from chinatracker.records import Evidence

    return Event(
        category=category,
        title=f"event at {start}",
        summary="s",
        countries=countries,
        evidence=(Evidence(start=start, end=start + 100, quote="q"),),
        confidence=0.5 + start / 10_000,
        status=status,  # type: ignore[arg-type]
    )


def test_fragments_of_one_happening_become_one_record() -> None:
    """A meeting told over three paragraphs (the model scores sentences) is one event, carrying
    the evidence and countries of every part; a meeting with another partner, an event of
    another category between, a different status or a far paragraph keep records apart."""
    from chinatracker.extract.events import FRAGMENT_GAP, coalesce_fragments

    high = "diplomacy.high_level"
    meeting = [
        _fragment(0, high, ("CHN", "IDN")),
        _fragment(150, high, ("CHN",)),
        _fragment(300, high, ("IDN", "CHN", "USA")),
    ]
    (one,) = coalesce_fragments(meeting)
    assert [e.start for e in one.evidence] == [0, 150, 300]
    assert one.countries == ("CHN", "IDN", "USA")
    assert one.confidence == max(e.confidence for e in meeting)

    other_partner = [_fragment(0, high, ("CHN", "IDN")), _fragment(150, high, ("CHN", "KHM"))]
    assert len(coalesce_fragments(other_partner)) == 2
    between = [meeting[0], _fragment(120, "aid.medical", ("IDN",)), meeting[1]]
    assert len(coalesce_fragments(between)) == 3
    recalled = [meeting[0], _fragment(150, high, ("CHN",), status="background")]
    assert len(coalesce_fragments(recalled)) == 2
    far = [meeting[0], _fragment(100 + FRAGMENT_GAP + 1, high, ("CHN", "IDN"))]
    assert len(coalesce_fragments(far)) == 2


def test_aid_told_beside_a_gift_to_an_army_is_that_gift() -> None:
    """The sentence model calls a vaccine sentence `aid.medical` and the next one, which names
    the army, `diplomacy.military_aid`: one gift to armed forces, so one record of that
    category. A dated civilian handover nearby, or one far away, is a delivery of its own."""
    from chinatracker.extract.events import FRAGMENT_GAP, coalesce_fragments, gifts_to_armed_forces
    from chinatracker.records import DateSpan

    army, medical = "diplomacy.military_aid", "aid.medical"
    told = [
        _fragment(0, army, ("CHN", "KHM")),
        _fragment(150, medical, ("CHN",)),
        _fragment(300, army, ("CHN", "KHM")),
    ]
    (one,) = coalesce_fragments(gifts_to_armed_forces(told))
    assert one.category == army
    assert [e.start for e in one.evidence] == [0, 150, 300]

    day = DateSpan(start=dt.date(2021, 3, 31), precision="day")
    civilian = _fragment(150, medical, ("CHN", "KHM")).model_copy(update={"date": day})
    far = _fragment(100 + FRAGMENT_GAP + 1, medical, ("CHN", "KHM"))
    elsewhere = _fragment(150, medical, ("CHN", "LAO"))
    for other in (civilian, far, elsewhere):
        relabelled = gifts_to_armed_forces([told[0], other])
        assert [e.category for e in relabelled] == [army, medical]


def test_learned_events_lent_one_rule_event_become_one() -> None:
    """Two model events that each overlap one rule event (one delivery the aid frame read
    across a lead and a closing line) share its evidence once lent it: one record."""
    from chinatracker.extract.pipeline import combine
    from chinatracker.records import Evidence

    lead, closing = _aid_event(0, ("CHN", "SLB")), _aid_event(600, ("CHN", "SLB"))
    delivery = _aid_event(0, ("CHN", "SLB")).model_copy(
        update={
            "evidence": (
                Evidence(start=0, end=10, quote="x"),
                Evidence(start=600, end=610, quote="x"),
            )
        }
    )
    (one,) = combine([lead, closing], [delivery], [], 0.55, precise=frozenset({"aid.medical"}))
    assert [e.start for e in one.evidence] == [0, 600]
    apart = combine([lead, closing], [], [], 0.55, precise=frozenset({"aid.medical"}))
    assert len(apart) == 2


def test_chinese_batches_dated_apart_stay_apart() -> None:
    """Chinese wire copy tells each batch of a series in its own paragraph with its own day."""
    from chinatracker.extract.events import coalesce_fragments
    from chinatracker.records import DateSpan

    def dated(start: int, day: int) -> Event:
        dates = {"date": DateSpan(start=dt.date(2020, 4, day), end=None, precision="day")}
        return _fragment(start, "diplomacy.military_aid", ("CHN", "PAK")).model_copy(update=dates)

    batches = [dated(0, 10), dated(150, 20)]
    assert len(coalesce_fragments(batches, dated_apart=True)) == 2
    assert len(coalesce_fragments(batches)) == 1


def test_a_week_coded_as_its_month_takes_the_day_a_later_fragment_gives() -> None:
    """A week ("the forum next week") is coded as its month only for want of a day (decision
    10): when the next paragraph of the same event gives "on Oct. 17-18", the record takes that
    day. A month the text names as such, or a day in another month, leaves the first date."""
    import datetime as dt

    from chinatracker.extract.events import coalesce_fragments
    from chinatracker.records import DateSpan

    high = "diplomacy.high_level"
    week = DateSpan(start=dt.date(2023, 10, 1), precision="month", text="next week")
    month = DateSpan(start=dt.date(2023, 10, 1), precision="month", text="October")
    day = DateSpan(start=dt.date(2023, 10, 17), precision="day", text="Oct. 17")
    later = DateSpan(start=dt.date(2023, 11, 2), precision="day", text="Nov. 2")

    def joined(first: DateSpan, second: DateSpan) -> DateSpan | None:
        parts = [_fragment(0, high, ("CHN", "IDN")), _fragment(150, high, ("CHN",))]
        parts = [
            parts[0].model_copy(update={"date": first}),
            parts[1].model_copy(update={"date": second}),
        ]
        (one,) = coalesce_fragments(parts)
        return one.date

    assert joined(week, day) == day
    assert joined(month, day) == month
    assert joined(week, later) == week
