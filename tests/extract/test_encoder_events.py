"""The encoder candidate for events: candidate filter, heads trained beside the linear model,
and events through the same evaluation as every engine. Small documents of our own stand in for
gold (as in test_learned.py), so training takes seconds; the encoder is the real one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

import numpy as np
import pytest
from tests.extract.conftest import NEEDS_ENCODER

from chinatracker.evaluation.gold import GoldDocument, GoldEvent
from chinatracker.evaluation.metrics import Report, score_document
from chinatracker.extract.gazetteer import Gazetteer, gazetteer
from chinatracker.records import Document

pytestmark = NEEDS_ENCODER

PLACES = ["Colombo", "Dar es Salaam", "Suva", "Mombasa", "Chittagong", "Dili", "Maputo"]
SHIP = (
    "The Chinese navy hospital ship Peace Ark docked in {city} on {day} May and its doctors "
    "treated {n} patients during the visit."
)
MEETING = "Chinese Foreign Minister Wang Yi met {person} in Beijing on {day} May to discuss trade."
PEOPLE = ["Ali Sabry", "Vivian Balakrishnan", "Penny Wong", "Retno Marsudi"]
FILLER = [
    "The weather in the capital stayed dry for most of the week.",
    "Local football fans filled the stadium for the final on Sunday.",
    "Shares in the city's largest bank rose slightly in morning trading.",
]


def _document(text: str, number: int) -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        id=number,
        path=f"synthetic-{number}.txt",
        format="txt",
        text=text,
        published=dt.date(2024, 5, 30),
        content_hash=digest,
        raw_hash=digest,
    )


def _event(text: str, sentence: str, category: str) -> GoldEvent:
    start = text.index(sentence)
    return GoldEvent(
        span=(start, start + len(sentence)),
        category=category,
        alt_categories=(),
        countries=frozenset(),
        date=None,
        quantities=(),
        status="current",
    )


def _gold(rng: random.Random, number: int, *, ship: bool) -> GoldDocument:
    meeting = MEETING.format(person=rng.choice(PEOPLE), day=rng.randint(2, 27))
    parts = [rng.choice(FILLER), meeting]
    if ship:
        parts.append(
            SHIP.format(city=rng.choice(PLACES), day=rng.randint(2, 27), n=rng.randint(90, 900))
        )
    text = "\n\n".join(parts) + "\n"
    events = [_event(text, meeting, "diplomacy.high_level")]
    if ship:
        events.append(_event(text, parts[-1], "projection.hadr"))
    return GoldDocument(
        name=f"synthetic-{number}",
        document=_document(text, number),
        complete=frozenset({"events"}),
        countries=None,
        events=events,
    )


@pytest.fixture(scope="module")
def names() -> Gazetteer:
    return gazetteer()


@pytest.fixture(scope="module")
def trained(names: Gazetteer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from chinatracker.extract.learned import encoder_events
    from chinatracker.extract.learned.candidates import Memo
    from chinatracker.extract.learned.encoder import SentenceEncoder
    from chinatracker.extract.learned.training import fit_event_model, read

    rng = random.Random(15)
    train = [_gold(rng, i, ship=i % 3 == 0) for i in range(30)]
    dev = [_gold(rng, 100 + i, ship=i % 2 == 0) for i in range(10)]
    test = [_gold(rng, 200 + i, ship=i % 2 == 1) for i in range(8)]
    train_read, dev_read = read(train, names), read(dev, names)
    linear = fit_event_model(train, dev, train_read, dev_read)
    encoder = SentenceEncoder(cache=tmp_path_factory.mktemp("encoder-cache"))
    memo = Memo(encoder)
    model, card = encoder_events.fit(linear, train_read, dev_read, memo)
    return {
        "linear": linear,
        "model": model,
        "card": card,
        "encoder": encoder,
        "memo": memo,
        "train": train_read,
        "dev": dev_read,
        "test": test,
    }


def test_fillers_are_never_encoded_and_events_are_found_like_the_linear_model(
    trained: dict[str, Any], names: Gazetteer
) -> None:
    from chinatracker.extract.learned.encoder_events import EncoderExtractor

    extractor = EncoderExtractor(trained["model"], trained["encoder"].encode, names=names)
    report = Report()
    sentences = 0
    for gold in trained["test"]:
        score_document(report, gold, extractor.extract(gold.document))
        sentences += gold.document.text.count("\n\n") + 1
    # The filler sentence of every document has no cue and no category: it is not encoded.
    assert extractor.encoded <= sentences - len(trained["test"])
    s = report.score("event.category")
    assert s.f1 is not None
    assert s.f1 >= 0.9
    assert extractor.version.endswith("+minilm")


def test_training_is_deterministic(trained: dict[str, Any]) -> None:
    from chinatracker.extract.learned import encoder_events

    again, card = encoder_events.fit(
        trained["linear"], trained["train"], trained["dev"], trained["memo"]
    )
    first = trained["model"]
    assert card == trained["card"]
    for name in ("category", "status"):
        assert np.array_equal(again.heads[name].weights, first.heads[name].weights)
    assert again.decision == first.decision


def test_the_candidate_filter_keeps_cued_sentences(trained: dict[str, Any]) -> None:
    from chinatracker.extract.learned.encoder_events import candidates

    linear = trained["linear"]
    cued = {"bias": 1.0, "rule:projection.hadr": 1.0}
    plain = {"bias": 1.0, "w:weather": 1.0, "w:stayed": 1.0, "w:dry": 1.0}
    kept = candidates([cued, plain], linear, bar=1.0)
    assert kept.tolist() == [True, False]
