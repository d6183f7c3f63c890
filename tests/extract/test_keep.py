"""The keep head: event-level features of drafted events, how the head judges them, and how it
is fitted on drafts and shipped in the event model file.

The documents are our own: a meeting told in the lead and told again after a long stretch of
other news, the commonest way a sentence model counts one happening twice. Sentence scores are
set by hand, so that the tests pin the keep stage alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from chinatracker.evaluation.gold import GoldDocument, GoldEvent
from chinatracker.extract.gazetteer import Gazetteer, gazetteer
from chinatracker.extract.learned.events import (
    Decision,
    SentenceScores,
    build_events,
    draft_events,
)
from chinatracker.extract.learned.keep import HEAD, event_rows
from chinatracker.extract.learned.keep_training import Keeper, fit_keeper, with_keeper
from chinatracker.extract.learned.linear import Head, LinearModel
from chinatracker.extract.learned.training import Read
from chinatracker.extract.pipeline import Analysis, analyse
from chinatracker.records import Document
from chinatracker.sources.fingerprint import content_hash, raw_hash

CATEGORIES = ("diplomacy.high_level", "none")
LEAD = "Chinese Foreign Minister Wang Yi met Kenyan Foreign Minister {who} in Beijing on 3 May."
FILLER = (
    "Rain fell across the capital for most of the week, and the rivers rose to their highest "
    "level in a decade. Farmers in the north said the harvest would come late this year. The "
    "city's largest bank reported higher profits for the quarter, and its shares rose slightly. "
    "A new bridge over the river opened to traffic after four years of building work. Schools "
    "in the eastern districts closed for two days while the roads were cleared."
)
# Ethiopia too, so that the two tellings name other countries and stay two drafts.
RETOLD = "Wang Yi told {who} that China, Kenya and Ethiopia would finish the railway together."
PEOPLE = ("Musalia Mudavadi", "Raychelle Omamo", "Monica Juma", "Alfred Mutua", "Amina Mohamed")


def story(number: int) -> tuple[Document, str, str]:
    who = PEOPLE[number % len(PEOPLE)]
    lead, retold = LEAD.format(who=who), RETOLD.format(who=who)
    text = f"{lead}\n\n{FILLER}\n\n{FILLER}\n\n{retold}\n"
    document = Document(
        path=f"keep-{number}.txt",
        format="txt",
        title=f"Wang Yi meets Kenyan foreign minister, story {number}",
        text=text,
        published=dt.date(2024, 5, 4),
        content_hash=content_hash(text),
        raw_hash=raw_hash(text.encode()),
    )
    return document, lead, retold


def scores_for(analysis: Analysis, *sentences: str) -> SentenceScores:
    """The sentence model's scores as if it found `sentences` to be meetings, the rest none."""
    category = np.tile([0.05, 0.95], (len(analysis.sentences), 1))
    for view in analysis.sentences:
        if any(s in view.text or view.text in s for s in sentences):
            category[view.index] = [0.7, 0.3]
    return SentenceScores(CATEGORIES, category, np.full(len(analysis.sentences), 0.9))


@pytest.fixture(scope="module")
def names() -> Gazetteer:
    return gazetteer()


def test_a_second_telling_of_a_category_is_marked_as_one(names: Gazetteer) -> None:
    document, lead, retold = story(0)
    analysis = analyse(document, names)
    scores = scores_for(analysis, lead, retold)
    drafts = draft_events(analysis, scores, Decision(0.5, 0.5))
    assert [e.category for e in drafts] == ["diplomacy.high_level"] * 2
    first, second = event_rows(analysis, scores, drafts)
    assert first["event:nth_of_category:0"] == 1.0
    assert second["event:nth_of_category:1"] == 1.0
    assert "event:retells_countries" not in first
    assert second["event:retells_countries"] == 1.0  # Kenya again
    assert first["event:position:0"] == 1.0
    assert second["event:title_country"] == 1.0
    assert "event:age:month" in first  # dated 3 May, published 4 May
    assert second["event:undated"] == 1.0
    assert first["event:logit"] == pytest.approx(np.log(0.7 / 0.3))


def keeper_against_retelling() -> LinearModel:
    """A keep head written by hand: keep an event unless it retells an earlier one's countries."""
    sentence = Head(("none", "x"), np.zeros((2, 2)), np.zeros(2))
    return LinearModel(
        version="hand",
        features={"w:x": 0, "event:retells_countries": 1},
        heads={
            "category": sentence,
            HEAD: Head(("drop", "keep"), np.array([[0.0, 3.0], [0.0, -3.0]]), np.array([-1, 1])),
        },
    )


def test_the_keep_head_drops_what_it_judges_wrong_and_gives_its_probability_as_confidence(
    names: Gazetteer,
) -> None:
    document, lead, retold = story(1)
    analysis = analyse(document, names)
    scores = scores_for(analysis, lead, retold)
    plain = Decision(0.5, 0.5)
    keeper = keeper_against_retelling()
    decision = Decision(0.5, 0.5, keep_threshold=0.5, keeper=keeper)
    assert len(build_events(analysis, scores, plain)) == 2
    (kept,) = build_events(analysis, scores, decision)
    assert lead.startswith(analysis.text[kept.evidence[0].start : kept.evidence[0].end][:20])
    # Softmax of (-1, 1): the keep probability, identity-calibrated, is the confidence.
    assert kept.confidence == pytest.approx(1 / (1 + np.exp(-2)), abs=1e-3)


