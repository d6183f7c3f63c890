"""Security events in Chinese text by cue rules (`data/zh/event_rules.yaml`).

The scores are also the learned Chinese model's features (`learned/features.py`), as the
English cue scores are for the English model. Rule events: a sentence whose best category
reaches the threshold and that names China or a Chinese actor makes an event; each aid
delivery is an event too (`diplomacy.military_aid` when the PLA gives or a defence institution
receives, else `aid.medical`); adjacent sentences of one paragraph with one category are one
event. Titles are the sentence's first clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from chinatracker.extract import events as rules
from chinatracker.extract.event_dates import day_within
from chinatracker.extract.zh.dates import coded_vague, dateline_end
from chinatracker.extract.zh.vocabulary import zh_file
from chinatracker.records import Actor, AidDelivery, DateSpan, Event, EventQuantity, Evidence
from chinatracker.reference import Reference
from chinatracker.reference.scripts import to_simplified
from chinatracker.reference.taxonomy import category

if TYPE_CHECKING:
    from chinatracker.extract.dates import FoundDate
    from chinatracker.extract.pipeline import Analysis, SentenceView

SUPPORT = 0.5
SUMMARY_CHARS = 300


@dataclass(frozen=True)
class Cue:
    weight: float
    pattern: re.Pattern[str]


@cache
def cues() -> tuple[float, dict[str, tuple[Cue, ...]]]:
    raw = zh_file("event_rules.yaml")
    table = {
        code: tuple(Cue(float(w), re.compile(p)) for w, p in patterns)
        for code, patterns in raw["categories"].items()
    }
    return float(raw["threshold"]), table


def score(simple: str) -> dict[str, float]:
    """Strongest matching weight plus half of the others per category; a negative vetoes."""
    _, table = cues()
    scores: dict[str, float] = {}
    for code, patterns in table.items():
        hits = [c.weight for c in patterns if c.pattern.search(simple)]
        if not hits:
            continue
        if any(w < 0 for w in hits):
            continue
        best = max(hits)
        scores[code] = best + SUPPORT * (sum(hits) - best)
    return scores


def china_related(view: SentenceView) -> bool:
    return any(m.country in rules.CHINA_RELATED for m in view.mentions)


def aid_category(aid: AidDelivery) -> str:
    if aid.donor.channel == "military" or any(
        r.institution_type == "defense" for r in aid.recipients
    ):
        return "diplomacy.military_aid"
    return "aid.medical"


def find_events(analysis: Analysis, aid: Sequence[AidDelivery] = ()) -> list[Event]:
    threshold, _ = cues()
    by_start = {e.start: a for a in aid for e in a.evidence}
    drafts: list[rules.Draft] = []
    last: rules.Draft | None = None
    for view in analysis.sentences:
        delivery = by_start.get(view.start)
        if delivery is not None and is_chinese(delivery):
            category, strength = aid_category(delivery), 1.5
        else:
            scores = view.cue_scores
            if not scores:
                last = None
                continue
            category, strength = max(scores.items(), key=lambda kv: (kv[1], kv[0]))
            if strength < threshold or not china_related(view):
                last = None
                continue
        follows = (
            last is not None
            and last.category == category
            and last.views[-1].index == view.index - 1
            and last.views[-1].sentence.paragraph == view.sentence.paragraph
        )
        if follows and last is not None:
            last.views.append(view)
            last.score = max(last.score, strength)
        else:
            last = rules.Draft(category, strength, [view])
            drafts.append(last)
    return rules.merge_restatements([to_event(d) for d in drafts])


def is_chinese(aid: AidDelivery) -> bool:
    return aid.donor.country == "CHN" and not any(r.country == "CHN" for r in aid.recipients)


def title(code: str, countries: Sequence[str], date: DateSpan | None) -> str:
    """An English title from the structured fields, since the report is in English: the
    category, who took part and when ("Military aid: China, Laos, 12 May 2020"). The
    Chinese words stay in the summary and the evidence."""
    head = category(code).label
    names = [_country_name(c) for c in sorted(countries, key=lambda c: (c != "CHN", c))]
    if names:
        head += ": " + ", ".join(names[:4]) + (" …" if len(names) > 4 else "")
    if date is not None:
        when = date.start
        day = when.strftime("%d %B %Y" if date.precision == "day" else "%B %Y")
        head += f" ({day.lstrip('0')})"
    return head


@cache
def _country_name(code: str) -> str:
    country = Reference.load().country(code)
    return country.name if country is not None else code


@cache
def _actor_type(actor_id: str | None) -> str:
    actor = Reference.load().actors.actor(actor_id) if actor_id else None
    return actor.type if actor is not None else "organization"


def _own_dates(view: SentenceView) -> list[FoundDate]:
    """A sentence's dates after its dateline and sources."""
    after = view.start + dateline_end(getattr(view, "simple", "") or view.text)
    return [d for d in view.dates if d.start >= after]


