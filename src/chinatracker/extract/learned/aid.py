"""The learned aid decision: is a delivery the rule frame proposes really a Chinese delivery?

The aid frame (`extract/aid.py`) finds who gave what to whom with good recall, but on real
reports it also proposes what analysts must never count as China's aid: purchases told in gift
words ("the first Sinovac doses arrived"), aid *to* China whose donor the sentence leaves
implicit, and cumulative "so far" totals. Those are decided by words around the frame, which a
linear model over the evidence learns from the annotated real text better than another cue list.

The model sees each proposed Chinese delivery: the words of its evidence sentences and of the
title, and what the frame decided (mode, status, channel, how many recipients, whether counts
or money were read). It gives the probability that the delivery is a Chinese delivery in the
gold sense (`GoldAid.chinese_delivery`). Deliveries under the threshold chosen on dev are left
out; the others take the calibrated probability as their confidence. Foreign donors and sales
the frame already recognised are kept as they are: they are not counted as China's aid anyway.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from chinatracker.extract.items import find_items
from chinatracker.extract.learned.features import Features, tokens
from chinatracker.extract.learned.linear import LinearModel
from chinatracker.records import AidDelivery

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis

HEAD = "delivery"
POSITIVE = "delivery"
# Words that carry the decision more than their count suggests: a total, a purchase, a future.
AGGREGATE = re.compile(
    r"\b(?:so far|in total|a total of|total(?:ling)?|in all|altogether|cumulative(?:ly)?|"
    r"since (?:the )?(?:start|beginning|outbreak)|to date|more than \d+ countries|"
    r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)) time)\b",
    re.IGNORECASE,
)
GIFT = re.compile(
    r"\b(?:donat\w*|gift\w*|grant(?:ed|s)?|free of charge|gratis|assistance|aid)\b", re.IGNORECASE
)
PURCHASE = re.compile(
    r"\b(?:bought|buy|purchas\w*|order(?:ed|s)?|procur\w*|contract\w*|commercial|paid|deal)\b",
    re.IGNORECASE,
)
# Any word of giving, for the document as a whole (a handover or "support" is a gift too).
GIVEN = re.compile(
    r"\b(?:donat\w*|gift\w*|grant(?:ed|s)?|free of charge|gratis|assistance|aid|handed over|"
    r"handover|hand-over|helps?|support\w*)\b",
    re.IGNORECASE,
)
# Vaccine makers: a delivery whose only named giver is the maker is most often a purchase.
MAKER = re.compile(
    r"\b(?:sinovac|sinopharm|cansino|cnbg|china national pharmaceutical|china national biotec)",
    re.IGNORECASE,
)
# A title about aid *to* China ("Japan's support for Wuhan"): a gift's direction is easily
# misread there.
TO_CHINA = re.compile(r"\b(?:to|for|in|with)\s+(?:China|Wuhan|Hubei|Beijing|Chinese)\b")


def is_chinese(delivery: AidDelivery) -> bool:
    """What the tracker would count as China's aid, the same test `eval` applies."""
    return (
        delivery.donor.country in ("CHN", None)
        and delivery.mode != "sale"
        and not any(r.country == "CHN" for r in delivery.recipients)
    )


