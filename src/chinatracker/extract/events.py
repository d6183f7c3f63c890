"""Security events in the tracker taxonomy.

Every body sentence that concerns China (names China, a Chinese actor or place, Taiwan, or a
disputed feature China claims; or continues a paragraph that does) is scored against the cue
patterns of `data/event_rules.yaml`; the best category above the threshold labels it. Aid
deliveries found in a sentence decide its category (military aid or Health Silk Road).
Consecutive sentences of one paragraph with the same category are one event; so are later
restatements of it in the document (same category, countries and date). Page clutter never gets
here: `sentences.py` only yields body text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from chinatracker.extract.event_dates import coded_week, day_within, event_date
from chinatracker.extract.literals import LiteralIndex
from chinatracker.extract.rule_files import rule_file
from chinatracker.extract.sentences import DATELINE
from chinatracker.records import (
    Actor,
    AidDelivery,
    DateSpan,
    Event,
    EventQuantity,
    Evidence,
    Mention,
)
from chinatracker.reference import Reference

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis, SentenceView

CHINA = "CHN"
CHINA_RELATED = frozenset({CHINA, "TWN", "HKG", "MAC"})
GENERIC_CHINA = frozenset({"prc-government"})
THEATRE = re.compile(r"\b(?:China|Taiwan)\b")
TITLE_WORDS = 16
SUMMARY_CHARS = 700
# Categories that need a foreign party in the sentence to be about China's security abroad.
NEEDS_FOREIGN = frozenset({"aid.digital", "diplomacy.high_level", "diplomacy.exercises_port_calls"})
# Categories where China (a Chinese body, "Chinese", "Beijing", "China's") must be the actor,
# not only the object ("encircling China with bases" is not a Chinese base).
NEEDS_CHINESE_ACTOR = frozenset(
    {
        "domestic.policy",
        "domestic.force_development",
        "domestic.arms_trade",
        "diplomacy.military_aid",
        "projection.peacekeeping",
        "projection.counter_piracy",
        "projection.hadr",
        "projection.logistics",
        "projection.cyber_space",
    }
)
# Meeting words: with two or more parties named, a sentence is a high-level exchange.
MEETING = re.compile(
    r"\b(?:met|meets|(?:will|to|would) meet|meeting (?:in \w+ )?with|"
    r"held (?:talks|a meeting|a call)|visits? (?:to|of|by)|"
    r"hold talks|visited|is visiting|(?:will|to) visit|arrived in|hosted|received|called|signed|"
    r"attend(?:ed|s)?|"
    r"spoke (?:with|to|by))\b"
)
# Photo captions ("Blinken (left) meets ...") repeat or show other moments; they make no event.
CAPTION = re.compile(
    r"\((?:first |second )?(?:on )?(?:left|right|centre|center|front|back)\)"
    r"|\((?:photo|afp|reuters|ap|xinhua|epa)\b",
    re.IGNORECASE,
)
CONTINUES = re.compile(
    r"^(?:it|he|she|they|this|these|the two|both|the (?:talks|meeting|visit|drills?|exercises?|"
    r"ships?|vessels?|incident|move|deal|agreement|ministry|team))\b",
    re.IGNORECASE,
)
_OBJECT_BEFORE = re.compile(
    r"\b(?:to|with|against|on|toward|towards|encircl\w*|contain\w*|over|about|of|and)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cue:
    weight: float
    pattern: re.Pattern[str]
    context: re.Pattern[str] | None  # must also occur somewhere in the sentence

    def fires(self, lower_text: str) -> bool:
        if not self.pattern.search(lower_text):
            return False
        return self.context is None or bool(self.context.search(lower_text))


@dataclass(frozen=True)
class Rules:
    threshold: float
    categories: dict[str, list[Cue]]
    # (category number, cue number) of each cue by the strings it needs: a sentence is tried
    # only against the few cues whose strings it holds.
    index: LiteralIndex[tuple[int, int]]


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])")


@cache
def rules() -> Rules:
    raw = rule_file("event_rules.yaml")
    categories = {
        code: [
            Cue(float(rule[0]), _words(rule[1]), _words(rule[2]) if len(rule) > 2 else None)
            for rule in patterns
        ]
        for code, patterns in raw["categories"].items()
    }
    index = LiteralIndex(
        ((category, number), cue.pattern.pattern)
        for category, cues in enumerate(categories.values())
        for number, cue in enumerate(cues)
    )
    return Rules(float(raw["threshold"]), categories, index)


# Weak cues add up only a little: one strong cue says more than several vague ones.
SUPPORT = 0.5
# Case-sensitive on purpose: "may" hedges, "May" is a month.
HEDGE = re.compile(
    r"\b(?:likely|may|might|could|would|seems?|appears? to|suggests?|perhaps|arguably|"
    r"aims? to|hopes? to|seeks? to)\b"
)
HEDGE_PENALTY = 0.4
# Catch-all categories lose to any specific category that passes the threshold.
FALLBACK = frozenset({"narrative.information"})


def score(lower_text: str) -> dict[str, float]:
    """Category → strength of the cue patterns found in a (lower-cased) sentence: the strongest
    cue plus a fraction of the others; negative weights veto ("met the plane" is no meeting)."""
    r = rules()
    cues = list(r.categories.values())
    codes = list(r.categories)
    fired: dict[str, list[float]] = {}
    for category, number in sorted(r.index.candidates(lower_text)):
        cue = cues[category][number]
        if cue.fires(lower_text):
            fired.setdefault(codes[category], []).append(cue.weight)
    scores = {}
    for code, weights in fired.items():
        weights.sort(reverse=True)
        positive = [w for w in weights if w > 0]
        if positive:
            scores[code] = (
                positive[0] + SUPPORT * sum(positive[1:]) + sum(w for w in weights if w < 0)
            )
    return scores


@cache
def _claimed_by_china() -> frozenset[str]:
    """Canonical names of disputed features China claims (South China Sea shoals, Senkaku...)."""
    tables = Reference.load().places.tables
    return frozenset(p.canonical for p in tables[0] if CHINA in p.claimants)


def china_related(view: SentenceView) -> bool:
    """China, Taiwan, Hong Kong, a Chinese body or official, a feature China claims, or a sea or
    strait named for China or Taiwan (a US transit of the Taiwan Strait concerns China)."""
    claimed = _claimed_by_china()
    return any(
        (
            m.country in CHINA_RELATED
            or m.canonical in claimed
            or (m.country is None and THEATRE.search(m.canonical))
        )
        and not _in_compound(m, view)
        for m in view.mentions
    )


def _in_compound(mention: Mention, view: SentenceView) -> bool:
    """ "US-China", "Sino-US": a relation between two countries, not a party acting."""
    text = view.sentence.text
    start, end = mention.start - view.start, mention.end - view.start
    return (start > 0 and text[start - 1] in "-–") or (
        text[end : end + 1] in ("-", "–") and text[end + 1 : end + 2].isupper()
    )


def chinese_actor(view: SentenceView) -> bool:
    """China acts in the sentence: a Chinese body or official, "Chinese", "Beijing", "China's",
    or "China" as subject; not "China" as the object of someone else's action."""
    text = view.sentence.text
    for m in view.mentions:
        if m.country != CHINA or _in_compound(m, view):
            continue
        if m.type in ("organization", "person") or m.text in ("Chinese", "Beijing") or m.actor_id:
            return True
        after = text[m.end - view.start : m.end - view.start + 3]
        before = text[: m.start - view.start]
        if after.startswith(("'s", "’s")) or not _OBJECT_BEFORE.search(before):
            return True
    return False


