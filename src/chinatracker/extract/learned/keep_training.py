"""Fit the keep head (`keep.py`) on the events the sentence model drafts on unseen text.

The drafts of a training document come from sentence heads fitted without its story
(`training.out_of_fold`), so the keep head learns from drafts as new text gives them, not from
the sentence model's memory of its own training text. A current draft is labelled right when
the one-to-one matching of `event.category` pairs it with a gold event: a second telling of one
happening is a negative, as the measure counts it. The draft threshold, the regularisation and
the keep threshold are chosen on those drafts (each scored by a keep head fitted without its
fold) and on dev's (scored by the head fitted on all training drafts), and the head ships only
where it beats the plain sentence threshold on the same documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from chinatracker.evaluation.metrics import Report, event_pairs, score_events
from chinatracker.extract.learned.events import Decision, SentenceScores, build_events, keep_by
from chinatracker.extract.learned.features import Features
from chinatracker.extract.learned.keep import HEAD, event_rows
from chinatracker.extract.learned.linear import Head, LinearModel, feature_matrix
from chinatracker.records import Event

if TYPE_CHECKING:
    from chinatracker.extract.learned.training import Read
    from chinatracker.extract.pipeline import Analysis

Scored = tuple["Read", "Analysis", SentenceScores]

# Sentence thresholds that draft events for the keep head: below the plain decision's, since
# the head removes what a low threshold lets in (out of fold on train, recall at 0.2 is 0.64).
DRAFT_THRESHOLDS = (0.15, 0.2, 0.25, 0.3)
KEEP_THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(11))
KEEP_C = (0.1, 0.3, 1.0)
CLASSES = ("drop", "keep")
INDEX = {name: i for i, name in enumerate(CLASSES)}
FOLDS = 5


@dataclass(frozen=True)
class Drafts:
    """One document's drafted events under a plain decision, with the current ones' features
    and whether each is the prediction the measure pairs with a gold event."""

    doc: Read
    found: list[Event]
    current: list[Event]
    rows: list[Features]
    right: list[bool]


@dataclass(frozen=True)
class Keeper:
    """What `fit_keeper` chose: the head over its own features, and how it was chosen."""

    head: Head
    features: dict[str, int]
    decision: Decision
    card: dict[str, object]


def drafted(scored: Sequence[Scored], decision: Decision) -> list[Drafts]:
    """Drafts as the keep head meets them in extraction: before the language's last word on
    events (`training.finish`), which `pooled_report` applies to what the head keeps."""
    found = []
    for doc, analysis, scores in scored:
        events = build_events(analysis, scores, decision)
        current = [e for e in events if e.status == "current"]
        gold = [g for g in doc.gold.events if g.status == "current"]
        _, paired = event_pairs(gold, current)
        rows = event_rows(analysis, scores, current)
        right = [i in paired for i in range(len(current))]
        found.append(Drafts(doc, events, current, rows, right))
    return found


def kept_events(drafts: Drafts, probabilities: np.ndarray, threshold: float) -> list[Event]:
    """The drafts a head keeps, each current one with its keep probability as confidence."""
    return keep_by(drafts.found, drafts.current, probabilities, threshold, float)


def pooled_report(
    drafts: Sequence[Drafts], probabilities: Sequence[np.ndarray], threshold: float
) -> Report:
    from chinatracker.extract.learned.training import finish

    report = Report()
    for d, p in zip(drafts, probabilities, strict=True):
        score_events(report, d.doc.gold, finish(kept_events(d, p, threshold), d.doc))
    return report


def _fit(x: sparse.csr_matrix, y: np.ndarray, c: float) -> Head:
    from sklearn.linear_model import LogisticRegression

    from chinatracker.extract.learned.training import _shipped

    fitted = LogisticRegression(C=c, max_iter=2000, tol=1e-6).fit(x, [CLASSES[i] for i in y])
    weights, bias = _shipped(fitted, CLASSES)
    return Head(classes=CLASSES, weights=weights, bias=bias)


def _per_document(drafts: Sequence[Drafts], flat: np.ndarray) -> list[np.ndarray]:
    split, at = [], 0
    for d in drafts:
        split.append(flat[at : at + len(d.current)])
        at += len(d.current)
    return split


def fit_keeper(
    base: Decision,
    dev: Sequence[Scored],
    train: Sequence[Scored],
    fold_of: Mapping[str, int],
) -> Keeper | None:
    """The keep head and the decision that uses it, or None where the plain decision `base`
    (its thresholds chosen on the same documents) scores as well."""
    from chinatracker.extract.learned.training import _log_loss, platt, vocabulary

    plain = [*drafted(train, base), *drafted(dev, base)]
    without = pooled_report(plain, [np.ones(len(d.current)) for d in plain], 0.0)
    baseline = without.score("event.category").f1 or 0.0
    best: tuple[float, float, float, float] | None = None
    chosen: dict[float, tuple[Head, dict[str, int], list[Drafts], list[np.ndarray]]] = {}
    for draft in DRAFT_THRESHOLDS:
        decision = replace(base, threshold=draft)
        train_drafts, dev_drafts = drafted(train, decision), drafted(dev, decision)
        rows = [r for d in train_drafts for r in d.rows]
        y = np.array([int(r) for d in train_drafts for r in d.right])
        if len(set(y.tolist())) < 2:
            continue
        features = vocabulary(rows)
        x = feature_matrix(rows, features)
        fold = np.array([fold_of[d.doc.gold.name] for d in train_drafts for _ in d.current])
        labels = [CLASSES[i] for i in y]
        losses = []
        for c in KEEP_C:
            held = np.tile([1.0, 0.0], (len(y), 1))
            for k in range(FOLDS):
                inside, outside = fold != k, fold == k
                if outside.any() and len(set(y[inside].tolist())) == 2:
                    held[outside] = _fit(x[inside], y[inside], c).probabilities(x[outside])
            losses.append((_log_loss(held, labels, INDEX), c, held))
        _, c, held = min(losses, key=lambda t: (t[0], t[1]))
        full = _fit(x, y, c)
        dev_x = feature_matrix([r for d in dev_drafts for r in d.rows], features)
        on_dev = full.probabilities(dev_x)[:, 1] if dev_x.shape[0] else np.zeros(0)
        probabilities = [
            *_per_document(train_drafts, held[:, 1]),
            *_per_document(dev_drafts, on_dev),
        ]
        pool = [*train_drafts, *dev_drafts]
        chosen[draft] = (full, features, pool, probabilities)
        for threshold in KEEP_THRESHOLDS:
            f1 = pooled_report(pool, probabilities, threshold).score("event.category").f1 or 0.0
            key = (round(f1, 4), draft, threshold, c)
            if best is None or key > best:
                best = key
    if best is None or best[0] <= round(baseline, 4):
        return None
    f1, draft, threshold, c = best
    head, features, pool, probabilities = chosen[draft]
    fitted_on = [r for d in pool[: len(train)] for r in d.right]
    report = pooled_report(pool, probabilities, threshold)
    decision = replace(
        base,
        threshold=draft,
        keep_threshold=threshold,
        keep_calibration=platt(report.calibration),
    )
    card: dict[str, object] = {
        "draft_threshold": draft,
        "threshold": threshold,
        "C": c,
        "calibration": list(decision.keep_calibration),
        "features": len(features),
        "train_drafts": len(fitted_on),
        "train_drafts_right": sum(fitted_on),
        "f1_plain": round(baseline, 4),
        "f1_kept": f1,
        "precision_kept": round(report.score("event.category").precision or 0.0, 4),
        "recall_kept": round(report.score("event.category").recall or 0.0, 4),
    }
    return Keeper(head, features, decision, card)


def with_keeper(model: LinearModel, keeper: Keeper) -> LinearModel:
    """The event model with the keep head added: its features are appended to the model's
    shared list, and every head is widened with zero weights for the others' features."""
    names = dict(model.features)
    for name in sorted(keeper.features):
        names.setdefault(name, len(names))
    width = len(names)

    def widened(head: Head) -> Head:
        weights = np.zeros((len(head.classes), width))
        weights[:, : head.weights.shape[1]] = head.weights
        return replace(head, weights=weights)

    heads = {name: widened(head) for name, head in model.heads.items() if name != HEAD}
    keep_weights = np.zeros((len(CLASSES), width))
    for name, column in keeper.features.items():
        keep_weights[:, names[name]] = keeper.head.weights[:, column]
    heads[HEAD] = replace(keeper.head, weights=keep_weights)
    return LinearModel(version=model.version, features=names, heads=heads, card=model.card)