def _event_date(views: Sequence[SentenceView]) -> DateSpan | None:
    """The first date of the event's sentences that is not in a dateline or source (新华社北京
    6月5日电, 据国防部网站26日消息): that is the day of the report, never of the event
    (docs/annotation.md decision 40); else the date of the timeline heading above them."""
    told = [d.span for v in views for d in _own_dates(v)]
    if told:
        first = told[0]
        if coded_vague(first):
            # 近日 or 日前 stands for its month only for want of a day: a day of that month
            # written later in the event ("当地时间5月12日晚") is the date.
            return next((d for d in told[1:] if day_within(first, d)), first)
        return first
    # 当天 points back to the last day written; a timeline's heading (a line that is only
    # "3月19日") dates the entries under it.
    for name in ("same_day", "heading_date"):
        found = next((d for v in views if (d := getattr(v, name, None)) is not None), None)
        if found is not None:
            return found
    return None


def to_event(draft: rules.Draft) -> Event:
    """Countries, actors, date and figures from the Chinese passes, an English title, and the
    Chinese sentences as summary and evidence. Built in one step: it runs for every event of
    every Chinese document."""
    views = draft.views
    countries = {m.country for v in views for m in v.mentions if m.country}
    actors: dict[str, Actor] = {}
    for v in views:
        for m in v.mentions:
            if m.type == "organization" and m.canonical not in actors:
                actors[m.canonical] = Actor(
                    name=m.canonical, country=m.country, type=_actor_type(m.actor_id)
                )
    date = _event_date(views)
    summary = "".join(v.text.strip() for v in views)
    if len(summary) > SUMMARY_CHARS:
        summary = summary[:SUMMARY_CHARS] + "…"
    ordered = tuple(sorted(countries))
    return Event(
        category=draft.category,
        title=title(draft.category, ordered, date),
        summary=summary,
        date=date,
        countries=ordered,
        actors=tuple(actors.values()),
        quantities=tuple(
            EventQuantity(value=q.value, unit=q.unit, text=q.text)
            for v in views
            for q in v.quantities
        ),
        evidence=tuple(Evidence(start=v.start, end=v.end, quote=v.sentence.text) for v in views),
        confidence=round(min(0.95, 0.45 + 0.2 * draft.score), 2),
    )


AID_EVENTS = frozenset({"aid.medical", "diplomacy.military_aid"})


def chinese_party_only(
    found: list[Event], analysis: Analysis, aid: Sequence[AidDelivery]
) -> list[Event]:
    """Aid events need a Chinese delivery: another donor's gift, aid to China (docs/annotation.md
    decisions 1 and 20) and running totals ("据统计，目前已向…") are aid records, not events. An
    aid event is dropped when none of its sentences holds a Chinese delivery and each holds
    another donor's delivery or a total."""
    from chinatracker.extract.zh.vocabulary import pattern

    total = pattern("aid_cues.yaml", "aggregate")
    chinese = {e.start for a in aid if is_chinese(a) for e in a.evidence}
    other = {e.start for a in aid if not is_chinese(a) for e in a.evidence}
    simple = {v.start: v.lower for v in analysis.sentences}
    kept = []
    for event in found:
        starts = [e.start for e in event.evidence]
        unsupported = event.category in AID_EVENTS and not any(s in chinese for s in starts)
        if unsupported and all(s in other or total.search(simple.get(s, "")) for s in starts):
            continue
        kept.append(event)
    return kept


# Categories whose Chinese cues are precise enough that a rule event the model missed is kept
# by the combined engine: escort task forces, peacekeeping rotations, drills and airlifts.
PRECISE = frozenset(
    {
        "projection.counter_piracy",
        "projection.peacekeeping",
        "diplomacy.exercises_port_calls",
        "projection.hadr",
    }
)