def has_foreign_party(view: SentenceView) -> bool:
    return any(
        (m.country and m.country not in CHINA_RELATED)
        or (m.type == "organization" and m.country is None)
        for m in view.mentions
    )


def aid_category(aid: AidDelivery) -> str:
    military = aid.donor.channel == "military" or any(
        r.institution_type == "defense" for r in aid.recipients
    )
    return "diplomacy.military_aid" if military and aid.donor.country == CHINA else "aid.medical"


@dataclass
class Draft:
    category: str
    score: float
    views: list[SentenceView] = field(default_factory=list)

    @property
    def paragraph(self) -> int:
        return self.views[0].sentence.paragraph


def parties(view: SentenceView) -> set[str]:
    """Countries taking part: named countries and places, and the nationality of named people."""
    return {m.country for m in view.mentions if m.country and not _in_compound(m, view)}


def classify(view: SentenceView, relevant: bool) -> tuple[str, float] | None:
    if not relevant or not is_specific(view) or CAPTION.search(view.text):
        return None
    scores = dict(view.cue_scores)
    if "diplomacy.high_level" in scores and MEETING.search(view.lower) and len(parties(view)) >= 2:
        scores["diplomacy.high_level"] += 0.5
    if not scores:
        return None
    if not has_foreign_party(view):
        scores = {c: s for c, s in scores.items() if c not in NEEDS_FOREIGN}
    if not chinese_actor(view):
        scores = {c: s for c, s in scores.items() if c not in NEEDS_CHINESE_ACTOR}
    if not scores:
        return None
    if HEDGE.search(view.text):
        scores = {c: v - HEDGE_PENALTY for c, v in scores.items()}
    threshold = rules().threshold
    specific = {c: v for c, v in scores.items() if c not in FALLBACK and v >= threshold}
    pool = specific or {c: v for c, v in scores.items() if v >= threshold}
    if not pool:
        return None
    best = max(pool, key=lambda c: pool[c])
    return best, pool[best]


