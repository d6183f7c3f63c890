"""Run the extractor over gold documents and score it."""

from __future__ import annotations

from pathlib import Path

from chinatracker.evaluation.gold import CorpusRoots, load_gold
from chinatracker.evaluation.metrics import Report, score_document
from chinatracker.extract.pipeline import Extractor


def evaluate(paths: list[Path], roots: CorpusRoots, extractor: Extractor | None = None) -> Report:
    extractor = extractor or Extractor()
    report = Report()
    for number, gold in enumerate(load_gold(paths, roots), start=1):
        document = gold.document.model_copy(update={"id": number})
        score_document(report, gold, extractor.extract(document))
    return report


def report_rows(report: Report) -> list[tuple[str, str, str, str, str]]:
    """(measure, precision, recall, F1 or accuracy, counts) rows for printing."""

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    rows = []
    for name in sorted(report.scores):
        s = report.scores[name]
        rows.append(
            (name, fmt(s.precision), fmt(s.recall), fmt(s.f1), f"tp {s.tp} fp {s.fp} fn {s.fn}")
        )
    for name in sorted(report.accuracies):
        a = report.accuracies[name]
        rows.append((name + " (accuracy)", "", "", fmt(a.value), f"{a.correct}/{a.total}"))
    return rows
