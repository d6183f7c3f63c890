"""The learned aid decision: trained on our own small gold, it learns to leave out what the
rule frame proposes but analysts never count as China's aid."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from chinatracker.evaluation.gold import GoldAid, GoldDocument
from chinatracker.extract.gazetteer import Gazetteer, gazetteer
from chinatracker.extract.learned.aid import decide, is_chinese
from chinatracker.extract.learned.aid_training import label_of, train_aid_model
from chinatracker.extract.learned.linear import LinearModel
from chinatracker.extract.pipeline import Extractor, analyse
from chinatracker.records import Document
from chinatracker.sources.fingerprint import content_hash, raw_hash

COUNTRIES = ["Nepal", "Kenya", "Peru", "Laos", "Fiji", "Chad", "Iraq", "Ghana", "Togo", "Cuba"]
ISO = {
    "Nepal": "NPL", "Kenya": "KEN", "Peru": "PER", "Laos": "LAO", "Fiji": "FJI",
    "Chad": "TCD", "Iraq": "IRQ", "Ghana": "GHA", "Togo": "TGO", "Cuba": "CUB",
}  # fmt: skip
GIFT = "The Chinese embassy donated {n:,} masks to {country} on Monday."
TOTAL = "So far in total China has donated {n:,} masks to {country} since the outbreak began."


def document(text: str, number: int) -> Document:
    return Document(
        id=number,
        path=f"aid-{number}.txt",
        format="txt",
        text=text,
        published=dt.date(2020, 6, 5),
        content_hash=content_hash(text),
        raw_hash=raw_hash(text.encode()),
    )


def gold_document(rng: random.Random, number: int) -> tuple[GoldDocument, bool]:
    """One sentence: a gift (a Chinese delivery) or a running total (an aggregate, which the
    rule frame proposes as a delivery but the gold does not count)."""
    country = rng.choice(COUNTRIES)
    total = number % 2 == 0
    text = (TOTAL if total else GIFT).format(n=rng.randrange(1000, 90000), country=country) + "\n"
    aid = GoldAid(
        span=(0, len(text) - 1),
        donor_name="China",
        donor_country="CHN",
        channel="government",
        recipients=(ISO[country],),
        items=(("masks", None),),
        mode="donation",
        status="delivered",
        date=None,
        aggregate=total,
    )
    doc = GoldDocument(
        name=f"aid-{number}",
        document=document(text, number),
        complete=frozenset({"aid", "events"}),
        countries=frozenset(),
        aid=[aid],
    )
    return doc, total


@pytest.fixture(scope="module")
def names() -> Gazetteer:
    return gazetteer()


@pytest.fixture(scope="module")
def trained(names: Gazetteer) -> tuple[LinearModel, list[tuple[GoldDocument, bool]]]:
    rng = random.Random(151)
    docs = [gold_document(rng, i) for i in range(60)]
    train, dev, held = docs[:36], docs[36:48], docs[48:]
    model = train_aid_model([d for d, _ in train], [d for d, _ in dev], names)
    return model, held


def test_the_frame_proposes_totals_and_the_labels_say_they_are_not_deliveries(
    names: Gazetteer,
) -> None:
    doc, total = gold_document(random.Random(3), 0)
    assert total
    [proposed] = [a for a in analyse_aid(doc, names) if is_chinese(a)]
    assert label_of(proposed, doc) == "other"
    gift, _ = gold_document(random.Random(3), 1)
    [kept] = analyse_aid(gift, names)
    assert label_of(kept, gift) == "delivery"


def analyse_aid(doc: GoldDocument, names: Gazetteer) -> list:
    from chinatracker.extract.aid import find_aid

    return find_aid(analyse(doc.document, names))


def test_training_is_deterministic(
    trained: tuple[LinearModel, list[tuple[GoldDocument, bool]]], names: Gazetteer
) -> None:
    model, _ = trained
    rng = random.Random(151)
    docs = [gold_document(rng, i) for i in range(60)]
    again = train_aid_model([d for d, _ in docs[:36]], [d for d, _ in docs[36:48]], names)
    assert again.to_json() == model.to_json()
    assert LinearModel.from_json(model.to_json()).version == model.version


def test_the_decision_leaves_out_totals_on_held_back_documents(
    trained: tuple[LinearModel, list[tuple[GoldDocument, bool]]], names: Gazetteer
) -> None:
    model, held = trained
    extractor = Extractor(names=names, engine="learned", aid_model=model)
    for doc, total in held:
        found = extractor.extract(doc.document).aid
        assert bool(found) is (not total), doc.document.text
        assert all(0.0 <= a.confidence <= 1.0 for a in found)
    # The rules engine keeps every proposal, for comparison.
    rules = Extractor(names=names, engine="rules")
    assert all(rules.extract(doc.document).aid for doc, _ in held)


def test_the_committed_aid_model_loads_and_decides(names: Gazetteer) -> None:
    extractor = Extractor(names=names)
    doc = document(GIFT.format(n=5000, country="Nepal") + "\n", 1)
    found = extractor.extract(doc).aid
    assert [r.country for a in found for r in a.recipients] == ["NPL"]
    assert "+aid-" in extractor.version
    assert decide(analyse(doc, names), [], extractor.aid_model, extractor.aid_decision) == []
