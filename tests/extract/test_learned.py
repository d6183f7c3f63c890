"""The learned event model: its file format, deterministic training, and learning from reviews.

Small documents of our own, written here, stand in for gold so that training takes seconds. The
review test goes through the real parts: a SQLite store, the extractor writing facts, analysts'
corrections through `correct_fact`, and `chinatracker train`'s review reader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from chinatracker.evaluation.gold import GoldDocument, GoldEvent
from chinatracker.extract.gazetteer import Gazetteer, gazetteer
from chinatracker.extract.learned.linear import LinearModel
from chinatracker.extract.learned.training import review_examples, train_event_model
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.review import Actor, Role, correct_fact
from chinatracker.scale.runs import run_local
from chinatracker.store import documents as stored_documents
from chinatracker.store.database import Store
from chinatracker.store.facts import facts_of_kind, to_event

ANA = Actor("ana", Role.analyst)
PLACES = [
    ("Colombo", "Sri Lanka"),
    ("Dar es Salaam", "Tanzania"),
    ("Suva", "Fiji"),
    ("Port Moresby", "Papua New Guinea"),
    ("Mombasa", "Kenya"),
    ("Chittagong", "Bangladesh"),
    ("Dili", "Timor-Leste"),
    ("Nuku'alofa", "Tonga"),
    ("Maputo", "Mozambique"),
    ("Djibouti", "Djibouti"),
    ("Luanda", "Angola"),
    ("Cartagena", "Colombia"),
]
PEOPLE = ["Ali Sabry", "Vivian Balakrishnan", "Penny Wong", "Enrique Manalo", "Retno Marsudi"]
SHIP = (
    "The Chinese navy hospital ship Peace Ark docked in {city}, {country}, on {day} May and "
    "its doctors treated {n} patients during the visit."
)
MEETING = "Chinese Foreign Minister Wang Yi met {person} in Beijing on {day} May to discuss trade."
FILLER = [
    "The weather in the capital stayed dry for most of the week.",
    "Local football fans filled the stadium for the final on Sunday.",
    "Shares in the city's largest bank rose slightly in morning trading.",
]


def document(text: str, number: int) -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        path=f"synthetic-{number}.txt",
        format="txt",
        text=text,
        published=dt.date(2024, 5, 30),
        content_hash=digest,
        raw_hash=digest,
    )


def ship_sentence(rng: random.Random) -> str:
    city, country = rng.choice(PLACES)
    return SHIP.format(city=city, country=country, day=rng.randint(2, 27), n=rng.randint(90, 900))


def gold_document(
    rng: random.Random, number: int, *, ship: bool, label: str = "diplomacy.exercises_port_calls"
) -> GoldDocument:
    """A filler sentence, a meeting, and optionally a hospital-ship visit labelled `label`."""
    person = rng.choice(PEOPLE)
    meeting = MEETING.format(person=person, day=rng.randint(2, 27))
    parts = [rng.choice(FILLER), meeting]
    if ship:
        parts.append(ship_sentence(rng))
    text = "\n\n".join(parts) + "\n"
    events = [_event(text, meeting, "diplomacy.high_level")]
    if ship:
        events.append(_event(text, parts[-1], label))
    return GoldDocument(
        name=f"synthetic-{number}",
        document=document(text, number),
        complete=frozenset({"events"}),
        countries=None,
        events=events,
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


@pytest.fixture(scope="module")
def names() -> Gazetteer:
    return gazetteer()


@pytest.fixture(scope="module")
def corpus() -> tuple[list[GoldDocument], list[GoldDocument]]:
    rng = random.Random(15)
    train = [gold_document(rng, i, ship=i % 3 == 0) for i in range(36)]
    dev = [gold_document(rng, 100 + i, ship=i % 2 == 0) for i in range(12)]
    return train, dev


@pytest.fixture(scope="module")
def model(corpus: tuple[list[GoldDocument], list[GoldDocument]], names: Gazetteer) -> LinearModel:
    train, dev = corpus
    return train_event_model(train, dev, names)


def test_training_is_deterministic_and_the_file_round_trips(
    corpus: tuple[list[GoldDocument], list[GoldDocument]], names: Gazetteer, model: LinearModel
) -> None:
    train, dev = corpus
    again = train_event_model(train, dev, names)
    assert again.to_json() == model.to_json()
    assert model.version.startswith("events-")
    loaded = LinearModel.from_json(model.to_json())
    assert loaded.version == model.version
    rows = [{"w:wang": 1.0, "w:met": 1.0, "bias": 1.0}, {"w:weather": 1.0, "bias": 1.0}]
    assert np.allclose(
        loaded.probabilities("category", rows), model.probabilities("category", rows)
    )
    assert set(model.card) >= {"threshold", "current_threshold", "calibration", "data_hash"}


def test_the_extractor_records_the_model_version_on_every_fact(model: LinearModel) -> None:
    extractor = Extractor(engine="learned", model=model)
    text = MEETING.format(person="Penny Wong", day=14) + "\n"
    found = extractor.extract(document(text, 1))
    assert found.extractor_version == extractor.version
    assert found.extractor_version.startswith(
        f"rules-1.6.0+{model.version}+{extractor.aid_model.version}+zh-"
    )
    assert [e.category for e in found.events] == ["diplomacy.high_level"]
    assert 0.0 <= found.events[0].confidence <= 1.0
    assert Extractor.for_version(found.extractor_version).engine == "learned"
    assert Extractor.for_version("rules-1.6.0").engine == "rules"
    assert Extractor(engine="rules").version == "rules-1.6.0+zh-1.4.0"


def test_corrections_of_one_error_and_a_retrain_remove_it_on_held_back_cases(
    corpus: tuple[list[GoldDocument], list[GoldDocument]],
    names: Gazetteer,
    model: LinearModel,
    store: Store,
) -> None:
    """The gold calls hospital-ship visits port calls; analysts correct 30 of them to
    humanitarian assistance. After a retrain with the reviews, new visits are read their way."""
    rng = random.Random(1415)
    reviewed = [document(ship_sentence(rng) + "\n", 1000 + i) for i in range(30)]
    held_back = [document(ship_sentence(rng) + "\n", 2000 + i) for i in range(10)]
    extractor = Extractor(names=names, engine="learned", model=model)
    assert _categories(extractor, held_back) == {"diplomacy.exercises_port_calls"}

    with store.transaction() as session:
        stored_documents.add_documents(session, reviewed)
    run_local(store, extractor)
    with store.reading() as session:
        facts = [f.id for f in facts_of_kind(session, "event")]
        assert len(facts) == 30
        assert {to_event(f).category for f in facts_of_kind(session, "event")} == {
            "diplomacy.exercises_port_calls"
        }
    for fact_id in facts:
        correct_fact(
            store, ANA, fact_id, {"category": "projection.hadr"}, reason="a medical mission"
        )

    examples = review_examples(store, names)
    assert len(examples) == 30
    assert {e.category for e in examples} == {"projection.hadr"}
    train, dev = corpus
    retrained = train_event_model(train, dev, names, examples)
    assert retrained.version != model.version
    after = Extractor(names=names, engine="learned", model=retrained)
    assert _categories(after, held_back) == {"projection.hadr"}
    # The correction taught one thing: meetings are still meetings.
    meeting = document(MEETING.format(person="Ali Sabry", day=3) + "\n", 3000)
    assert [e.category for e in after.extract(meeting).events] == ["diplomacy.high_level"]


def _categories(extractor: Extractor, documents: list[Document]) -> set[str]:
    return {e.category for d in documents for e in extractor.extract(d).events}


def test_the_committed_model_is_what_training_on_the_gold_gives(shared_corpus: Path) -> None:
    """`chinatracker train` on a fresh clone writes the committed file, byte for byte."""
    from chinatracker.cli.train import REPO
    from chinatracker.evaluation.gold import CorpusRoots, load_gold, split_stories
    from chinatracker.extract.learned.aid_training import train_aid_model
    from chinatracker.extract.learned.models import AID_MODEL, EVENT_MODEL

    roots = CorpusRoots(shared=shared_corpus, demo=REPO / "demo" / "corpus")
    gold = REPO / "tests" / "gold" / "real"
    train, dev = load_gold([gold / "train"], roots), load_gold([gold / "dev"], roots)
    names = gazetteer()
    model = train_event_model(train, dev, names, stories=split_stories(gold / "SPLITS.tsv"))
    assert model.to_json() == EVENT_MODEL.read_text(encoding="utf-8")
    aid = train_aid_model(train, dev, names)
    assert aid.to_json() == AID_MODEL.read_text(encoding="utf-8")
    assert aid.version.startswith("aid-") and 0.0 < aid.card["threshold"] < 1.0


def test_extract_uses_the_configured_model_file(model: LinearModel, tmp_path: Path) -> None:
    """A model trained from one's own reviews (`train --out FILE`) is used when configured."""
    import subprocess
    import sys

    model_file = tmp_path / "events.json"
    model_file.write_text(model.to_json(), encoding="utf-8")
    article = tmp_path / "2024-05-20-visit.txt"
    article.write_text(MEETING.format(person="Penny Wong", day=20) + "\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "CHINATRACKER_EVENT_MODEL": str(model_file)}
    base = [sys.executable, "-m", "chinatracker", "--db", str(tmp_path / "t.sqlite")]
    subprocess.run([*base, "ingest", str(article)], check=True, capture_output=True, env=env)
    done = subprocess.run([*base, "extract"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert model.version in done.stdout + done.stderr


def test_the_committed_chinese_model_is_what_training_on_the_chinese_gold_gives(
    shared_corpus: Path,
) -> None:
    """`chinatracker train --language zh` writes the committed Chinese model, byte for byte,
    from tests/gold/zh; English gold beside it changes nothing."""
    from chinatracker.cli.train import REPO
    from chinatracker.evaluation.gold import CorpusRoots, load_gold, split_stories
    from chinatracker.extract.learned.models import ZH_EVENT_MODEL

    roots = CorpusRoots(shared=shared_corpus, demo=REPO / "demo" / "corpus")
    gold = REPO / "tests" / "gold" / "zh"
    model = train_event_model(
        load_gold([gold / "train"], roots),
        load_gold([gold / "dev"], roots),
        gazetteer(),
        language="zh",
        stories=split_stories(gold / "SPLITS.tsv"),
    )
    assert model.version.startswith("events-zh-")
    assert model.card["language"] == "zh"
    assert model.to_json() == ZH_EVENT_MODEL.read_text(encoding="utf-8")


def test_training_documents_are_scored_once_by_heads_that_never_saw_their_story(
    corpus: tuple[list[GoldDocument], list[GoldDocument]], names: Gazetteer, model: LinearModel
) -> None:
    """The decision reads train out of fold: copies of a story share a fold, the folds are near
    equal, and each document's scores come from heads fitted without it."""
    from chinatracker.extract.learned.events import scores_of
    from chinatracker.extract.learned.training import FOLDS, folds, out_of_fold, read

    train, _ = corpus
    documents = read(train, names)
    # Pairs of documents told as one story, as SPLITS.tsv groups them.
    stories = {f"/{d.gold.name}": f"story-{i // 2}" for i, d in enumerate(documents)}
    dealt = folds(documents, stories)
    assert all(dealt[i] == dealt[i + 1] for i in range(0, len(dealt) - 1, 2))
    sizes = [dealt.count(k) for k in range(FOLDS)]
    assert max(sizes) - min(sizes) <= 2
    scored = out_of_fold(model, documents, [], stories)
    assert sorted(doc.gold.name for doc, _, _ in scored) == sorted(d.name for d in train)
    # A shipped model scores its own training sentences differently from one that never saw them.
    differs = [
        not np.allclose(scores.category, scores_of(doc.rows, model).category)
        for doc, _, scores in scored
    ]
    assert all(differs)
    assert model.card["decision_documents"] == {"dev": 12, "train_out_of_fold": 36}


def test_held_out_events_find_each_training_document_s_meeting(
    corpus: tuple[list[GoldDocument], list[GoldDocument]], names: Gazetteer, model: LinearModel
) -> None:
    """`train --cross-validate` reads train out of fold: every document comes back once, with
    what heads that never saw it find there (each holds one meeting)."""
    from chinatracker.extract.learned.training import held_out_events, read

    train, _ = corpus
    found = {
        doc.gold.name: events for doc, events in held_out_events(model, read(train, names), {})
    }
    assert sorted(found) == sorted(d.name for d in train)
    assert all("diplomacy.high_level" in {e.category for e in events} for events in found.values())


def test_the_real_split_table_names_a_story_for_every_training_document() -> None:
    from chinatracker.cli.train import GOLD
    from chinatracker.evaluation.gold import split_stories
    from chinatracker.extract.learned.training import _story_key

    for language in ("en", "zh"):
        stories = split_stories(GOLD[language] / "SPLITS.tsv")
        train = sorted((GOLD[language] / "train").rglob("*.yaml"))
        assert train and all(_story_key(str(p)) in stories for p in train)
    # Copies of one story share a group: the table is not one story per file.
    english = sorted((GOLD["en"] / "train").rglob("*.yaml"))
    stories = split_stories(GOLD["en"] / "SPLITS.tsv")
    assert len({stories[_story_key(str(p))] for p in english}) < len(english)
