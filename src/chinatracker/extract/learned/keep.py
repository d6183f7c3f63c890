"""Which drafted events to keep: a second, event-level model over the sentence model's drafts.

The sentence model scores one sentence with its neighbour, so it cannot see what makes a
drafted event right or wrong as a whole: how many sentences carry it, where in the body it
starts, whether it is dated and how old the date is, whether the title speaks of the same
countries and words, and whether an earlier event of the document already told the same
happening. Out of fold on train, half the false alarms at a low sentence threshold were of these
kinds. So the sentence threshold drafts generously, for recall, and this logistic head keeps the
drafts likely to be a gold event counted once; its probability is then the event's confidence.

The head lives in the event model file beside the sentence heads (`heads["keep"]`), over its own
features, named `event:...` in the model's shared feature list. Pure functions: the same drafts
give the same features wherever they run.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from chinatracker.extract import events as rules
from chinatracker.extract.learned.features import Features, age_bucket, position_bucket, tokens
from chinatracker.extract.rule_files import rule_file
from chinatracker.records import Event

if TYPE_CHECKING:
    from chinatracker.extract.learned.events import SentenceScores
    from chinatracker.extract.learned.linear import LinearModel
    from chinatracker.extract.pipeline import Analysis

HEAD = "keep"
PREFIX = "event:"
NONE = "none"
VOCABULARY = rule_file("event_keep.yaml")
STOPWORDS = frozenset(VOCABULARY["title_stopwords"])
LONG_BODY, MID_BODY = int(VOCABULARY["long_body"]), int(VOCABULARY["mid_body"])


def sentences_of(analysis: Analysis, event: Event) -> list[int]:
    """The indices of the body sentences the event's evidence covers."""
    return [
        view.index
        for view in analysis.sentences
        if any(min(view.end, e.end) > max(view.start, e.start) for e in event.evidence)
    ]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def event_rows(
    analysis: Analysis, scores: SentenceScores, events: Sequence[Event]
) -> list[Features]:
    """One row of features per event, in order; an event is judged with the document's other
    drafts in view, since a second event of one category often retells the first."""
    categories = scores.categories
    none = categories.index(NONE)
    body = analysis.sentences
    length = "long" if len(body) >= LONG_BODY else "mid" if len(body) >= MID_BODY else "short"
    title_words = {
        w for w in tokens(analysis.document.title or "") if w not in STOPWORDS and len(w) > 2
    }
    title_countries = {
        m.country for m in (analysis.title.mentions if analysis.title else []) if m.country
    }
    published = analysis.document.published
    covered = [sentences_of(analysis, e) or [0] for e in events]
    peaks = [
        float(scores.category[rows, categories.index(e.category)].max())
        for e, rows in zip(events, covered, strict=True)
    ]
    rank = {int(i): r for r, i in enumerate(np.argsort([-p for p in peaks], kind="stable"))}
    seen: Counter[str] = Counter()
    told: dict[str, set[str]] = {}
    found = []
    for k, (event, rows) in enumerate(zip(events, covered, strict=True)):
        column = categories.index(event.category)
        probabilities = scores.category[rows, column]
        best = rows[int(np.argmax(probabilities))]
        peak = float(probabilities.max())
        others = np.delete(scores.category[best], [column, none])
        foreign = set(event.countries) - rules.CHINA_RELATED
        row: Features = {
            "logit": _logit(peak),
            f"logit:{event.category}": _logit(peak),
            "mean": float(probabilities.mean()),
            "current": float(scores.current[rows].mean()),
            "none_at_best": float(scores.category[best, none]),
            "margin": peak - float(others.max()) if len(others) else peak,
            f"category:{event.category}": 1.0,
            f"sentences:{min(len(rows), 4)}": 1.0,
            f"position:{position_bucket(rows[0])}": 1.0,
            f"share:{min(int(4 * rows[0] / max(len(body), 1)), 3)}": 1.0,
            f"body:{length}": 1.0,
            f"rank:{min(rank[k], 3)}": 1.0,
            f"nth_of_category:{min(seen[event.category], 2)}": 1.0,
            f"foreign:{min(len(foreign), 3)}": 1.0,
            f"events:{min(len(events), 6)}": 1.0,
            "title_country": float(bool(foreign & title_countries)),
        }
        if seen[event.category] and told.get(event.category, set()) & foreign:
            row["retells_countries"] = 1.0
        seen[event.category] += 1
        told.setdefault(event.category, set()).update(foreign)
        words = {w for i in rows for w in tokens(body[i].text) if w not in STOPWORDS and len(w) > 2}
        row["title_overlap"] = len(words & title_words) / max(1, len(title_words))
        if event.date is not None and published is not None:
            row[f"age:{age_bucket((published - event.date.start).days)}"] = 1.0
        else:
            row["undated"] = 1.0
        row["cue"] = min(max(body[i].cue_scores.get(event.category, 0.0) for i in rows), 3.0)
        row["chinese_actor"] = float(any(rules.chinese_actor(body[i]) for i in rows))
        found.append({PREFIX + name: value for name, value in row.items()})
    return found


def keep_probabilities(model: LinearModel, rows: list[Features]) -> np.ndarray:
    """The probability that each drafted event is right (a gold event, counted once)."""
    if not rows:
        return np.zeros(0)
    head = model.heads[HEAD]
    return model.probabilities(HEAD, rows)[:, head.classes.index("keep")]
