"""Run the extractor over gold documents and score it."""

from __future__ import annotations

from pathlib import Path

from chinatracker.evaluation.gold import CorpusRoots, load_gold
from chinatracker.evaluation.metrics import Report, Score, score_document
from chinatracker.extract.pipeline import Extractor


def evaluate(paths: list[Path], roots: CorpusRoots, extractor: Extractor | None = None) -> Report:
    extractor = extractor or Extractor()
    report = Report()
    for number, gold in enumerate(load_gold(paths, roots), start=1):
        document = gold.document.model_copy(update={"id": number})
        score_document(report, gold, extractor.extract(document))
    return report


def counts(s: Score) -> str:
    found = "" if s.found is None else f" (gold found {s.found})"
    return f"tp {s.tp}{found} fp {s.fp} fn {s.fn}"


def report_rows(report: Report) -> list[tuple[str, str, str, str, str]]:
    """(measure, precision, recall, F1 or accuracy, counts) rows for printing."""

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    rows = []
    for name in sorted(report.scores):
        s = report.scores[name]
        rows.append((name, fmt(s.precision), fmt(s.recall), fmt(s.f1), counts(s)))
    for name in sorted(report.accuracies):
        a = report.accuracies[name]
        rows.append((name + " (accuracy)", "", "", fmt(a.value), f"{a.correct}/{a.total}"))
    ece = report.expected_calibration_error()
    if ece is not None:
        rows.append(
            (
                "event.confidence (calibration error)",
                "",
                "",
                fmt(ece),
                f"{len(report.calibration)} events",
            )
        )
        rows.append(
            (
                "event.confidence (calibration error by chance)",
                "",
                "",
                fmt(report.chance_calibration_error()),
                "perfectly calibrated, same events",
            )
        )
    return rows


def split_rows(reports: dict[str, Report]) -> list[tuple[str, ...]]:
    """One row per measure, one "F1 (counts)" cell per split; "-" where a split has none."""
    names = sorted({n for r in reports.values() for n in r.scores})
    accuracies = sorted({n for r in reports.values() for n in r.accuracies})
    rows: list[tuple[str, ...]] = []
    for name in names:
        cells = []
        for report in reports.values():
            s = report.scores.get(name)
            cells.append(
                "-"
                if s is None
                else f"{_fmt(s.f1)} (P {_fmt(s.precision)} R {_fmt(s.recall)}; "
                f"tp {s.tp} fp {s.fp} fn {s.fn})"
            )
        rows.append((name + " F1", *cells))
    for name in accuracies:
        cells = []
        for report in reports.values():
            a = report.accuracies.get(name)
            cells.append(
                "-" if a is None or a.value is None else f"{a.value:.3f} ({a.correct}/{a.total})"
            )
        rows.append((name + " accuracy", *cells))
    rows.append(
        (
            "event.confidence calibration error",
            *(
                f"{_fmt(r.expected_calibration_error())} ({len(r.calibration)} events)"
                for r in reports.values()
            ),
        )
    )
    return rows


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def confusion_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    """Gold categories down, predicted across, counts of current events; `none` on either side
    is an event missed (column) or reported where the gold has none (row)."""
    codes = [*sorted({c for pair in report.confusion for c in pair} - {"none"}), "none"]
    header = ["gold \\ predicted", *(_short(c) for c in codes)]
    rows = []
    for gold in codes:
        counts = [report.confusion.get((gold, p), 0) for p in codes]
        if any(counts):
            rows.append([_short(gold), *(str(n) if n else "." for n in counts)])
    return header, rows


def _short(code: str) -> str:
    """`projection.peacekeeping` -> `proj.peacekeeping`, so a matrix fits a terminal."""
    section, _, name = code.partition(".")
    return f"{section[:4]}.{name}" if name else code
