"""The model card: what a model was trained on, how it was tuned, and what it reaches.

Written beside the model file by `chinatracker train`, so the numbers a reader sees are the ones
the committed model produced, measured on the frozen test split it never saw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from chinatracker.evaluation.intervals import Spread
from chinatracker.evaluation.metrics import Report
from chinatracker.extract.learned.linear import LinearModel

MEASURES = (
    ("event.category", "event category (current events, one prediction per gold event)"),
    ("event.category (any overlap)", "event category, every overlapping prediction right"),
    ("event.detection", "events found, any category"),
    ("event.countries", "event countries"),
)
ACCURACIES = (
    ("event.status", "event status (current, background, not an event)"),
    ("event.date_or_rightly_empty", "event date right or rightly empty"),
    ("event.rejected/background", "background passages not reported as current"),
    ("event.rejected/not_event", "not-an-event passages not reported"),
)


def measure_rows(
    reports: Mapping[str, Report],
    measures: Sequence[tuple[str, str]],
    accuracies: Sequence[tuple[str, str]],
    spreads: Mapping[str, Mapping[str, Spread]] | None = None,
) -> list[str]:
    """Table rows, one per measure, one column per engine: the same form in every card. With
    `spreads` (per engine, as `reports` is keyed), each F1 and accuracy is followed by its 95%
    interval over resampled documents."""

    def between(engine: str, key: str) -> str:
        spread = (spreads or {}).get(engine, {}).get(key)
        interval = None if spread is None else spread.shown
        return "" if interval is None else f" [{interval}]"

    lines = []
    for key, label in measures:
        cells = []
        for engine, report in reports.items():
            s = report.scores.get(key)
            cells.append(
                "-"
                if s is None
                else f"F1 {_f(s.f1)}{between(engine, key)} (P {_f(s.precision)}, R {_f(s.recall)})"
            )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for key, label in accuracies:
        cells = []
        for engine, report in reports.items():
            a = report.accuracies.get(key)
            cells.append(
                "-" if a is None else f"{_f(a.value)}{between(engine, key)} ({a.correct}/{a.total})"
            )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


INTERVALS_NOTE = [
    "In square brackets: the 95% interval from resampling the split's documents",
    "(`chinatracker eval --intervals`; docs/extraction.md, tenth round).",
]


def model_card(
    model: LinearModel,
    reports: Mapping[str, Report],
    date: dt.date,
    spreads: Mapping[str, Mapping[str, Spread]] | None = None,
) -> str:
    card: dict[str, Any] = model.card
    lines = [
        f"# Model card: {'Chinese ' if card.get('language') == 'zh' else ''}event model "
        f"`{model.version}`",
        "",
        f"Written by `chinatracker train` on {date.isoformat()}. The model file "
        f"(`{_file(card)}`) is deterministic: the same gold gives the same bytes and the same",
        "version, whatever the date.",
        "",
        "## What it does",
        "",
        "Two softmax heads over named features of each body sentence (words, word pairs, the",
        "previous sentence's words, and what the rule passes find: cue scores per category,",
        "Chinese actors, foreign parties, dates and their age, figures, aid deliveries). The",
        "category head gives the taxonomy category or none; the status head whether the sentence",
        "reports current news or recalls an earlier event. Sentences whose best category reaches",
        "the threshold make events; the event's confidence is its calibrated probability",
        "(docs/extraction.md).",
        "",
        *(
            [
                "For **Chinese** documents (`language: zh`): the words are the character unigrams",
                "and bigrams of the simplified text, and the rule passes are those of",
                "`extract/zh/` (Chinese cue scores, actors with their channel, dates, figures).",
                "",
            ]
            if card.get("language") == "zh"
            else []
        ),
        "## Data",
        "",
        f"- trained on `{_gold(card)}/train`: {card.get('train_documents')} documents, "
        f"{card.get('train_sentences')} sentences (data hash `{card.get('data_hash')}`);",
        f"- tuned on `{_gold(card)}/dev`: {card.get('dev_documents')} documents, "
        f"{card.get('dev_sentences')} sentences (regularisation, temperature);",
        f"- thresholds and calibration set on dev and on the training documents scored "
        f"out of fold ({_decision_documents(card)});",
        f"- never tuned on `{_gold(card)}/test` (frozen, `{_gold(card)}/test.sha256`);",
        f"- {card.get('features')} features seen in at least 3 training sentences.",
        "",
        "Sentences per label in training: "
        + ", ".join(f"{k} {v}" for k, v in (card.get("labels") or {}).items())
        + ".",
        "",
        "## Tuning",
        "",
        f"- category head: {card.get('category_head')}",
        f"- status head: {card.get('status_head')}",
        _threshold_line(card),
        f"- calibration (Platt scaling of the event score, fitted on the decision documents' "
        f"events): "
        f"a, b = {card.get('calibration')}",
        "",
        "| threshold | precision | recall | F1 |",
        "|---|---|---|---|",
    ]
    for row in card.get("threshold_curve") or ():
        values = (row["threshold"], row["precision"], row["recall"], row["f1"])
        lines.append("| {} | {:.3f} | {:.3f} | {:.3f} |".format(*values))
    lines += keep_lines(card.get("keep"))
    if reports:
        names = list(reports)
        lines += [
            "",
            "## On the frozen test split",
            "",
            *([*INTERVALS_NOTE, ""] if spreads else []),
            "| measure | " + " | ".join(names) + " |",
            "|---|" + "---|" * len(names),
        ]
        lines += measure_rows(reports, MEASURES, ACCURACIES, spreads)
        cells = [
            f"{_f(r.expected_calibration_error())} ({len(r.calibration)} events)"
            for r in reports.values()
        ]
        lines.append(
            "| expected calibration error of event confidence | " + " | ".join(cells) + " |"
        )
    lines += [
        "",
        "## Limits",
        "",
        "- Categories with few training passages (tests/gold/README.md) are rarely predicted.",
        *(
            [
                "- Aid deliveries, quotes and claims are still found by the rules; events are "
                "learned."
            ]
            if card.get("language") == "zh"
            else [
                "- Aid deliveries are proposed by the rules and kept or left out by the aid "
                "decision",
                "  (AID_MODEL_CARD.md); quotes and claims are found by the rules; events are "
                "learned.",
            ]
        ),
        "",
    ]
    return "\n".join(lines)


def _gold(card: dict[str, Any]) -> str:
    return "tests/gold/zh" if card.get("language") == "zh" else "tests/gold/real"


def _file(card: dict[str, Any]) -> str:
    return "events-zh.json" if card.get("language") == "zh" else "events.json"


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


AID_MEASURES = (
    ("aid.recipient_country", "recipient countries of Chinese deliveries"),
    ("aid.items_with_quantities", "items with quantities"),
    ("aid.record", "delivery records"),
)
AID_ACCURACIES = (
    ("aid.negative_rejected", "sales, aid to China and totals not counted as Chinese aid"),
    ("aid.donor_channel_by_document", "donor channels right per document"),
)


def aid_card(
    model: LinearModel,
    reports: Mapping[str, Report],
    date: dt.date,
    spreads: Mapping[str, Mapping[str, Spread]] | None = None,
) -> str:
    """The aid decision's card: its data, its dev choice and the test figures with and
    without it (the rules engine keeps every proposal)."""
    card: dict[str, Any] = model.card
    trained = card.get("trained_on") or {}
    lines = [
        f"# Model card: aid decision `{model.version}`",
        "",
        f"Written by `chinatracker train` on {date.isoformat()}; the file (`aid.json`) is",
        "deterministic: the same gold gives the same bytes and version.",
        "",
        "## What it does",
        "",
        "A logistic model over each Chinese delivery the rule frame proposes: the words of its",
        "evidence and of the title, and the frame's own decisions (mode, status, channel,",
        "recipients, counts, money, total and purchase words). It gives the probability that",
        "the proposal is a Chinese delivery as the annotation guide defines it (not a sale, not",
        "aid to China, not a cumulative total). Proposals under the threshold are left out; the",
        "others carry the calibrated probability as confidence (docs/extraction.md).",
        "",
        "## Data and tuning",
        "",
        f"- trained on `tests/gold/real/train`: {trained.get('train_documents')} documents, "
        f"{trained.get('train_examples')} proposals ({trained.get('train_positive')} right; "
        f"data hash `{trained.get('data_hash')}`);",
        f"- regularisation chosen on `tests/gold/real/dev` ({trained.get('dev_documents')} "
        f"documents, {trained.get('dev_examples')} proposals); threshold "
        f"{card.get('threshold')} and calibration fitted on those plus out-of-fold "
        f"predictions on train ({card.get('tuning_proposals')} proposals in all): F1 "
        f"{card.get('tuning_f1_at_threshold')} against {card.get('tuning_f1_keep_all')} "
        "keeping every proposal;",
        "- never tuned on `tests/gold/real/test`.",
        "",
        "## Figures on the frozen test split",
        "",
        *([*INTERVALS_NOTE, ""] if spreads else []),
        "| measure | " + " | ".join(reports) + " |",
        "|---|" + "---|" * len(reports),
    ]
    lines += measure_rows(reports, AID_MEASURES, AID_ACCURACIES, spreads)
    return "\n".join(lines) + "\n"


def _decision_documents(card: dict[str, object]) -> str:
    counts = card.get("decision_documents")
    if not isinstance(counts, dict):
        return "dev only"
    return f"{counts.get('dev')} dev and {counts.get('train_out_of_fold')} train documents"


def _threshold_line(card: dict[str, Any]) -> str:
    current = (
        "an event is current when its mean probability of being current is at least "
        f"{card.get('current_threshold')}"
    )
    if not card.get("keep"):
        return (
            f"- threshold: {card.get('threshold')} (best event-category F1 on the decision "
            f"documents); {current}"
        )
    curve = card.get("threshold_curve") or []
    plain = max(curve, key=lambda r: (r["f1"], r["threshold"]))["threshold"] if curve else None
    return (
        f"- threshold: {card.get('threshold')}, which drafts events for the keep head (below); "
        f"without the head, the best on the decision documents is {plain} (the table); "
        f"{current}"
    )


def keep_lines(keep: dict[str, Any] | None) -> list[str]:
    """The keep head's part of the card: how it was chosen, and what it changed."""
    if not keep:
        return []
    return [
        "",
        "## Keep head",
        "",
        "A logistic head over features of each drafted event as a whole (its sentences, place,",
        "date and age, the title, earlier events of its category; `extract/learned/keep.py`)",
        "keeps the drafts likely to be a gold event counted once. With it, the threshold above",
        "only drafts events; the table above is the plain decision without the head.",
        "",
        f"- drafts at sentence threshold {keep.get('draft_threshold')}; kept at keep "
        f"probability {keep.get('threshold')} (C = {keep.get('C')}, {keep.get('features')} "
        "features);",
        f"- fitted on {keep.get('train_drafts')} drafts of the training documents scored out of "
        f"fold ({keep.get('train_drafts_right')} right);",
        f"- event-category F1 on the decision documents: {keep.get('f1_plain')} plain, "
        f"{keep.get('f1_kept')} with the head (precision {keep.get('precision_kept')}, recall "
        f"{keep.get('recall_kept')});",
        f"- calibration of the keep probability (Platt): a, b = {keep.get('calibration')}.",
    ]
