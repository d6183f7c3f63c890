"""Scores: precision, recall and F1 per fact type and per field, against gold annotations.

Matching rules (kept simple so anyone can check a number by hand):
- aid is scored on Chinese deliveries (donor China, not a sale, not to China, not a cumulative
  total); other gold aid records are negatives, and reporting one as a Chinese delivery is
  counted in `aid.negative_rejected`;
- recipient countries: the set of (document, ISO3) over those deliveries;
- items with quantities: the set of (document, item, quantity);
- aid records: a predicted and a gold record match when their evidence overlaps and, if both name
  recipient countries, they share one; donor channel, donor country, mode and date are then
  compared on matched pairs (accuracy);
- events: current gold events are the positives. A predicted event fits a current gold event
  when its evidence overlaps the gold span and its category is the gold one (or an accepted
  alternative). `event.category` pairs each gold event with at most one fitting prediction (a
  maximum matching): a happening reported as three events is one right and two false alarms,
  as it would be three rows in a tracker that counts events. `event.category (any overlap)`
  is the lenient reading: precision over predictions (each fitting one is right), recall over
  gold events (found when any fitting prediction exists). A prediction on a background or
  not-an-event passage is a false alarm, and its status is scored in `event.status`;
- countries named (`entity.countries`), the countries of each role (`country.<role>`) and named
  actors' countries (see `score_countries`); quotes (by span overlap), claims (span overlap and
  kind), quantities ((document, value, unit); precision only where the gold lists quantities
  exhaustively).
Recall and precision are only counted on documents whose gold marks that fact type `complete`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chinatracker.evaluation.gold import COUNTRY_ROLES, GoldAid, GoldDocument, GoldEvent, Span
from chinatracker.extract.country_roles import document_roles
from chinatracker.extract.quantities import normalise_unit
from chinatracker.records import AidDelivery, DateSpan, Event, Evidence, Extraction


@dataclass
class Score:
    """`found`, when set, counts the gold items found where `tp` counts the right predictions
    (several predictions may find one gold item): recall is then taken on the gold side."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    found: int | None = None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        hit = self.tp if self.found is None else self.found
        return hit / (hit + self.fn) if hit + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def add_sets(self, gold: set[Any], predicted: set[Any], *, precision: bool = True) -> None:
        self.tp += len(gold & predicted)
        self.fn += len(gold - predicted)
        if precision:
            self.fp += len(predicted - gold)


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)


@dataclass
class Errors:
    """Examples of misses and false alarms, for the `--errors` listing."""

    lines: list[str] = field(default_factory=list)

    def add(self, document: str, what: str) -> None:
        self.lines.append(f"{document}: {what}")


CALIBRATION_BINS = 10


@dataclass
class Report:
    documents: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    errors: Errors = field(default_factory=Errors)
    # (confidence, right) for every event reported as current: is the confidence a probability?
    calibration: list[tuple[float, bool]] = field(default_factory=list)
    # (gold category, predicted category) of current events: "none" where one side has none
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def reliability(self) -> list[tuple[float, float, int]]:
        """(mean confidence, share right, events) per tenth of the confidence range."""
        bins: list[list[tuple[float, bool]]] = [[] for _ in range(CALIBRATION_BINS)]
        for confidence, right in self.calibration:
            bins[min(int(confidence * CALIBRATION_BINS), CALIBRATION_BINS - 1)].append(
                (confidence, right)
            )
        return [
            (sum(c for c, _ in b) / len(b), sum(r for _, r in b) / len(b), len(b))
            for b in bins
            if b
        ]

    def expected_calibration_error(self) -> float | None:
        """The gap between confidence and the share right, averaged over bins by their size."""
        total = len(self.calibration)
        if not total:
            return None
        return sum(n / total * abs(conf - right) for conf, right, n in self.reliability())

    def chance_calibration_error(self, draws: int = 1000, seed: int = 0) -> float | None:
        """The calibration error a perfectly calibrated extractor would show on this many
        events with these confidences: each event drawn right with its own confidence, the
        error averaged over `draws`. With some 150 events it is about 0.05 by itself, so an
        error near it says no more than the split's size allows (docs/extraction.md)."""
        if not self.calibration:
            return None
        random = np.random.default_rng(seed)
        confidences = np.array([c for c, _ in self.calibration])
        total = 0.0
        for _ in range(draws):
            rights = random.random(len(confidences)) < confidences
            pairs = zip(confidences.tolist(), rights.tolist(), strict=True)
            drawn = Report(calibration=list(pairs))
            total += drawn.expected_calibration_error() or 0.0
        return total / draws

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def accuracy(self, name: str) -> Accuracy:
        return self.accuracies.setdefault(name, Accuracy())


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def spans(evidence: Iterable[Evidence]) -> list[Span]:
    return [(e.start, e.end) for e in evidence]