def is_specific(view: SentenceView) -> bool:
    """A happening names something particular: a date, a figure, or a party other than China."""
    if view.dates or view.quantities:
        return True
    return any(
        m.country != CHINA
        or m.type in ("person", "place")
        or (m.actor_id and m.actor_id not in GENERIC_CHINA)
        for m in view.mentions
    )


def find_events(analysis: Analysis, aid: Sequence[AidDelivery] = ()) -> list[Event]:
    """Events of the document: one per aid delivery, then the classified other sentences."""
    by_start = {view.start: view for view in analysis.sentences}
    covered = {e.start for a in aid for e in a.evidence}
    drafts: list[Draft] = []
    for delivery in aid:
        views = [by_start[e.start] for e in delivery.evidence if e.start in by_start]
        if views:
            drafts.append(Draft(aid_category(delivery), 2.0, views))
    last: Draft | None = None
    for view in analysis.sentences:
        paragraph = view.sentence.paragraph
        if view.start in covered:
            last = None
            continue
        follows = (
            last is not None
            and last.paragraph == paragraph
            and last.views[-1].index == view.index - 1
        )
        found = classify(view, china_related(view) or follows)
        if found is None:
            detail = CONTINUES.match(view.text.strip()) or view.quantities or view.dates
            if follows and last is not None and detail and len(last.views) < 4:
                last.views.append(view)  # "As of late June, 94 such patrols have taken place."
            continue
        category, strength = found
        continues = (
            follows and last is not None and CONTINUES.match(view.text.strip()) and strength < 1.5
        )
        if follows and last is not None and (last.category == category or continues):
            last.views.append(view)
            last.score = max(last.score, strength)
        elif china_related(view):
            last = Draft(category, strength, [view])
            drafts.append(last)
    drafts.sort(key=lambda d: d.views[0].start)
    published = analysis.document.published
    return merge_restatements([to_event(d, published) for d in drafts])


# Openings that set the scene ("Between March 13 and June 19, ...", "According to MERICS, ...")
# rather than say what happened; a title starts after them.
SCENE = re.compile(
    r"^(?:in|on|at|between|according|after|before|since|during|earlier|last|meanwhile|however|"
    r"also|then|separately|following|despite|while|as|by|for|from|with|under|over|within|until)\b",
    re.IGNORECASE,
)


DANGLING = re.compile(
    r"\b(?:that|to|the|a|an|of|and|or|in|on|at|for|with|by|from|as|its|their|his|her|was|were|is|are)$",
    re.IGNORECASE,
)


def _title(view: SentenceView) -> str:
    """A one-line title: the sentence's main clause, shortened at a clause boundary."""
    text = DATELINE.sub("", view.text.strip().lstrip("•·-–* ").strip())
    parts = text.split(", ")
    while len(parts) > 1 and SCENE.match(parts[0]) and len(", ".join(parts[1:]).split()) >= 5:
        parts = parts[1:]
    text = ", ".join(parts)
    text = text[:1].upper() + text[1:]
    words = text.split()
    if len(words) <= TITLE_WORDS:
        return text.rstrip(".")
    cut = " ".join(words[:TITLE_WORDS])
    for mark in (", ", "; ", " – ", " - "):
        head = cut.split(mark)[0]
        if len(head.split()) >= 6 and not DANGLING.search(head):
            return head.rstrip(".,;")
    while DANGLING.search(cut):
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(".,;") + " …"


def _countries(views: list[SentenceView]) -> tuple[str, ...]:
    found = [c for v in views for c in v.countries()]
    if any(m.country == CHINA for v in views for m in v.mentions):
        found.append(CHINA)
    return tuple(sorted(set(found)))


