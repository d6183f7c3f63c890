"""Scores and gold loading behave as documented, and `chinatracker eval` prints them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.evaluation.conftest import run_eval

from chinatracker.evaluation.gold import CorpusRoots, GoldError, load_gold, number
from chinatracker.evaluation.metrics import Report, Score, same_date
from chinatracker.records import DateSpan

REPO = Path(__file__).resolve().parents[2]


def test_precision_recall_f1() -> None:
    score = Score()
    score.add_sets({"ZWE", "LAO", "PAK"}, {"ZWE", "LAO", "USA", "RUS"})
    assert (score.tp, score.fp, score.fn) == (2, 2, 1)
    assert score.precision == 0.5
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(4 / 7)


def test_dates_match_at_the_gold_precision() -> None:
    import datetime as dt

    predicted = DateSpan(start=dt.date(2020, 5, 22), precision="day")
    assert same_date((dt.date(2020, 5, 1), None, "month"), predicted)
    assert not same_date((dt.date(2020, 5, 21), None, "day"), predicted)


def test_numbers_written_like_1_27e12_are_read() -> None:
    assert number("1.27e12") == 1.27e12
    with pytest.raises(GoldError):
        number("lots")


def test_anchors_and_spans_resolve_to_the_annotated_text(
    tmp_path: Path, shared_corpus: Path
) -> None:
    gold = tmp_path / "g.yaml"
    gold.write_text(
        "document: {corpus: seeds, path: seeds/003_b5431f1753da667a.txt, published: 2020-07-01}\n"
        "complete: [quantities]\nquantities:\n  - {span: [4693, 4705], value: 62000, unit: masks}\n",
        encoding="utf-8",
    )
    [doc] = load_gold([gold], CorpusRoots(shared=shared_corpus, demo=REPO / "demo" / "corpus"))
    start, end = doc.quantities[0].span
    assert doc.document.text[start:end] == "62,000 masks"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "document: {corpus: seeds, path: seeds/003_b5431f1753da667a.txt}\nevents:\n  - {span: [1, 999999], category: x}\n"
    )
    with pytest.raises(GoldError, match="outside the text"):
        load_gold([bad], CorpusRoots(shared=shared_corpus, demo=REPO / "demo" / "corpus"))


def eval_seeds(shared_corpus: Path, **env: str) -> dict[str, Any]:
    """`chinatracker eval tests/gold/seeds --json`, with `env` beyond the corpus."""
    report: dict[str, Any] = json.loads(
        run_eval(shared_corpus, REPO / "tests" / "gold" / "seeds", "--json", **env)
    )
    return report


def test_eval_command_prints_scores(shared_corpus: Path) -> None:
    report = eval_seeds(shared_corpus)
    assert report["documents"] == 3
    for measure in ("aid.recipient_country", "event.category", "quote"):
        assert 0.0 <= report["scores"][measure]["f1"] <= 1.0


def test_calibration_error_by_chance_shrinks_with_more_events() -> None:
    """A perfectly calibrated extractor still shows an error on a small split: the floor an
    observed error is read against."""
    few = Report(calibration=[(0.7, True)] * 30)
    many = Report(calibration=[(0.7, True)] * 3000)
    small, large = few.chance_calibration_error(), many.chance_calibration_error()
    assert small is not None and large is not None
    assert large < 0.02 < small
    assert few.chance_calibration_error() == small  # seeded: the same figure on every run


def test_certain_confidences_have_no_chance_error() -> None:
    assert Report(calibration=[(1.0, True)] * 10).chance_calibration_error() == 0.0
    assert Report().chance_calibration_error() is None


def test_eval_scores_the_configured_event_model(tmp_path: Path, shared_corpus: Path) -> None:
    """`CHINATRACKER_EVENT_MODEL` (a model `train --out FILE` wrote) is what `eval` scores, as
    `extract` uses it; otherwise a trial model would be judged by the shipped one's figures."""
    from chinatracker.extract.learned.models import EVENT_MODEL

    raw = json.loads(EVENT_MODEL.read_text(encoding="utf-8"))
    raw["version"] = "events-trial"
    trial = tmp_path / "events.json"
    trial.write_text(json.dumps(raw), encoding="utf-8")
    report = eval_seeds(shared_corpus, CHINATRACKER_EVENT_MODEL=str(trial))
    assert "+events-trial+" in report["extractor_version"]


def test_a_happening_reported_twice_is_one_right_and_one_false_alarm() -> None:
    """`event.category` pairs each gold event with one prediction: splitting a meeting into
    fragments cannot raise its precision, and its recall counts gold events. The lenient row
    counts every fitting prediction right, with recall still over gold events."""
    from chinatracker.evaluation.gold import GoldDocument, GoldEvent
    from chinatracker.evaluation.metrics import score_events
    from chinatracker.records import Document, Event, Evidence

    def predicted(start: int) -> Event:
        return Event(
            category="diplomacy.high_level",
            title="t",
            summary="s",
            evidence=(Evidence(start=start, end=start + 50, quote="q"),),
            confidence=0.9,
        )

    def gold_event(start: int, end: int) -> GoldEvent:
        return GoldEvent(
            span=(start, end),
            category="diplomacy.high_level",
            alt_categories=(),
            countries=frozenset({"CHN"}),
            date=None,
            quantities=(),
        )

    gold = GoldDocument(
        name="doc",
        document=Document(
            path="doc.txt", format="txt", text="x" * 2000, content_hash="h", raw_hash="h"
        ),
        complete=frozenset({"events"}),
        countries=None,
        events=[gold_event(0, 400), gold_event(1000, 1200)],
    )
    report = Report()
    score_events(report, gold, [predicted(0), predicted(100), predicted(200)])
    strict, lenient = report.score("event.category"), report.score("event.category (any overlap)")
    assert (strict.tp, strict.fp, strict.fn) == (1, 2, 1)
    assert (lenient.tp, lenient.fp, lenient.found, lenient.fn) == (3, 0, 1, 1)
    assert lenient.precision == 1.0 and lenient.recall == 0.5
    assert any("event repeated" in line for line in report.errors.lines)
