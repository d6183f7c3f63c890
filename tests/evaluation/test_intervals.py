"""Intervals by resampling documents: the spread a small split's figure carries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.evaluation.conftest import run_eval

from chinatracker.evaluation.gold import CorpusRoots
from chinatracker.evaluation.intervals import merged, spreads
from chinatracker.evaluation.metrics import Report
from chinatracker.evaluation.runner import evaluate, evaluate_documents

REPO = Path(__file__).resolve().parents[2]
CHINESE_DEV = REPO / "tests" / "gold" / "zh" / "dev"


def document(tp: int, fp: int, fn: int, correct: int = 0, total: int = 0) -> Report:
    report = Report(documents=1)
    score = report.score("event.category")
    score.tp, score.fp, score.fn = tp, fp, fn
    if total:
        accuracy = report.accuracy("event.status")
        accuracy.correct, accuracy.total = correct, total
    return report


def test_documents_alike_leave_no_spread() -> None:
    spread = spreads([document(2, 1, 1, correct=3, total=4) for _ in range(10)])
    f1 = spread["event.category"].f1
    assert f1 is not None
    assert f1.low == pytest.approx(2 / 3) and f1.high == pytest.approx(2 / 3)
    status = spread["event.status"].value
    assert status is not None and status.low == status.high == pytest.approx(0.75)


def test_errors_gathered_in_few_documents_widen_the_interval() -> None:
    """Ten documents, the same sums: spread evenly, or with every false alarm in two of them.
    The second split says less about the next document, and its interval shows it."""
    even = [document(3, 1, 1) for _ in range(10)]
    lumpy = [document(3, 0, 1) for _ in range(8)] + [document(3, 5, 1) for _ in range(2)]
    assert merged(even).score("event.category").precision == pytest.approx(0.75)
    assert merged(lumpy).score("event.category").precision == pytest.approx(0.75)
    narrow, wide = spreads(even)["event.category"], spreads(lumpy)["event.category"]
    assert narrow.precision is not None and wide.precision is not None
    assert wide.precision.high - wide.precision.low > narrow.precision.high - narrow.precision.low
    assert wide.precision.low < 0.75 < wide.precision.high


def test_draws_are_seeded() -> None:
    reports = [document(i % 3, i % 2, 1) for i in range(12)]
    assert spreads(reports) == spreads(reports)
    assert spreads(reports, seed=1) != spreads(reports)


def test_predicting_nothing_has_no_precision_and_no_f1_above_zero() -> None:
    spread = spreads([document(0, 0, 1) for _ in range(5)])["event.category"]
    assert spread.precision is None
    assert spread.recall is not None and spread.recall.high == 0.0
    assert spread.f1 is not None and spread.f1.high == 0.0


def test_a_draw_without_predictions_counts_as_f1_zero() -> None:
    """Three documents in four predict nothing and miss their event: a draw of only those has
    found nothing, so the F1 interval reaches down to 0 rather than skipping that draw."""
    reports = [document(0, 0, 1) for _ in range(3)] + [document(1, 0, 0)]
    spread = spreads(reports)["event.category"]
    assert spread.f1 is not None and spread.f1.low == 0.0
    assert spread.precision is not None and spread.precision.low == 1.0


def test_per_document_reports_sum_to_the_split_report(shared_corpus: Path) -> None:
    roots = CorpusRoots(shared=shared_corpus, demo=REPO / "demo" / "corpus")
    documents = evaluate_documents([CHINESE_DEV], roots)
    assert len(documents) == len(list(CHINESE_DEV.rglob("*.yaml")))
    whole, summed = evaluate([CHINESE_DEV], roots), merged(documents)
    for name, score in whole.scores.items():
        got = summed.scores[name]
        assert (got.tp, got.fp, got.fn, got.found) == (score.tp, score.fp, score.fn, score.found)
    for name, accuracy in whole.accuracies.items():
        assert summed.accuracies[name].correct == accuracy.correct
        assert summed.accuracies[name].total == accuracy.total


def test_eval_prints_intervals_around_the_figures(shared_corpus: Path) -> None:
    report = json.loads(run_eval(shared_corpus, CHINESE_DEV, "--intervals", "--json"))
    events = report["scores"]["event.category"]
    low, high = events["f1_interval"]
    assert low <= events["f1"] <= high
    assert high - low > 0.05  # twenty documents cannot pin a figure down
    channel = report["accuracies"]["aid.donor_channel"]
    assert channel["value_interval"][0] <= channel["accuracy"] <= channel["value_interval"][1]


def test_every_engine_gets_its_intervals(shared_corpus: Path) -> None:
    """`--engine all --intervals` puts an interval beside each engine's figure, not only the
    default engine's."""
    table = run_eval(shared_corpus, CHINESE_DEV, "--engine", "all", "--intervals")
    [row] = [line for line in table.splitlines() if "event.category F1" in line]
    assert row.count("[") == 3, row


def test_model_cards_carry_the_intervals() -> None:
    """The card's test table shows each engine's interval beside its figure, so a reader of the
    card sees how far a small split's number can move."""
    from chinatracker.extract.learned.card import ACCURACIES, MEASURES, measure_rows

    reports = [document(2, 1, 1, correct=1, total=2), document(0, 2, 3, correct=2, total=2)] * 5
    rows = measure_rows(
        {"combined": merged(reports)}, MEASURES, ACCURACIES, {"combined": spreads(reports)}
    )
    [events] = [row for row in rows if row.startswith("| event category (current events")]
    spread = spreads(reports)["event.category"].f1
    assert spread is not None and f"F1 0.364 [{spread}] (P 0.400, R 0.333)" in events
    [status] = [row for row in rows if row.startswith("| event status")]
    assert "0.750 [" in status and "(15/20)" in status
    assert all("[" not in row for row in measure_rows({"combined": merged(reports)}, MEASURES, ()))


def test_gold_found_adds_up_where_only_some_documents_count_it() -> None:
    """`found` (gold items found, for the lenient measure) may be counted in one report and not
    in another; where it is not, the right predictions are its hits."""
    counted, plain = document(3, 1, 1), document(2, 0, 2)
    counted.score("event.category").found = 2
    for order in ([counted, plain], [plain, counted]):
        total = merged(order).score("event.category")
        assert (total.tp, total.found, total.fn) == (5, 4, 3)
        assert total.recall == pytest.approx(4 / 7)


def test_fewer_draws_still_give_intervals() -> None:
    spread = spreads([document(i % 3, 1, 1) for i in range(8)], draws=50)["event.category"]
    assert spread.f1 is not None and spread.f1.low <= spread.f1.high