def test_a_model_with_a_keep_head_round_trips_and_its_decision_uses_it() -> None:
    model = LinearModel(
        version="v",
        features={"w:meeting": 0},
        heads={"category": Head(("none", "m"), np.array([[0.0], [2.0]]), np.zeros(2))},
        card={"threshold": 0.2, "keep": {"threshold": 0.4, "calibration": [1.0, 0.5]}},
    )
    head = Head(("drop", "keep"), np.array([[3.0], [-3.0]]), np.array([-1.0, 1.0]))
    widened = with_keeper(model, Keeper(head, {"event:retells_countries": 0}, Decision(0.2), {}))
    assert widened.features == {"w:meeting": 0, "event:retells_countries": 1}
    rows = [{"w:meeting": 1.0}, {"event:retells_countries": 1.0}]
    before = model.probabilities("category", rows[:1])
    assert np.allclose(widened.probabilities("category", rows[:1]), before)
    # The sentence head never reads event features, the keep head never reads sentence ones.
    assert np.allclose(widened.probabilities("category", rows[1:]), [[0.5, 0.5]])
    keep = widened.probabilities(HEAD, rows)
    assert keep[0][1] == pytest.approx(1 / (1 + np.exp(-2)))
    assert keep[1][1] == pytest.approx(1 / (1 + np.exp(4)))
    again = LinearModel.from_json(widened.to_json())
    decision = Decision.of(again)
    assert decision.keeper is again
    assert (decision.threshold, decision.keep_threshold) == (0.2, 0.4)
    assert decision.keep_calibration == (1.0, 0.5)
    assert Decision.of(model).keeper is None


def gold_of(document: Document, lead: str) -> GoldDocument:
    start = document.text.index(lead)
    meeting = GoldEvent(
        span=(start, start + len(lead)),
        category="diplomacy.high_level",
        alt_categories=(),
        countries=frozenset({"KEN"}),
        date=None,
        quantities=(),
        status="current",
    )
    return GoldDocument(
        name=document.path,
        document=document,
        complete=frozenset({"events"}),
        countries=None,
        events=[meeting],
    )


def scored(numbers: range, names: Gazetteer) -> list[tuple[Read, Analysis, SentenceScores]]:
    found = []
    for number in numbers:
        document, lead, retold = story(number)
        analysis = analyse(document, names)
        read = Read(gold_of(document, lead), analysis, [], [])
        found.append((read, analysis, scores_for(analysis, lead, retold)))
    return found


def test_fitting_learns_that_a_retelling_is_no_second_event(names: Gazetteer) -> None:
    """Each story is one meeting told twice; gold holds it once. The plain threshold counts it
    twice (precision 0.5); the fitted head keeps the lead and drops the retelling."""
    train, dev = scored(range(30), names), scored(range(30, 40), names)
    fold_of = {read.gold.name: i % 5 for i, (read, _, _) in enumerate(train)}
    keeper = fit_keeper(Decision(0.5, 0.5), dev, train, fold_of)
    assert keeper is not None
    assert keeper.card["f1_plain"] == pytest.approx(2 / 3, abs=1e-3)
    assert keeper.card["f1_kept"] == 1.0
    assert keeper.card["train_drafts"] == 60
    model = with_keeper(
        LinearModel("v", {"bias": 0}, {"category": Head(("none",), np.zeros((1, 1)), np.zeros(1))}),
        keeper,
    )
    decision = Decision(
        keeper.decision.threshold,
        0.5,
        keep_threshold=keeper.decision.keep_threshold,
        keep_calibration=keeper.decision.keep_calibration,
        keeper=model,
    )
    for read, analysis, scores in scored(range(40, 45), names):
        (event,) = build_events(analysis, scores, decision)
        assert event.evidence[0].start == read.gold.events[0].span[0]


def test_fitting_ships_no_head_where_the_plain_threshold_is_as_good(names: Gazetteer) -> None:
    """Gold that holds both tellings: nothing to remove, so no keep head is shipped."""
    train = scored(range(20), names)
    both = []
    for read, analysis, scores in train:
        document = read.gold.document
        retold = document.text.strip().rsplit("\n\n", 1)[1]
        gold = gold_of(document, document.text.split("\n\n", 1)[0])
        start = document.text.index(retold)
        second = replace(gold.events[0], span=(start, start + len(retold)))
        gold = GoldDocument(
            name=gold.name,
            document=document,
            complete=gold.complete,
            countries=None,
            events=[*gold.events, second],
        )
        both.append((Read(gold, analysis, [], []), analysis, scores))
    fold_of = {read.gold.name: i % 5 for i, (read, _, _) in enumerate(both)}
    assert fit_keeper(Decision(0.5, 0.5), both[15:], both[:15], fold_of) is None


def test_the_shipped_model_s_keep_head_was_chosen_over_the_plain_threshold() -> None:
    """The committed English model carries a keep head only because it beat the plain sentence
    threshold on the documents its decision was set on (its card says by how much)."""
    from chinatracker.extract.learned.models import event_model

    model = event_model()
    keep = model.card["keep"]
    assert HEAD in model.heads
    assert float(keep["f1_kept"]) > float(keep["f1_plain"])
    assert float(keep["draft_threshold"]) == float(model.card["threshold"])
    names = {name for name in model.features if name.startswith("event:")}
    assert len(names) == int(keep["features"])