# Five months or more before publication is background (docs/annotation.md decision 15).
BACKGROUND_DAYS = 150


def as_of_publication(found: list[Event], analysis: Analysis) -> list[Event]:
    """An event dated five months or more before the article is recalled, not news."""
    published = analysis.document.published
    if published is None:
        return found
    return [
        e.model_copy(update={"status": "background"})
        if e.date is not None and (published - e.date.start).days >= BACKGROUND_DAYS
        else e
        for e in found
    ]


def merge_aid_restatements(
    found: list[Event], analysis: Analysis, aid: Sequence[AidDelivery]
) -> list[Event]:
    """A later aid event whose sentences hold no Chinese delivery of their own, and name no
    country the earlier one lacks, restates the nearest earlier aid event (a headline line, a
    repeated summary) and is merged into it; its date dates an earlier one that has none."""
    # A record's first sentence states it; later ones (captions, lists) restate or detail it.
    delivered = {a.evidence[0].start for a in aid if is_chinese(a)}

    def restates(earlier: Event, later: Event) -> bool:
        return (
            earlier.category == later.category
            and later.category in AID_EVENTS
            and earlier.status == later.status
            and set(later.countries) <= set(earlier.countries)
            and not any(e.start in delivered for e in later.evidence)
        )

    return rules.merge_restatements(found, restates, nearest=True, fill_date=True)


# Sentences at the head of a document that say what it is about (the lead).
LEAD_SENTENCES = 2


def checked(found: list[Event], analysis: Analysis, aid: Sequence[AidDelivery]) -> list[Event]:
    """The annotation guide's category rules, which neither the cue rules nor the model see
    whole (data/zh/event_checks.yaml):

    - a statement none of whose sentences names China or a Chinese actor is not the tracker's;
    - an aid event whose sentences hold no Chinese delivery is dropped when its goods go to
      China, when its sentences name no China (another donor's gift, the receiver's own news:
      a Chinese gift's sentences name its giver), or, in a document with no Chinese delivery,
      when its sentences hold no giving word or name no country but China (a drill, an arms
      sale, a speech, gifts to Chinese provinces);
    - aid sent for a natural disaster the lead names is disaster relief (projection.hadr);
    - a statement event made only of the receiving side's thanks is dropped: the thanks belong
      to the delivery they are for.
    """
    from chinatracker.extract.zh.vocabulary import pattern

    giving, thanks, statement = (
        pattern("event_checks.yaml", key) for key in ("giving", "thanks", "statement")
    )
    to_china = pattern("aid_cues.yaml", "to_china")
    chinese = {e.start for a in aid if is_chinese(a) for e in a.evidence}
    simple = {v.start: v.lower for v in analysis.sentences}
    lead = to_simplified(analysis.document.title or "") + "".join(
        v.lower for v in analysis.sentences[:LEAD_SENTENCES]
    )
    relief = pattern("event_checks.yaml", "disaster").search(lead) is not None
    related = {v.start for v in analysis.sentences if china_related(v)}
    kept = []
    for event in found:
        narrative = event.category == "narrative.information"
        if narrative and not any(e.start in related for e in event.evidence):
            continue
        texts = [simple.get(e.start, "") for e in event.evidence]
        delivered = any(e.start in chinese for e in event.evidence)
        if event.category in AID_EVENTS and not delivered:
            # Names no China or Chinese actor: another donor's gift, its receiver's own news.
            foreign = "CHN" not in event.countries
            ungiven = not chinese and not any(giving.search(t) for t in texts)
            # Nobody abroad, in a document with no Chinese delivery: gifts to Chinese
            # provinces, work inside China (decision 3).
            domestic = not chinese and not set(event.countries) - rules.CHINA_RELATED
            if foreign or ungiven or domestic or any(to_china.search(t) for t in texts):
                continue
        if event.category in AID_EVENTS and relief:
            event = event.model_copy(
                update={
                    "category": "projection.hadr",
                    "title": title("projection.hadr", event.countries, event.date),
                }
            )
        if narrative and all(thanks.search(t) and not statement.search(t) for t in texts):
            continue
        kept.append(event)
    return kept
