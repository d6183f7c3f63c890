"""Scoring on real text: background and opinion passages, aid negatives, per-category figures.

Small hand-made gold documents and predictions, so each rule of metrics.py can be checked by
hand: a current event found is a hit, a current event reported on a background passage is a
false alarm, and a sale, aid to China or a cumulative total is never a rewarded delivery.
"""

from __future__ import annotations

import datetime as dt

from chinatracker.evaluation.gold import GoldAid, GoldDocument, GoldEvent
from chinatracker.evaluation.metrics import Report, score_document
from chinatracker.records import (
    AidDelivery,
    AidItem,
    Document,
    Donor,
    Event,
    Evidence,
    Extraction,
    Recipient,
)

TEXT = "x" * 1000


def document() -> Document:
    return Document(path="t.txt", format="txt", text=TEXT, content_hash="h", raw_hash="h")


def evidence(start: int, end: int) -> tuple[Evidence, ...]:
    return (Evidence(start=start, end=end, quote=TEXT[start:end]),)


def gold_event(start: int, end: int, category: str, status: str = "current") -> GoldEvent:
    return GoldEvent(
        span=(start, end),
        category=category,
        alt_categories=(),
        countries=frozenset({"CHN"}),
        date=None,
        quantities=(),
        status=status,
    )


def event(start: int, end: int, category: str) -> Event:
    return Event(
        category=category,
        title="t",
        summary="s",
        countries=("CHN",),
        evidence=evidence(start, end),
        confidence=0.9,
    )


def gold_aid(
    start: int, end: int, donor: str, recipient: str, *, mode: str = "donation", total: bool = False
) -> GoldAid:
    return GoldAid(
        span=(start, end),
        donor_name="d",
        donor_country=donor,
        channel="government",
        recipients=(recipient,),
        items=(("masks", 1000.0),),
        mode=mode,
        status="delivered",
        date=None,
        aggregate=total,
    )


def aid(start: int, end: int, recipient: str, donor: str = "CHN") -> AidDelivery:
    return AidDelivery(
        donor=Donor(name="d", country=donor, channel="government"),
        recipients=(Recipient(country=recipient),),
        items=(AidItem(item="masks", quantity=1000.0),),
        evidence=evidence(start, end),
        confidence=0.9,
    )


def score(gold: GoldDocument, extraction: Extraction) -> Report:
    report = Report()
    score_document(report, gold, extraction)
    return report


def test_a_current_event_reported_on_a_background_passage_is_a_false_alarm() -> None:
    gold = GoldDocument(
        name="g",
        document=document(),
        complete=frozenset({"events"}),
        countries=None,
        events=[
            gold_event(0, 100, "diplomacy.high_level"),
            gold_event(200, 300, "projection.deployments", status="background"),
            gold_event(400, 500, "projection.deployments", status="not_event"),
        ],
    )
    predicted = Extraction(
        document_id=1,
        extractor_version="t",
        events=(
            event(10, 90, "diplomacy.high_level"),
            event(210, 290, "projection.deployments"),
        ),
    )
    report = score(gold, predicted)
    category = report.scores["event.category"]
    assert (category.tp, category.fp, category.fn) == (1, 1, 0)
    assert report.accuracies["event.status"].value == 0.5
    assert report.accuracies["event.status/background"].value == 0.0
    assert report.accuracies["event.rejected/background"].value == 0.0
    assert report.accuracies["event.rejected/not_event"].value == 1.0
    per_category = report.scores["event.category/projection.deployments"]
    assert (per_category.tp, per_category.fp) == (0, 1)
    assert report.accuracies["event.date_or_rightly_empty"].value == 1.0


def test_a_missed_current_event_counts_against_its_category() -> None:
    gold = GoldDocument(
        name="g",
        document=document(),
        complete=frozenset({"events"}),
        countries=None,
        events=[gold_event(0, 100, "projection.peacekeeping")],
    )
    report = score(gold, Extraction(document_id=1, extractor_version="t"))
    assert report.scores["event.category/projection.peacekeeping"].fn == 1
    assert report.scores["event.category"].recall == 0.0


def test_sales_aid_to_china_and_totals_are_negatives_never_deliveries() -> None:
    gold = GoldDocument(
        name="g",
        document=document(),
        complete=frozenset({"aid"}),
        countries=None,
        aid=[
            gold_aid(0, 100, "CHN", "ZWE"),
            gold_aid(200, 300, "CHN", "SRB", mode="sale"),
            gold_aid(400, 500, "KOR", "CHN"),
            gold_aid(600, 700, "CHN", "PAK", total=True),
        ],
    )
    predicted = Extraction(
        document_id=1,
        extractor_version="t",
        aid=(
            aid(10, 90, "ZWE"),
            aid(210, 290, "SRB"),
            aid(410, 490, "CHN", donor="KOR"),
            aid(610, 690, "PAK"),
        ),
    )
    report = score(gold, predicted)
    recipients = report.scores["aid.recipient_country"]
    assert (recipients.tp, recipients.fp, recipients.fn) == (1, 2, 0)
    rejected = report.accuracies["aid.negative_rejected"]
    # The sale and the total were recorded as Chinese deliveries; aid to China was not.
    assert (rejected.correct, rejected.total) == (1, 3)
    assert report.accuracies["aid.donor_channel_by_document"].value == 1.0
    assert [g.chinese_delivery for g in gold.aid] == [True, False, False, False]


def test_event_date_rightly_empty_counts_a_missing_date_as_right() -> None:
    gold_dated = gold_event(0, 100, "diplomacy.high_level")
    gold_dated = GoldEvent(**{**gold_dated.__dict__, "date": (dt.date(2024, 5, 1), None, "day")})
    gold = GoldDocument(
        name="g",
        document=document(),
        complete=frozenset({"events"}),
        countries=None,
        events=[gold_dated, gold_event(200, 300, "diplomacy.high_level")],
    )
    predicted = Extraction(
        document_id=1,
        extractor_version="t",
        events=(event(0, 100, "diplomacy.high_level"), event(200, 300, "diplomacy.high_level")),
    )
    report = score(gold, predicted)
    assert report.accuracies["event.date"].value == 0.0
    assert report.accuracies["event.date_or_rightly_empty"].value == 0.5


def test_one_delivery_to_three_countries_meets_three_gold_records() -> None:
    """The gold gives one record per recipient country; a delivery naming three recipients is
    scored as three records, each of which can be right or wrong."""
    gold = GoldDocument(
        name="g",
        document=document(),
        complete=frozenset({"aid"}),
        countries=None,
        aid=[gold_aid(0, 100, "CHN", c) for c in ("COG", "GNQ", "TUN")],
    )
    three = AidDelivery(
        donor=Donor(name="d", country="CHN", channel="military"),
        recipients=tuple(Recipient(country=c) for c in ("COG", "GNQ", "NER")),
        evidence=evidence(10, 90),
        confidence=0.9,
    )
    record = score(gold, Extraction(document_id=1, extractor_version="t", aid=(three,))).scores[
        "aid.record"
    ]
    assert (record.tp, record.fp, record.fn) == (2, 1, 1)