def _actors(views: list[SentenceView]) -> tuple[Actor, ...]:
    seen: dict[str, Actor] = {}
    for v in views:
        for m in v.mentions:
            if m.type in ("organization", "person") and m.canonical not in seen:
                seen[m.canonical] = Actor(name=m.canonical, country=m.country, type=_actor_type(m))
    return tuple(seen.values())


def _actor_type(mention: Mention) -> str:
    if mention.type == "person":
        return "person"
    if mention.actor_id:
        actor = Reference.load().actors.actor(mention.actor_id)
        if actor is not None:
            return actor.type
    return "organization"


def to_event(draft: Draft, published: dt.date | None) -> Event:
    views = draft.views
    summary = " ".join(v.text.strip() for v in views)
    if len(summary) > SUMMARY_CHARS:
        summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    return Event(
        category=draft.category,
        title=_title(views[0]),
        summary=summary,
        date=event_date(views, draft.category, published),
        countries=_countries(views),
        actors=_actors(views),
        quantities=tuple(
            EventQuantity(value=q.value, unit=q.unit, text=q.text)
            for v in views
            for q in v.quantities
        ),
        evidence=tuple(Evidence(start=v.start, end=v.end, quote=v.sentence.text) for v in views),
        confidence=round(min(0.95, 0.45 + 0.2 * draft.score), 2),
    )


def same_story(earlier: Event, later: Event) -> bool:
    """The English restatement test: same category, countries and date (or none), and a foreign
    party, since China alone is in every story."""
    return (
        earlier.category == later.category
        and earlier.countries == later.countries
        and (earlier.date == later.date or later.date is None)
        and len(set(earlier.countries) - CHINA_RELATED) > 0
    )


# Categories whose events are aid deliveries (`aid_category`).
AID_EVENTS = frozenset({"aid.medical", "diplomacy.military_aid"})


def _chinese_actors(event: Event) -> set[str]:
    return {a.name for a in event.actors if a.country == CHINA}


def same_delivery(earlier: Event, later: Event) -> bool:
    """The English aid restatement test (docs/annotation.md, "one record per real-world
    happening"): an aid report tells a handover in its lead, then again in a quote, a caption
    or a closing line ("The masks will be distributed to hospitals"). A later aid event of the
    same category and status restates the earlier one when it names no foreign country the
    earlier one lacks, no other date, and no other Chinese giver; a later delivery to a new
    country, on another day or by another Chinese body stays its own event."""
    if earlier.category != later.category or later.category not in AID_EVENTS:
        return False
    if earlier.status != later.status:
        return False
    foreign = set(later.countries) - CHINA_RELATED
    if not foreign <= set(earlier.countries):
        return False
    if earlier.date is not None and later.date is not None and earlier.date != later.date:
        return False
    givers, earlier_givers = _chinese_actors(later), _chinese_actors(earlier)
    return not givers or not earlier_givers or bool(givers & earlier_givers)


def merge_restatements(
    events: Sequence[Event],
    restates: Callable[[Event, Event], bool] = same_story,
    *,
    nearest: bool = False,
    fill_date: bool = False,
) -> list[Event]:
    """A later event that `restates(earlier, later)` an event already kept adds its evidence to
    it instead of standing alone. Each language says what a restatement is (`same_story` here;
    the Chinese aid test in `zh/events.py`); `nearest` merges into the closest such earlier
    event rather than the first (a Chinese document restates the record just before);
    `fill_date` gives a kept event with no date the first date of what restates it."""
    kept: list[Event] = []
    for event in events:
        order = range(len(kept) - 1, -1, -1) if nearest else range(len(kept))
        same = next((i for i in order if restates(kept[i], event)), None)
        if same is None:
            kept.append(event)
        else:
            base = kept[same]
            update: dict[str, object] = {"evidence": (*base.evidence, *event.evidence)}
            if fill_date and base.date is None and event.date is not None:
                update["date"] = event.date
            kept[same] = base.model_copy(update=update)
    return kept


# How far apart (characters between one event's last evidence and the next one's first) two
# fragments of one happening may be: about two paragraphs of news copy. Measured on train
# (docs/extraction.md, "Sixth round"): consecutive events of one category this close fall
# inside one annotated event nine times in ten.
FRAGMENT_GAP = 600


