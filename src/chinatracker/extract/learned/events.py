"""Security events found by the learned model instead of cue thresholds.

Every body sentence gets a probability for each taxonomy category (and for none) from the
category head, and a probability of being current news rather than a recalled event from the
status head. A sentence whose best category clears the threshold starts or extends an event;
adjacent sentences of one paragraph with the same category are one event, as with the rules,
and titles, dates, countries and actors are built by the same code (`extract/events.py`). The
event's confidence is the calibrated probability that it is a current event of that category.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from chinatracker.extract import events as rules
from chinatracker.extract.event_dates import borrowed_date
from chinatracker.extract.learned.features import features_for, sentence_features
from chinatracker.extract.learned.keep import HEAD, event_rows, keep_probabilities
from chinatracker.extract.learned.linear import LinearModel
from chinatracker.extract.rule_files import rule_file
from chinatracker.extract.zh.events import aid_category as zh_aid_category
from chinatracker.extract.zh.events import is_chinese as zh_is_chinese
from chinatracker.extract.zh.events import to_event as zh_to_event
from chinatracker.records import AidDelivery, Event
from chinatracker.reference.scripts import is_chinese

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis, SentenceView

NONE = "none"
# How likely the model must find a neighbouring sentence to be of an undated event's category
# for the event to take that sentence's date (extract/data/event_dates.yaml).
BORROW_MIN_PROBABILITY = float(rule_file("event_dates.yaml")["borrow_min_probability"])


@dataclass
class _Draft:
    category: str
    views: list[SentenceView] = field(default_factory=list)
    probabilities: list[float] = field(default_factory=list)
    current: list[float] = field(default_factory=list)


def sentence_rows(analysis: Analysis, aid: Sequence[AidDelivery]) -> list[dict[str, float]]:
    """Features of every sentence, with the aid deliveries the rule frame found there."""
    starts = {e.start: a for a in aid for e in a.evidence}
    features = features_for(analysis)
    chinese = features is not sentence_features
    rows = []
    for view in analysis.sentences:
        row = features(analysis, view)
        delivery = starts.get(view.start)
        if delivery is not None and chinese and not zh_is_chinese(delivery):
            row["aid_foreign"] = 1.0  # another donor's gift, or aid to China: no Chinese event
        elif delivery is not None:
            row["aid_here"] = 1.0
            category = zh_aid_category(delivery) if chinese else rules.aid_category(delivery)
            row[f"aid_category:{category}"] = 1.0
        rows.append(row)
    return rows


@dataclass(frozen=True)
class SentenceScores:
    """Per sentence: the category probabilities and the probability of being current news."""

    categories: tuple[str, ...]
    category: np.ndarray  # (sentences, categories)
    current: np.ndarray  # (sentences,)


def score_sentences(
    analysis: Analysis, aid: Sequence[AidDelivery], model: LinearModel
) -> SentenceScores:
    return scores_of(sentence_rows(analysis, aid), model)


def scores_of(rows: list[dict[str, float]], model: LinearModel) -> SentenceScores:
    """`score_sentences` from features already built, so one reading serves several models."""
    categories = model.heads["category"].classes
    if not rows:
        return SentenceScores(categories, np.zeros((0, len(categories))), np.zeros(0))
    inputs = model.inputs(rows)
    status = model.heads["status"]
    current = (
        status.probabilities(inputs)[:, status.classes.index("current")]
        if "current" in status.classes
        else np.zeros(len(rows))
    )
    return SentenceScores(categories, model.heads["category"].probabilities(inputs), current)


@dataclass(frozen=True)
class Decision:
    """How sentence scores become events: the thresholds and the calibration, set on dev.

    `calibration` (a, b) maps an event's raw score r (its best sentence's category probability
    times its probability of being current) to sigmoid(a * logit(r) + b): Platt scaling fitted
    on the dev split's events, so that confidence is the chance the event is right.

    With a `keeper` (a model holding the event-level `keep` head, `keep.py`), `threshold` only
    drafts events; a current draft stays when its keep probability reaches `keep_threshold`,
    and its confidence is that probability under `keep_calibration`."""

    threshold: float
    current_threshold: float = 0.5
    calibration: tuple[float, float] = (1.0, 0.0)
    keep_threshold: float | None = None
    keep_calibration: tuple[float, float] = (1.0, 0.0)
    keeper: LinearModel | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, model: LinearModel) -> Decision:
        card = model.card
        a, b = card.get("calibration") or (1.0, 0.0)
        keep = card.get("keep") or {}
        kept = HEAD in model.heads and keep.get("threshold") is not None
        ka, kb = keep.get("calibration") or (1.0, 0.0)
        return cls(
            threshold=float(card.get("threshold", 0.5)),
            current_threshold=float(card.get("current_threshold", 0.5)),
            calibration=(float(a), float(b)),
            keep_threshold=float(keep["threshold"]) if kept else None,
            keep_calibration=(float(ka), float(kb)),
            keeper=model if kept else None,
        )

    def confidence(self, raw: float) -> float:
        return platt_scaled(raw, self.calibration)


def platt_scaled(raw: float, calibration: tuple[float, float]) -> float:
    a, b = calibration
    clipped = min(max(raw, 1e-6), 1 - 1e-6)
    return float(1.0 / (1.0 + np.exp(-(a * np.log(clipped / (1 - clipped)) + b))))


def find_events(
    analysis: Analysis, aid: Sequence[AidDelivery], model: LinearModel, decision: Decision
) -> list[Event]:
    return build_events(analysis, score_sentences(analysis, aid, model), decision)


def build_events(analysis: Analysis, scores: SentenceScores, decision: Decision) -> list[Event]:
    """Events from sentence scores; cheap, so thresholds can be tried many times on dev."""
    return drafted_and_kept(analysis, scores, decision)[1]


def drafted_and_kept(
    analysis: Analysis, scores: SentenceScores, decision: Decision
) -> tuple[list[Event], list[Event]]:
    """Every draft, and the events kept of them: the combined engine adds no rule event where
    a draft lies, kept or not (`pipeline.combine`)."""
    drafts = draft_events(analysis, scores, decision)
    return drafts, kept(analysis, scores, drafts, decision)


def draft_events(analysis: Analysis, scores: SentenceScores, decision: Decision) -> list[Event]:
    """The events the sentence threshold drafts, before any keep head judges them. An event is
    current when its mean probability of being current reaches the decision's
    `current_threshold`: recalled events are rarer than news, so the dev split sets it."""
    threshold = decision.threshold
    if not len(scores.category):
        return []
    masked = scores.category.copy()
    masked[:, scores.categories.index(NONE)] = -1.0
    drafts: list[_Draft] = []
    last: _Draft | None = None
    for view, probabilities, best, current in zip(
        analysis.sentences,
        scores.category,
        np.argmax(masked, axis=1),
        scores.current,
        strict=True,
    ):
        probability = float(probabilities[best])
        if probability < threshold:
            last = None
            continue
        code = scores.categories[best]
        follows = (
            last is not None
            and last.category == code
            and last.views[-1].index == view.index - 1
            and last.views[-1].sentence.paragraph == view.sentence.paragraph
        )
        if not follows or last is None:
            last = _Draft(code)
            drafts.append(last)
        last.views.append(view)
        last.probabilities.append(probability)
        last.current.append(float(current))
    chinese = is_chinese(analysis.document.language)
    found = rules.merge_restatements(
        [_to_event(d, decision, analysis, scores, chinese) for d in drafts]
    )
    if not chinese:
        found = rules.gifts_to_armed_forces(found)
    return rules.coalesce_fragments(found, dated_apart=chinese)


def kept(
    analysis: Analysis, scores: SentenceScores, found: list[Event], decision: Decision
) -> list[Event]:
    """The drafts the keep head keeps: background events as drafted, current ones when their
    keep probability reaches the decision's `keep_threshold`, with it as their confidence; all
    of them where the decision has no keep head."""
    if decision.keeper is None or decision.keep_threshold is None:
        return found
    current = [e for e in found if e.status == "current"]
    probabilities = keep_probabilities(decision.keeper, event_rows(analysis, scores, current))
    calibration = decision.keep_calibration
    return keep_by(
        found,
        current,
        probabilities,
        decision.keep_threshold,
        lambda p: round(platt_scaled(p, calibration), 3),
    )


def keep_by(
    found: list[Event],
    current: list[Event],
    probabilities: Iterable[float],
    threshold: float,
    confidence: Callable[[float], float],
) -> list[Event]:
    """`found` less the `current` events whose keep probability is under `threshold`; the kept
    ones take `confidence(probability)`. Shared by extraction and by the keep head's training."""
    judged = {id(e): float(p) for e, p in zip(current, probabilities, strict=True)}
    result = []
    for event in found:
        p = judged.get(id(event))
        if p is None:
            result.append(event)
        elif p >= threshold:
            result.append(event.model_copy(update={"confidence": confidence(p)}))
    return result


def _to_event(
    draft: _Draft, decision: Decision, analysis: Analysis, scores: SentenceScores, chinese: bool
) -> Event:
    published = analysis.document.published
    if chinese:
        base = zh_to_event(rules.Draft(draft.category, 0.0, draft.views))
    else:
        base = rules.to_event(rules.Draft(draft.category, 0.0, draft.views), published)
    if base.date is None and not chinese:
        column = scores.categories.index(draft.category)

        def same_story(view: SentenceView) -> bool:
            return bool(scores.category[view.index, column] >= BORROW_MIN_PROBABILITY)

        borrowed = borrowed_date(
            analysis.sentences, draft.views, draft.category, published, same_story
        )
        base = base.model_copy(update={"date": borrowed})
    category = max(draft.probabilities)
    current = float(np.mean(draft.current))
    status = "current" if current >= decision.current_threshold else "background"
    raw = category * (current if status == "current" else 1.0 - current)
    return base.model_copy(
        update={"status": status, "confidence": round(decision.confidence(raw), 3)}
    )
