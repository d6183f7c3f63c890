"""Run the extractor over gold documents and score it."""

from __future__ import annotations

from pathlib import Path

from chinatracker.evaluation.gold import CorpusRoots, load_gold
from chinatracker.evaluation.intervals import Spread, merged
from chinatracker.evaluation.metrics import Report, Score, score_document
from chinatracker.extract.pipeline import Extractor


def evaluate(paths: list[Path], roots: CorpusRoots, extractor: Extractor | None = None) -> Report:
    return merged(evaluate_documents(paths, roots, extractor))


def evaluate_documents(
    paths: list[Path], roots: CorpusRoots, extractor: Extractor | None = None
) -> list[Report]:
    """One report per gold document, so that a split's figures can be resampled by document
    (`intervals.spreads`); `evaluate` sums them."""
    extractor = extractor or Extractor()
    reports = []
    for number, gold in enumerate(load_gold(paths, roots), start=1):
        document = gold.document.model_copy(update={"id": number})
        report = Report()
        score_document(report, gold, extractor.extract(document))
        reports.append(report)
    return reports


def counts(s: Score) -> str:
    found = "" if s.found is None else f" (gold found {s.found})"
    return f"tp {s.tp}{found} fp {s.fp} fn {s.fn}"


def report_rows(report: Report, spread: dict[str, Spread] | None = None) -> list[tuple[str, ...]]:
    """(measure, precision, recall, F1 or accuracy, counts) rows for printing; with `spread`,
    the 95% interval of the F1 or accuracy before the counts."""

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    def between(name: str) -> tuple[str, ...]:
        return () if spread is None else (_span(spread.get(name)),)

    rows: list[tuple[str, ...]] = []
    for name in sorted(report.scores):
        s = report.scores[name]
        rows.append((name, fmt(s.precision), fmt(s.recall), fmt(s.f1), *between(name), counts(s)))
    for name in sorted(report.accuracies):
        a = report.accuracies[name]
        rows.append(
            (
                name + " (accuracy)",
                "",
                "",
                fmt(a.value),
                *between(name),
                f"{a.correct}/{a.total}",
            )
        )
    ece = report.expected_calibration_error()
    if ece is not None:
        blank = ("",) if spread is not None else ()
        rows.append(
            (
                "event.confidence (calibration error)",
                "",
                "",
                fmt(ece),
                *blank,
                f"{len(report.calibration)} events",
            )
        )
        rows.append(
            (
                "event.confidence (calibration error by chance)",
                "",
                "",
                fmt(report.chance_calibration_error()),
                *blank,
                "perfectly calibrated, same events",
            )
        )
    return rows


def _span(spread: Spread | None) -> str:
    interval = None if spread is None else spread.shown
    return "-" if interval is None else str(interval)


def split_rows(
    reports: dict[str, Report], spreads: dict[str, dict[str, Spread]] | None = None
) -> list[tuple[str, ...]]:
    """One row per measure, one "F1 (counts)" cell per split; "-" where a split has none. With
    `spreads` (per split, as `reports` is keyed), each F1 or accuracy is followed by its 95%
    interval in square brackets."""

    def between(split: str, name: str) -> str:
        return "" if spreads is None else f" [{_span(spreads.get(split, {}).get(name))}]"

    names = sorted({n for r in reports.values() for n in r.scores})
    accuracies = sorted({n for r in reports.values() for n in r.accuracies})
    rows: list[tuple[str, ...]] = []
    for name in names:
        cells = []
        for split, report in reports.items():
            s = report.scores.get(name)
            cells.append(
                "-"
                if s is None
                else f"{_fmt(s.f1)}{between(split, name)} (P {_fmt(s.precision)} "
                f"R {_fmt(s.recall)}; tp {s.tp} fp {s.fp} fn {s.fn})"
            )
        rows.append((name + " F1", *cells))
    for name in accuracies:
        cells = []
        for split, report in reports.items():
            a = report.accuracies.get(name)
            cells.append(
                "-"
                if a is None or a.value is None
                else f"{a.value:.3f}{between(split, name)} ({a.correct}/{a.total})"
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
