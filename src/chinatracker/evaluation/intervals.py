"""How far a score on a small split can be trusted: percentile intervals by resampling documents.

The Chinese test split holds 20 documents and 22 current events, so one event found or missed
moves recall by 0.045; a figure without its spread invites reading noise as progress or as a
miss. The bootstrap draws the split's documents with replacement, many times, sums each draw's
counts (a document's true and false positives travel together, since one story's errors are
not independent) and reads the 2.5th and 97.5th percentiles of each measure. Draws are seeded,
so the same reports give the same intervals on any machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chinatracker.evaluation.metrics import Accuracy, Report, Score

DRAWS = 2000
LEVEL = 0.95
SEED = 0


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.low:.3f}–{self.high:.3f}"


@dataclass(frozen=True)
class Spread:
    """The intervals of one measure: precision, recall and F1 for a score, the value for an
    accuracy (then only `value` is set)."""

    precision: Interval | None = None
    recall: Interval | None = None
    f1: Interval | None = None
    value: Interval | None = None

    @property
    def shown(self) -> Interval | None:
        """The interval of the figure a table shows: the F1 of a score, an accuracy's value."""
        return self.value if self.value is not None else self.f1


def merged(reports: Sequence[Report]) -> Report:
    """One report holding the sums of several (per-document reports, or a resample of them)."""
    total = Report()
    for report in reports:
        total.documents += report.documents
        for name, s in report.scores.items():
            into = total.score(name)
            if s.found is not None or into.found is not None:
                # Gold items found, where counted; the right predictions stand in elsewhere.
                into.found = _hits(into) + _hits(s)
            into.tp, into.fp, into.fn = into.tp + s.tp, into.fp + s.fp, into.fn + s.fn
        for name, a in report.accuracies.items():
            acc = total.accuracy(name)
            acc.correct, acc.total = acc.correct + a.correct, acc.total + a.total
        total.errors.lines.extend(report.errors.lines)
        total.calibration.extend(report.calibration)
        total.confusion.update(report.confusion)
    return total


def _percentiles(values: np.ndarray) -> Interval | None:
    """The central `LEVEL` of the draws where the measure exists (a draw with no prediction has
    no precision); None when under half the draws have it, too few to speak of a spread."""
    kept = values[~np.isnan(values)]
    if len(kept) < len(values) / 2:
        return None
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.percentile(kept, [tail, 100 - tail])
    return Interval(float(low), float(high))


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.maximum(denominator, 1), np.nan)


def _score_spread(counts: np.ndarray) -> Spread:
    """`counts` (draws, 4): tp, fp, fn and the gold items found, summed over each draw."""
    tp, fp, fn, found = (counts[:, i].astype(float) for i in range(4))
    precision = _ratio(tp, tp + fp)
    recall = _ratio(found, found + fn)
    # A draw that predicts nothing where gold exists found nothing: its F1 is 0, not unknown.
    both = np.nan_to_num(precision) + np.nan_to_num(recall)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(both > 0, 2 * np.nan_to_num(precision) * np.nan_to_num(recall) / both, 0.0)
    f1 = np.where(np.isnan(recall), np.nan, f1)
    return Spread(_percentiles(precision), _percentiles(recall), _percentiles(f1))


def spreads(
    per_document: Sequence[Report], draws: int = DRAWS, seed: int = SEED
) -> dict[str, Spread]:
    """Each measure's interval over `draws` resamples of the documents."""
    if not per_document:
        return {}
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(per_document), size=(draws, len(per_document)))
    names = sorted({n for r in per_document for n in r.scores})
    accuracies = sorted({n for r in per_document for n in r.accuracies})
    out: dict[str, Spread] = {}
    for name in names:
        rows = np.array([_score_counts(r.scores.get(name)) for r in per_document])
        out[name] = _score_spread(rows[picks].sum(axis=1))
    for name in accuracies:
        rows = np.array([_accuracy_counts(r.accuracies.get(name)) for r in per_document])
        summed = rows[picks].sum(axis=1).astype(float)
        out[name] = Spread(value=_percentiles(_ratio(summed[:, 0], summed[:, 1])))
    return out


def _hits(s: Score) -> int:
    return s.tp if s.found is None else s.found


def _score_counts(s: Score | None) -> tuple[int, int, int, int]:
    return (0, 0, 0, 0) if s is None else (s.tp, s.fp, s.fn, _hits(s))


def _accuracy_counts(a: Accuracy | None) -> tuple[int, int]:
    return (0, 0) if a is None else (a.correct, a.total)
