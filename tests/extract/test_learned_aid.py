"""The learned aid decision: trained on our own small gold, it learns to leave out what the
rule frame proposes but analysts never count as China's aid."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from chinatracker.evaluation.gold import GoldAid, GoldDocument
from chinatracker.extract.gazetteer import Gazetteer, gazetteer
from chinatracker.extract.learned.aid import decide, is_chinese
from chinatracker.extract.learned.aid_training import (
    aid_review_examples,
    label_of,
    train_aid_model,
)
from chinatracker.extract.learned.linear import LinearModel
from chinatracker.extract.pipeline import Extractor, analyse
from chinatracker.records import Document
from chinatracker.review import Actor, Role, reject_fact
from chinatracker.scale.runs import run_local
from chinatracker.sources.fingerprint import content_hash, raw_hash
from chinatracker.store import documents as stored_documents
from chinatracker.store.database import Store
from chinatracker.store.facts import facts_of_kind

COUNTRIES = ["Nepal", "Kenya", "Peru", "Laos", "Fiji", "Chad", "Iraq", "Ghana", "Togo", "Cuba"]
ISO = {
    "Nepal": "NPL", "Kenya": "KEN", "Peru": "PER", "Laos": "LAO", "Fiji": "FJI",
    "Chad": "TCD", "Iraq": "IRQ", "Ghana": "GHA", "Togo": "TGO", "Cuba": "CUB",
}  # fmt: skip
GIFT = "The Chinese embassy donated {n:,} masks to {country} on Monday."
# A total the frame still proposes: "so far" and "since the outbreak" it now reads itself
# (aid_cues.yaml, `running_total`), "altogether ... this year" it leaves to the decision.
TOTAL = "Altogether China has donated {n:,} masks to {country} this year."


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


ANA = Actor("ana", Role.analyst)
PLEDGE = "The Chinese embassy plans to send {n:,} masks to {country} next month."


def test_rejections_of_one_error_and_a_retrain_remove_it_on_held_back_cases(
    names: Gazetteer, store: Store
) -> None:
    """The gold here holds gifts only, so the first model keeps every "will send" announcement
    as a delivery. Analysts reject 30 of them as not yet aid; after a retrain with the reviews,
    new announcements are left out and gifts are still kept."""
    rng = random.Random(1516)
    gifts = [gold_document(rng, 2 * i + 1)[0] for i in range(24)]
    model = train_aid_model(gifts[:18], gifts[18:], names)
    extractor = Extractor(names=names, engine="learned", aid_model=model)

    def announcement(number: int) -> Document:
        text = PLEDGE.format(n=rng.randrange(1000, 90000), country=rng.choice(COUNTRIES))
        return document(text + "\n", number)

    reviewed = [announcement(1000 + i) for i in range(30)]
    held_back = [announcement(2000 + i) for i in range(10)]
    assert all(extractor.extract(d).aid for d in held_back)

    with store.transaction() as session:
        stored_documents.add_documents(session, reviewed)
    run_local(store, extractor)
    with store.reading() as session:
        facts = [f.id for f in facts_of_kind(session, "aid")]
    assert len(facts) == 30
    for fact_id in facts:
        reject_fact(store, ANA, fact_id, reason="an announcement, nothing sent yet")

    examples = aid_review_examples(store, names)
    assert len(examples) == 30 and {e.label for e in examples} == {"other"}
    retrained = train_aid_model(gifts[:18], gifts[18:], names, examples)
    assert retrained.version != model.version
    after = Extractor(names=names, engine="learned", aid_model=retrained)
    assert not any(after.extract(d).aid for d in held_back)
    gift = document(GIFT.format(n=4000, country="Peru") + "\n", 3000)
    assert [r.country for a in after.extract(gift).aid for r in a.recipients] == ["PER"]