def any_overlap(evidence: Iterable[Evidence], span: Span) -> bool:
    return any(overlaps(s, span) for s in spans(evidence))


def same_date(gold: tuple[dt.date, dt.date | None, str] | None, predicted: DateSpan | None) -> bool:
    """Equal at the gold's precision (a month-precision gold date matches any day of that month)."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    start, _, precision = gold
    if precision == "year":
        return predicted.start.year == start.year
    if precision == "month":
        return (predicted.start.year, predicted.start.month) == (start.year, start.month)
    return predicted.start == start


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _unit(unit: str) -> str:
    """Units compared as singular lemmas: gold "masks" and "test kits" meet "mask", "test_kit"."""
    return normalise_unit(unit.replace("_", " ")).replace(" ", "_")


def _quantity_key(value: float, unit: str) -> tuple[float, str]:
    return (round(value, 6), _unit(unit))


def _list_differences(
    report: Report, name: str, label: str, gold: set[Any], predicted: set[Any]
) -> None:
    for missing in sorted(gold - predicted, key=str):
        report.errors.add(name, f"{label} missed: {missing}")
    for extra in sorted(predicted - gold, key=str):
        report.errors.add(name, f"{label} false alarm: {extra}")


def match_aid(
    gold: list[GoldAid], predicted: list[AidDelivery]
) -> list[tuple[GoldAid, AidDelivery]]:
    pairs, used = [], set()
    for g in gold:
        for index, p in enumerate(predicted):
            if index in used or not any_overlap(p.evidence, g.span):
                continue
            gold_countries = {c for c in g.recipients if c}
            predicted_countries = {r.country for r in p.recipients if r.country}
            if gold_countries and predicted_countries and not gold_countries & predicted_countries:
                continue
            pairs.append((g, p))
            used.add(index)
            break
    return pairs


def per_recipient(predicted: list[AidDelivery]) -> list[AidDelivery]:
    """One record per recipient country, the unit the gold is annotated in (decision 5 of
    docs/annotation.md) and the canonical records use: "PLA vaccines for the militaries of
    Congo, Equatorial Guinea and Tunisia" is three gold records, and one delivery with three
    recipients must be able to meet all three, and to miss each."""
    out = []
    for p in predicted:
        named = [r for r in p.recipients if r.country]
        if len(named) <= 1:
            out.append(p)
        else:
            out += [p.model_copy(update={"recipients": (r,)}) for r in named]
    return out


def is_chinese_delivery(p: AidDelivery) -> bool:
    """The predicted counterpart of `GoldAid.chinese_delivery`: what the tracker would count."""
    return (
        p.donor.country in ("CHN", None)
        and p.mode != "sale"
        and not any(r.country == "CHN" for r in p.recipients)
    )


def score_aid(report: Report, gold: GoldDocument, predicted_all: list[AidDelivery]) -> None:
    """Recipients, items and records are scored on Chinese deliveries only: a sale, aid *to*
    China, another donor's gift or a cumulative total in the gold is a negative, and recording
    one as a Chinese delivery is counted (`aid.negative_rejected`), never rewarded."""
    if "aid" not in gold.complete:
        return
    name = gold.name
    deliveries = [a for a in gold.aid if a.chinese_delivery]
    negatives = [a for a in gold.aid if not a.chinese_delivery]
    predicted = [p for p in predicted_all if is_chinese_delivery(p)]
    gold_countries = {c for a in deliveries for c in a.recipients if c}
    predicted_countries = {r.country for a in predicted for r in a.recipients if r.country}
    report.score("aid.recipient_country").add_sets(gold_countries, predicted_countries)
    gold_items = {(i, q) for a in deliveries for i, q in a.items if q is not None}
    predicted_items = {
        (i.item, i.quantity) for a in predicted for i in a.items if i.quantity is not None
    }
    report.score("aid.items_with_quantities").add_sets(gold_items, predicted_items)
    _list_differences(report, name, "aid recipient", gold_countries, predicted_countries)
    _list_differences(report, name, "aid item", gold_items, predicted_items)
    for negative in negatives:
        taken = [
            p
            for p in predicted
            if any_overlap(p.evidence, negative.span)
            and not any(any_overlap(p.evidence, d.span) for d in deliveries)
        ]
        report.accuracy("aid.negative_rejected").add(not taken)
        if taken:
            report.errors.add(
                name, f"aid negative recorded as a Chinese delivery at {negative.span}"
            )
    gold_channels = {a.channel for a in deliveries if a.channel}
    if gold_channels:
        predicted_channels = {p.donor.channel for p in predicted}
        report.accuracy("aid.donor_channel_by_document").add(gold_channels == predicted_channels)
    pairs = match_aid(deliveries, per_recipient(predicted))
    record = report.score("aid.record")
    record.tp += len(pairs)
    record.fn += len(deliveries) - len(pairs)
    record.fp += len(per_recipient(predicted)) - len(pairs)
    for g, p in pairs:
        if g.channel:
            report.accuracy("aid.donor_channel").add(g.channel == p.donor.channel)
            if g.channel != p.donor.channel:
                report.errors.add(
                    name, f"donor channel {p.donor.channel} should be {g.channel} at {g.span}"
                )
        if g.donor_country:
            report.accuracy("aid.donor_country").add(g.donor_country == p.donor.country)
        if g.mode:
            report.accuracy("aid.mode").add(g.mode == p.mode)
        if g.date is not None:
            ok = same_date(g.date, p.date)
            report.accuracy("aid.date").add(ok)
            if not ok:
                got = p.date.start if p.date else None
                report.errors.add(
                    name, f"aid date {got} should be {g.date[0]} ({g.date[2]}) at {g.span}"
                )


def _event_ok(g: GoldEvent, p: Event) -> bool:
    return p.category in (g.category, *g.alt_categories) and any_overlap(p.evidence, g.span)


def predicted_status(p: Event) -> str:
    """The rule extractor reports every event as current news; a learned status, where an
    extractor gives one, is read from the record."""
    return str(getattr(p, "status", None) or "current")


def one_to_one(fits: list[list[bool]]) -> dict[int, int]:
    """A maximum matching of gold events (rows) to predictions (columns), as {column: row},
    by augmenting paths: a document holds a few dozen events at most."""
    owner: dict[int, int] = {}

    def take(row: int, seen: set[int]) -> bool:
        for col, fit in enumerate(fits[row]):
            if fit and col not in seen:
                seen.add(col)
                if col not in owner or take(owner[col], seen):
                    owner[col] = row
                    return True
        return False

    for row in range(len(fits)):
        take(row, set())
    return owner


def event_pairs(
    current: Sequence[GoldEvent], predicted: Sequence[Event]
) -> tuple[list[list[bool]], dict[int, int]]:
    """Which prediction fits which current gold event, and the one-to-one pairing of
    `event.category` as {prediction: gold event}; training labels drafted events with it."""
    fits = [[_event_ok(g, p) for p in predicted] for g in current]
    return fits, one_to_one(fits)


def score_events(report: Report, gold: GoldDocument, predicted_all: list[Event]) -> None:
    """Current events are what the tracker publishes, so they are the positives. A predicted
    current event on a background or not-an-event passage is a false alarm; one the extractor
    itself marks background is left out of the category scores and judged by `event.status`."""
    if "events" not in gold.complete:
        return
    name = gold.name
    current = [g for g in gold.events if g.status == "current"]
    predicted = [p for p in predicted_all if predicted_status(p) == "current"]
    category = report.score("event.category")
    lenient = report.score("event.category (any overlap)")
    lenient.found = lenient.found or 0
    detection = report.score("event.detection")
    for p in predicted_all:
        under = [g for g in gold.events if any_overlap(p.evidence, g.span)]
        truth = under[0].status if under else "not_event"
        if any(g.status == "current" for g in under):
            truth = "current"
        report.accuracy("event.status").add(predicted_status(p) == truth)
        report.accuracy(f"event.status/{truth}").add(predicted_status(p) == truth)
    fits, paired = event_pairs(current, predicted)
    for column, p in enumerate(predicted):
        correct = any(row[column] for row in fits)
        detected = any(any_overlap(p.evidence, g.span) for g in current)
        report.calibration.append((p.confidence, correct))
        if not detected:
            report.confusion[("none", p.category)] += 1
        lenient.tp += int(correct)
        lenient.fp += int(not correct)
        category.tp += int(column in paired)
        category.fp += int(column not in paired)
        detection.fp += int(not detected)
        per_category = report.score(f"event.category/{p.category}")
        per_category.tp += int(column in paired)
        per_category.fp += int(column not in paired)
        where = p.evidence[0].start if p.evidence else -1
        if not correct:
            report.errors.add(name, f"event false alarm {p.category} at {where}: {p.title[:80]}")
        elif column not in paired:
            report.errors.add(name, f"event repeated {p.category} at {where}: {p.title[:80]}")
    for g in gold.events:
        if g.status != "current":
            taken = any(any_overlap(p.evidence, g.span) for p in predicted)
            report.accuracy(f"event.rejected/{g.status}").add(not taken)
    shown_by = {row: column for column, row in paired.items()}
    for row, g in enumerate(current):
        matches = [p for p, fit in zip(predicted, fits[row], strict=True) if fit]
        overlapping = [p for p in predicted if any_overlap(p.evidence, g.span)]
        shown = matches[0] if matches else (overlapping[0] if overlapping else None)
        report.confusion[(g.category, shown.category if shown else "none")] += 1
        detection.tp += int(bool(overlapping))
        detection.fn += int(not overlapping)
        lenient.found += int(bool(matches))
        lenient.fn += int(not matches)
        if row not in shown_by:
            category.fn += 1
            report.score(f"event.category/{g.category}").fn += 1
        if not matches:
            got = ", ".join(sorted({p.category for p in overlapping})) or "nothing"
            report.errors.add(name, f"event missed {g.category} at {g.span} (got {got})")
            continue
        best = predicted[shown_by[row]] if row in shown_by else matches[0]
        countries = report.score("event.countries")
        countries.add_sets(set(g.countries), set(best.countries))
        ok = same_date(g.date, best.date)
        report.accuracy("event.date_or_rightly_empty").add(ok)
        if g.date is not None:
            report.accuracy("event.date").add(ok)
        if not ok:
            found = best.date.start if best.date else None
            want = f"{g.date[0]} ({g.date[2]})" if g.date else "no date"
            report.errors.add(name, f"event date {found} should be {want} at {g.span}")


def score_document(report: Report, gold: GoldDocument, extraction: Extraction) -> None:
    report.documents += 1
    name = gold.name
    score_aid(report, gold, list(extraction.aid))
    score_events(report, gold, list(extraction.events))
    if gold.countries is not None and "countries" in gold.complete:
        score_countries(report, gold, extraction)
    if gold.quantities:
        exhaustive = "quantities" in gold.complete
        gold_q = {_quantity_key(q.value, q.unit) for q in gold.quantities}
        predicted_q = {_quantity_key(q.value, q.unit) for q in extraction.quantities}
        report.score("quantity").add_sets(gold_q, predicted_q, precision=exhaustive)
        for absent in sorted(gold_q - predicted_q):
            report.errors.add(name, f"quantity missed: {absent}")
    if "quotes" in gold.complete:
        score = report.score("quote")
        found = 0
        for g in gold.quotes:
            hit = next((q for q in extraction.quotes if any_overlap(q.evidence, g.span)), None)
            if hit is None:
                report.errors.add(name, f"quote missed at {g.span}")
                continue
            found += 1
            if g.speaker:
                report.accuracy("quote.speaker").add(_same_person(g.speaker, hit.speaker))
        score.tp += found
        score.fn += len(gold.quotes) - found
        score.fp += sum(
            1
            for q in extraction.quotes
            if not any(any_overlap(q.evidence, g.span) for g in gold.quotes)
        )
    if "claims" in gold.complete:
        claims = report.score("claim")
        for gold_claim in gold.claims:
            made = any(
                c.kind == gold_claim.kind and any_overlap(c.evidence, gold_claim.span)
                for c in extraction.claims
            )
            claims.tp += int(made)
            claims.fn += int(not made)
            if not made:
                report.errors.add(name, f"claim missed {gold_claim.kind} at {gold_claim.span}")
        claims.fp += sum(
            1
            for c in extraction.claims
            if not any(c.kind == gc.kind and any_overlap(c.evidence, gc.span) for gc in gold.claims)
        )


# Roles in which a named official or organisation takes part (the actor country measure).
TAKING_PART = frozenset({"actor", "donor", "recipient"})


def score_countries(report: Report, gold: GoldDocument, extraction: Extraction) -> None:
    """Countries the document names, each role's countries, and named actors' countries.

    - `entity.countries`: every country a country, place, organisation or person mention gives;
    - `country.<role>`: per role of docs/annotation.md, the countries given that role in the
      document (extract/country_roles.py) against the gold `country_roles`;
    - `entity.actor_country` (accuracy): each country a named official or organisation resolves
      to is one the gold has taking part (actor, donor or recipient).
    """
    name = gold.name
    predicted = {m.country for m in extraction.mentions if m.country}
    report.score("entity.countries").add_sets(set(gold.countries or ()), predicted)
    _list_differences(report, name, "country", set(gold.countries or ()), predicted)
    if not gold.country_roles:
        return
    roles = document_roles(extraction.mentions, extraction.aid)
    for role in COUNTRY_ROLES:
        want = {c for c, found in gold.country_roles.items() if role in found}
        got = {c for c, found in roles.items() if role in found}
        report.score(f"country.{role}").add_sets(want, got)
        _list_differences(report, name, f"{role} country", want, got)
    named = {
        m.country for m in extraction.mentions if m.country and m.type in ("organization", "person")
    }
    for country in sorted(named):
        ok = bool(gold.country_roles.get(country, frozenset()) & TAKING_PART)
        report.accuracy("entity.actor_country").add(ok)
        if not ok:
            report.errors.add(name, f"named actor's country {country} takes no part in the gold")


def _same_person(gold: str, predicted: str | None) -> bool:
    """Surnames compared loosely: "Josep Borrell" and "Joseph Borell" are one person."""
    if not predicted:
        return False
    a, b = gold.lower().split()[-1], predicted.lower().split()[-1]
    return a == b or (a[:4] == b[:4] and abs(len(a) - len(b)) <= 2)