def first_start(event: Event) -> int:
    """Where an event begins in its document: the order events are read and joined in."""
    return event.evidence[0].start if event.evidence else -1


def coalesce_fragments(
    events: Sequence[Event], max_gap: int = FRAGMENT_GAP, *, dated_apart: bool = False
) -> list[Event]:
    """One record per real-world happening (docs/annotation.md, decisions 35 and 49): the model
    scores sentences, so a meeting told over three paragraphs comes out as three events, and a
    tracker that counts events would count it three times. An event joins the one just before
    it when both have the same category and status, nothing else happens between them, they
    lie within `max_gap` characters, and neither names a foreign country the other contradicts
    (one's foreign parties are a subset of the other's, or one names none). With `dated_apart`,
    two parts that give different days stay apart: Chinese wire copy tells each batch of a
    series in its own short paragraph with its own date (on the Chinese train split, event F1
    0.742 unjoined, 0.800 joined, 0.806 joined unless dated apart, with dates right 0.80, 0.70
    and 0.76), while an English story's later paragraphs date their reactions and quotes."""
    kept: list[Event] = []
    for event in sorted(events, key=first_start):
        last = kept[-1] if kept else None
        if last is not None and _fragments(last, event, max_gap, dated_apart):
            kept[-1] = joined(last, event)
        else:
            kept.append(event)
    return kept


def gifts_to_armed_forces(found: Sequence[Event], max_gap: int = FRAGMENT_GAP) -> list[Event]:
    """A gift to armed forces is `diplomacy.military_aid`, civilian medical aid `aid.medical`
    (docs/annotation.md). The sentence model labels each sentence alone, so a story of vaccines
    handed to an army flips between the two as its sentences name the army or only the vaccine.
    An `aid.medical` event beside a `diplomacy.military_aid` one of the same status (within
    `max_gap` characters, no foreign country of its own that the other lacks, and no date the
    other does not give) is the same gift told further, and takes its category before fragments
    are joined; a dated civilian handover beside an army's gift is a second delivery."""
    military = [e for e in found if e.category == "diplomacy.military_aid" and e.evidence]

    def beside(event: Event, other: Event) -> bool:
        if event.status != other.status or not event.evidence:
            return False
        gap = max(
            event.evidence[0].start - max(e.end for e in other.evidence),
            other.evidence[0].start - max(e.end for e in event.evidence),
        )
        foreign = set(event.countries) - CHINA_RELATED
        dated_apart = event.date is not None and event.date != other.date
        return gap <= max_gap and foreign <= set(other.countries) and not dated_apart

    return [
        event.model_copy(update={"category": "diplomacy.military_aid"})
        if event.category == "aid.medical" and any(beside(event, m) for m in military)
        else event
        for event in found
    ]


def _fragments(earlier: Event, later: Event, max_gap: int, dated_apart: bool) -> bool:
    if earlier.category != later.category or earlier.status != later.status:
        return False
    if dated_apart and earlier.date and later.date and earlier.date.start != later.date.start:
        return False
    if not earlier.evidence or not later.evidence:
        return False
    gap = later.evidence[0].start - max(e.end for e in earlier.evidence)
    if gap > max_gap:
        return False
    ours = set(earlier.countries) - CHINA_RELATED
    theirs = set(later.countries) - CHINA_RELATED
    return not ours or not theirs or ours <= theirs or theirs <= ours


def _joined_date(base: DateSpan | None, part: DateSpan | None) -> DateSpan | None:
    """The earlier fragment's date, unless it is only a week coded as its month ("the forum
    next week") and the later fragment gives the day within it ("on Oct. 17-18"): decision 10
    codes a week as its month only where the text gives no day."""
    if base is None:
        return part
    return part if coded_week(base) and day_within(base, part) else base


def joined(base: Event, part: Event) -> Event:
    def union(a: tuple[object, ...], b: tuple[object, ...]) -> tuple[object, ...]:
        return (*a, *(x for x in b if x not in a))

    return base.model_copy(
        update={
            "evidence": tuple(
                sorted(
                    {(e.start, e.end): e for e in (*base.evidence, *part.evidence)}.values(),
                    key=lambda e: e.start,
                )
            ),
            "countries": union(base.countries, part.countries),
            "actors": union(base.actors, part.actors),
            "quantities": union(base.quantities, part.quantities),
            "date": _joined_date(base.date, part.date),
            "confidence": max(base.confidence, part.confidence),
        }
    )
