"""The encoder candidate for events: sentence embeddings beside the linear model's features.

Only candidate sentences are encoded: those where a rule cue fires or the linear model gives some
category at least `CANDIDATE_BAR`; every other sentence is `none`, as it is for the linear model
in practice (its threshold is far above the bar). A candidate's inputs are the linear model's
sparse features (words, word pairs and what the rule passes find) next to the sentence's
MiniLM embedding times a scale, so the two families share one softmax per head (category,
status), fitted like the linear model (`training.fit_head`: regularisation and temperature on
dev) and turned into events by the same code (`events.build_events`, thresholds and calibration
chosen on dev). Features rather than the linear model's probabilities: those are overconfident
on the sentences it was trained on, and a head stacked on them would learn to trust them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from chinatracker.extract.learned.events import (
    NONE,
    Decision,
    SentenceScores,
    build_events,
    sentence_rows,
)
from chinatracker.extract.learned.linear import Head, LinearModel
from chinatracker.extract.pipeline import Analysis, Extractor
from chinatracker.records import AidDelivery, Event

if TYPE_CHECKING:
    from chinatracker.extract.learned.training import Read

# Low on purpose: the candidate filter must keep nearly every event sentence (its recall on dev
# is printed by `chinatracker train --candidates`); the heads decide.
CANDIDATE_BAR = 0.05
# The embedding is unit length over 384 dimensions (entries near 0.05); scaled so that, under
# the same L2 penalty, it can weigh as much as the binary word features. More than one value
# is chosen between on dev; one, as set, keeps `train --candidates` within minutes on a laptop.
SCALES = (8.0,)

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class EncoderEventModel:
    linear: LinearModel
    heads: dict[str, Head]
    scale: float
    decision: Decision
    bar: float = CANDIDATE_BAR


def candidates(rows: Sequence[dict[str, float]], linear: LinearModel, bar: float) -> np.ndarray:
    """Which sentences to encode: a rule cue fires, or the linear model's best category (not
    none) reaches `bar`."""
    if not rows:
        return np.zeros(0, dtype=bool)
    head = linear.heads["category"]
    probabilities = head.probabilities(linear.inputs(list(rows)))
    probabilities[:, head.classes.index(NONE)] = 0.0
    cued = np.array([any(k.startswith("rule:") for k in row) for row in rows])
    result: np.ndarray = (probabilities.max(axis=1) >= bar) | cued
    return result


def inputs(
    rows: Sequence[dict[str, float]], embeddings: np.ndarray, linear: LinearModel, scale: float
) -> sparse.csr_matrix:
    dense = sparse.csr_matrix(embeddings.astype(np.float64) * scale)
    return sparse.hstack([linear.inputs(list(rows)), dense], format="csr")


def score(
    analysis: Analysis,
    rows: Sequence[dict[str, float]],
    model: EncoderEventModel,
    embed: Embed,
) -> tuple[SentenceScores, int]:
    """Sentence scores as `events.score_sentences` gives them, and how many were encoded."""
    category, status = model.heads["category"], model.heads["status"]
    n = len(rows)
    # `none` is a column even when every training candidate had a category.
    classes = category.classes if NONE in category.classes else (*category.classes, NONE)
    probabilities = np.zeros((n, len(classes)))
    probabilities[:, classes.index(NONE)] = 1.0
    current = np.zeros(n)
    chosen: list[int] = np.flatnonzero(candidates(rows, model.linear, model.bar)).tolist()
    if len(chosen):
        picked = [rows[i] for i in chosen]
        texts = [analysis.sentences[i].text for i in chosen]
        x = inputs(picked, embed(texts), model.linear, model.scale)
        probabilities[chosen, : len(category.classes)] = category.probabilities(x)
        if "current" in status.classes:
            current[chosen] = status.probabilities(x)[:, status.classes.index("current")]
    return SentenceScores(classes, probabilities, current), len(chosen)


def find_events(
    analysis: Analysis, aid: Sequence[AidDelivery], model: EncoderEventModel, embed: Embed
) -> list[Event]:
    scores, _ = score(analysis, sentence_rows(analysis, aid), model, embed)
    return build_events(analysis, scores, model.decision)


class EncoderExtractor(Extractor):
    """The `learned` engine with the encoder candidate's events, so that `evaluate` scores it
    with the same measures as every other engine."""

    def __init__(self, model: EncoderEventModel, embed: Embed, **kwargs: object) -> None:
        super().__init__(engine="learned", model=model.linear, **kwargs)  # type: ignore[arg-type]
        self.encoder_model = model
        self.embed = embed
        self.encoded = 0

    @property
    def version(self) -> str:
        return super().version + "+minilm"

    def events(
        self, analysis: Analysis, proposed: list[AidDelivery], found_aid: list[AidDelivery]
    ) -> list[Event]:
        scores, encoded = score(
            analysis, sentence_rows(analysis, proposed), self.encoder_model, self.embed
        )
        self.encoded += encoded
        return build_events(analysis, scores, self.encoder_model.decision)


def fit(
    linear: LinearModel, train: Sequence[Read], dev: Sequence[Read], embed: Embed
) -> tuple[EncoderEventModel, dict[str, object]]:
    """Both heads on the candidate sentences of `train`, the scale and the regularisation with
    the best dev log-loss, then the dev decision as for the linear model."""
    from chinatracker.extract.learned.training import decide_on, examples, fit_head

    def candidate_set(
        documents: Sequence[Read],
    ) -> tuple[list[dict[str, float]], np.ndarray, list[str], list[str | None], int, int]:
        rows: list[dict[str, float]] = []
        texts: list[str] = []
        labels: list[str] = []
        statuses: list[str | None] = []
        missed = events = 0
        for doc in documents:
            chosen = candidates(doc.rows, linear, CANDIDATE_BAR)
            for keep, view, example in zip(
                chosen, doc.analysis.sentences, examples([doc]), strict=True
            ):
                events += example.category != NONE
                if not keep:
                    missed += example.category != NONE
                    continue
                rows.append(example.features)
                texts.append(view.text)
                labels.append(example.category)
                statuses.append(example.status)
        return rows, embed(texts), labels, statuses, missed, events

    t_rows, t_emb, t_labels, t_status, _, _ = candidate_set(train)
    d_rows, d_emb, d_labels, d_status, missed, dev_events = candidate_set(dev)
    best: tuple[float, float, Head, dict[str, float]] | None = None
    for scale in SCALES:
        train_x, dev_x = inputs(t_rows, t_emb, linear, scale), inputs(d_rows, d_emb, linear, scale)
        head, fitted = fit_head(train_x, t_labels, dev_x, d_labels)
        if best is None or fitted["dev_log_loss"] < best[0]:
            best = (fitted["dev_log_loss"], scale, head, fitted)
    assert best is not None
    _, scale, category, category_fit = best
    train_x, dev_x = inputs(t_rows, t_emb, linear, scale), inputs(d_rows, d_emb, linear, scale)
    eventful = [i for i, s in enumerate(t_status) if s]
    dev_eventful = [i for i, s in enumerate(d_status) if s]
    status, status_fit = fit_head(
        train_x[eventful],
        [t_status[i] or "" for i in eventful],
        dev_x[dev_eventful],
        [d_status[i] or "" for i in dev_eventful],
    )
    heads = {"category": category, "status": status}
    draft = EncoderEventModel(linear, heads, scale, Decision(0.5))
    scored = [(doc, doc.analysis, score(doc.analysis, doc.rows, draft, embed)[0]) for doc in dev]
    decision, curve = decide_on(scored)
    card: dict[str, object] = {
        "scale": scale,
        "candidate_bar": CANDIDATE_BAR,
        "train_candidates": len(t_rows),
        "dev_candidates": len(d_rows),
        "dev_event_sentences_missed_by_the_filter": f"{missed}/{dev_events}",
        "category_head": category_fit,
        "status_head": status_fit,
        "threshold": decision.threshold,
        "current_threshold": decision.current_threshold,
        "dev_best": max(curve, key=lambda row: row["f1"]),
    }
    return EncoderEventModel(linear, heads, scale, decision), card