def delivery_features(analysis: Analysis, delivery: AidDelivery) -> Features:
    features: Features = {"bias": 1.0}
    text = analysis.text
    evidence = " ".join(text[e.start : e.end] for e in delivery.evidence)
    words = tokens(evidence)
    for word in words:
        features[f"w:{word}"] = 1.0
    for a, b in itertools.pairwise(words):
        features[f"b:{a}_{b}"] = 1.0
    if analysis.title is not None:
        for word in tokens(analysis.title.text):
            features[f"t:{word}"] = 0.5
    features[f"mode:{delivery.mode}"] = 1.0
    features[f"status:{delivery.status}"] = 1.0
    features[f"channel:{delivery.donor.channel}"] = 1.0
    features["donor_named"] = float(bool(delivery.donor.name))
    countries = [r.country for r in delivery.recipients if r.country]
    features[f"recipients:{min(len(countries), 3)}"] = 1.0
    features["region_recipient"] = float(any(r.country is None for r in delivery.recipients))
    features["counted"] = float(any(i.quantity is not None for i in delivery.items))
    features["money"] = float(delivery.value is not None)
    features["dated"] = float(delivery.date is not None)
    features["aggregate_words"] = float(bool(AGGREGATE.search(evidence)))
    features["purchase_words"] = float(bool(PURCHASE.search(evidence)))
    features["gift_words"] = float(bool(GIFT.search(evidence)))
    # The rest of the document: "Hungary received 550,000 doses" is a purchase when the
    # article says elsewhere that the doses were bought, and no one is said to give them.
    kinds = {i.item for i in delivery.items} - {"other"}
    elsewhere = [
        view.text
        for view in analysis.sentences
        if not any(e.start <= view.start < e.end for e in delivery.evidence)
        and (PURCHASE.search(view.text) or GIFT.search(view.text))
        and (not kinds or kinds & {i.item for i in find_items(view.text)})
    ]
    features["document_purchase"] = float(any(PURCHASE.search(t) for t in elsewhere))
    features["document_gift"] = float(any(GIFT.search(t) for t in elsewhere))
    features["sentences"] = min(len(delivery.evidence), 3) / 3
    # Who and what the frame read, beyond the words: a maker as the only giver, a title about
    # aid to China, a Chinese place among the evidence's mentions (the goods' origin or their
    # destination), purchase words anywhere in the document, the receiving institutions.
    features["donor_maker"] = float(bool(MAKER.search(delivery.donor.name)))
    title = analysis.title.text if analysis.title is not None else ""
    features["title_to_china"] = float(bool(TO_CHINA.search(title)))
    features["document_purchase_any"] = float(
        any(PURCHASE.search(view.text) for view in analysis.sentences)
    )
    chinese_places = {
        m.canonical
        for view in analysis.sentences
        if any(e.start <= view.start < e.end for e in delivery.evidence)
        for m in view.mentions
        if m.type == "place" and m.country == "CHN" and m.canonical not in delivery.donor.name
    }
    features["chinese_place"] = float(bool(chinese_places))
    # A document that never calls anything given, aided or handed over tells of purchases:
    # "the second shipment of 1,917,663 CoronaVac doses reached the airport".
    features["document_no_gift"] = float(
        not GIVEN.search(text) and not (title and GIVEN.search(title))
    )
    for recipient in delivery.recipients:
        features[f"institution:{recipient.institution_type}"] = 1.0
    return features


@dataclass(frozen=True)
class AidDecision:
    """The dev-chosen threshold and the Platt calibration of the delivery probability."""

    threshold: float = 0.5
    calibration: tuple[float, float] = (1.0, 0.0)

    @classmethod
    def of(cls, model: LinearModel) -> AidDecision:
        a, b = model.card.get("calibration") or (1.0, 0.0)
        return cls(threshold=float(model.card.get("threshold", 0.5)), calibration=(a, b))

    def confidence(self, raw: float) -> float:
        a, b = self.calibration
        clipped = min(max(raw, 1e-6), 1 - 1e-6)
        return float(1.0 / (1.0 + np.exp(-(a * np.log(clipped / (1 - clipped)) + b))))


def delivery_probabilities(
    analysis: Analysis, found: Sequence[AidDelivery], model: LinearModel
) -> list[float | None]:
    """The model's probability for each proposed Chinese delivery; None for the others."""
    chinese = [i for i, d in enumerate(found) if is_chinese(d)]
    out: list[float | None] = [None] * len(found)
    if not chinese:
        return out
    rows = [delivery_features(analysis, found[i]) for i in chinese]
    head = model.heads[HEAD]
    column = head.classes.index(POSITIVE)
    for i, p in zip(chinese, model.probabilities(HEAD, rows)[:, column], strict=True):
        out[i] = float(p)
    return out


def decide(
    analysis: Analysis, found: Sequence[AidDelivery], model: LinearModel, decision: AidDecision
) -> list[AidDelivery]:
    kept = []
    for delivery, p in zip(found, delivery_probabilities(analysis, found, model), strict=True):
        if p is None:
            kept.append(delivery)
        elif p >= decision.threshold:
            kept.append(delivery.model_copy(update={"confidence": decision.confidence(p)}))
    return kept
