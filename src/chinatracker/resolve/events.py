"""Merging event facts from many documents into canonical events.

An event is one happening (a clash, an exercise, an airlift), so unlike aid it is not split by
country. Two reports are the same event when they have the same taxonomy category, dates that
fit (the same rules as aid, `resolve.clustering`), and either share most of their foreign
countries (Jaccard overlap of the countries other than China at least
`event_country_overlap`; when they share only one, they must also share a Chinese actor or
title words) or, for events with no foreign country (a budget, a law), have titles sharing at
least `event_title_overlap` of their words. Events whose Chinese actors are registry actors
with no parent in common are never the same. An analyst's must_link can join
events of different categories; the record then lists both categories as a conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from chinatracker.records import Event
from chinatracker.reference import Reference
from chinatracker.resolve import countries
from chinatracker.resolve.actors import ActorResolver
from chinatracker.resolve.clustering import Cluster, Compatible, Report, cluster_reports
from chinatracker.resolve.dates import interval, span_text
from chinatracker.resolve.fields import choose, choose_date, choose_number
from chinatracker.resolve.identity import stable_ids
from chinatracker.resolve.quality import independent_sources, mark_official, quality_score
from chinatracker.resolve.records import (
    CanonicalEvent,
    ConflictValue,
    DocumentInfo,
    EventFact,
    LinkConstraint,
    Member,
    MergePolicy,
)

HOME = "CHN"
REVIEWED = ("accepted", "corrected")
# An event that ended more than this long before the article reporting it is recalled history,
# whatever the extractor's status says: on the china_media corpus 70 of 427 dated events were
# two or more years older than their article, printed as news (issue 17).
RECALLED_AFTER = dt.timedelta(days=365)


def is_background(record: Event, published: dt.date | None) -> bool:
    """Is this event background to its article (marked so, or dated well before it)?

    An analyst's review outranks the date rule: a corrected fact keeps the status it was given.
    """
    if record.status == "background":
        return True
    if record.date is None or published is None:
        return False
    return (record.date.end or record.date.start) < published - RECALLED_AFTER


_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset({"the", "and", "for", "with", "from", "china", "chinese", "its", "over"})


@dataclass(frozen=True)
class EventPart:
    fact: EventFact
    foreign: frozenset[str]
    words: frozenset[str]
    # Registry ids of the event's Chinese actors and their parents: two events whose Chinese
    # actors share nothing (Jack Ma's foundation, the National Health Commission) are two.
    actors: frozenset[str]

    @property
    def record(self) -> Event:
        return self.fact.record


def normalise_event(record: Event, reference: Reference) -> Event:
    """Country codes checked against the reference (names and ISO2 codes become ISO3)."""
    codes = [countries.resolve_country(c, reference) for c in record.countries]
    return record.model_copy(update={"countries": tuple(dict.fromkeys(c for c in codes if c))})


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _compatible(policy: MergePolicy) -> Compatible[EventPart]:
    def compatible(a: Report[EventPart], b: Report[EventPart]) -> tuple[str, int] | None:
        pa, pb = a.payload, b.payload
        if pa.record.category != pb.record.category:
            return None
        if pa.actors and pb.actors and pa.actors.isdisjoint(pb.actors):
            return None
        if pa.foreign or pb.foreign:
            overlap = _jaccard(pa.foreign, pb.foreign)
            if overlap < policy.event_country_overlap:
                return None
            shared = sorted(pa.foreign & pb.foreign)
            actors = pa.actors & pb.actors
            titles = _jaccard(pa.words, pb.words) >= policy.event_title_overlap
            if len(shared) < 2 and not actors and not titles:
                return None  # one country in common is too little on its own
            return (
                f"same category ({pa.record.category}), shared countries ({', '.join(shared)})",
                len(shared),
            )
        overlap = _jaccard(pa.words, pb.words)
        if overlap < policy.event_title_overlap:
            return None
        return f"same category ({pa.record.category}), similar titles", round(overlap * 100)

    return compatible


def _part(fact: EventFact, actors: ActorResolver) -> EventPart:
    words = frozenset(w.casefold() for w in _WORD.findall(fact.record.title)) - _STOP
    chinese: set[str] = set()
    for actor in fact.record.actors:
        found = actors.actor(actor.name)
        if found is not None and found.channel is not None:
            chinese |= actors.family(actor.name)
    return EventPart(
        fact=fact,
        foreign=frozenset(fact.record.countries) - {HOME},
        words=words,
        actors=frozenset(chinese),
    )


def _report(part: EventPart) -> Report[EventPart]:
    date = part.record.date
    return Report(
        fact_id=part.fact.fact_id,
        document_id=part.fact.document.id,
        when=interval(date),
        precision=date.precision if date else None,
        payload=part,
    )


def merge_events(
    facts: Sequence[EventFact],
    constraints: Sequence[LinkConstraint] = (),
    *,
    policy: MergePolicy | None = None,
    reference: Reference | None = None,
) -> list[CanonicalEvent]:
    """Canonical events from event facts and link constraints; deterministic."""
    policy = policy or MergePolicy()
    reference = reference or Reference.load()
    actors = ActorResolver(reference)
    parts = [
        _part(f.model_copy(update={"record": normalise_event(f.record, reference)}), actors)
        for f in mark_official(sorted(facts, key=lambda f: f.fact_id))
    ]
    must = {r.pair(): r for r in constraints if r.kind == "must_link"}
    cannot = {r.pair(): r for r in constraints if r.kind == "cannot_link"}
    block_of = {p.fact.fact_id: p.record.category for p in parts}
    # A must_link across categories puts both categories in one block.
    parent = {c: c for c in block_of.values()}

    def find(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    for a, b in sorted(must):
        if a in block_of and b in block_of:
            ra, rb = find(block_of[a]), find(block_of[b])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    blocks: dict[str, list[Report[EventPart]]] = defaultdict(list)
    for part in parts:
        blocks[find(part.record.category)].append(_report(part))
    compatible = _compatible(policy)
    clusters: list[Cluster[EventPart]] = []
    for key in sorted(blocks):
        clusters += cluster_reports(
            blocks[key], compatible, window_days=policy.window_days, must=must, cannot=cannot
        )
    drafts = [_canonical(c, policy) for c in clusters]
    ids = stable_ids([(_identity(d), min(d.fact_ids)) for d in drafts])
    records = [
        CanonicalEvent.model_validate({**d.__dict__, "id": i})
        for d, i in zip(drafts, ids, strict=True)
    ]
    return sorted(
        records,
        key=lambda r: (r.category, r.date.start.isoformat() if r.date else "9999", r.id),
    )


def _identity(record: CanonicalEvent) -> str:
    sources = sorted(d.content_hash or f"doc{d.id}" for d in record.sources)
    date = record.date.start.isoformat() if record.date else ""
    return "|".join(["event", record.category, date, ",".join(record.countries), ",".join(sources)])


def _sources(parts: Sequence[EventPart]) -> tuple[DocumentInfo, ...]:
    documents = {p.fact.document.id: p.fact.document for p in parts}
    return tuple(sorted(documents.values(), key=lambda d: (d.published is None, d.published, d.id)))


def _canonical(cluster: Cluster[EventPart], policy: MergePolicy) -> CanonicalEvent:
    parts = [r.payload for r in cluster.reports]
    conflicts: dict[str, tuple[ConflictValue, ...]] = {}
    category, conflict = choose([(p.record.category, p.fact.fact_id) for p in parts])
    if conflict:
        conflicts["category"] = conflict
    lead = sorted(parts, key=lambda p: (-p.record.confidence, p.fact.fact_id))[0]
    date, date_conflict = choose_date(
        [(p.record.date, p.fact.fact_id) for p in parts if p.record.date is not None]
    )
    if date_conflict:
        conflicts["date"] = date_conflict
    quantities: dict[str, float] = {}
    per_fact: dict[str, dict[int, set[float]]] = defaultdict(lambda: defaultdict(set))
    for p in parts:
        for q in p.record.quantities:
            per_fact[q.unit][p.fact.fact_id].add(q.value)
    for unit in sorted(per_fact):
        # A report giving several numbers of one unit (100,000 masks and 5,000 N95 masks)
        # names different things: that unit is left to the reports, not compared.
        if any(len(values) > 1 for values in per_fact[unit].values()):
            continue
        values = [(v, fact_id) for fact_id, found in per_fact[unit].items() for v in found]
        value, conflict = choose_number(values, policy.quantity_tolerance)
        if value is not None:
            quantities[unit] = value
        if conflict:
            conflicts[f"quantity.{unit}"] = conflict
    countries_ = tuple(sorted({c for p in parts for c in p.record.countries}))
    actors = tuple(dict.fromkeys(a.name for p in parts for a in p.record.actors))
    sources = _sources(parts)
    complete = [
        date is not None,
        date is not None and date.precision == "day",
        bool(countries_),
        bool(actors),
    ]
    # Built unvalidated for the explanation; merge_events validates the final record once.
    record = CanonicalEvent.model_construct(
        id="",
        category=category or lead.record.category,
        title=lead.record.title,
        summary=lead.record.summary,
        date=date,
        countries=countries_,
        actors=actors,
        quantities=quantities,
        members=tuple(
            Member(
                fact_id=p.fact.fact_id,
                document_id=p.fact.document.id,
                confidence=p.record.confidence,
                review_status=p.fact.review_status,
            )
            for p in parts
        ),
        sources=sources,
        explanation="",
        conflicts=conflicts,
        corroboration=independent_sources(sources),
        quality=quality_score(sources, complete, conflicts=bool(conflicts)),
        confidence=max(p.record.confidence for p in parts),
        reviewed=any(p.fact.review_status in REVIEWED for p in parts),
    )
    return record.model_construct(**{**record.__dict__, "explanation": explain(record, cluster)})


def explain(record: CanonicalEvent, cluster: Cluster[EventPart]) -> str:
    """Why the record's reports were merged (or that it has one), and what was left apart."""
    if len(cluster.reports) == 1:
        report = cluster.reports[0]
        text = (
            f"One report: fact {report.fact_id} in {report.payload.fact.document.label}, "
            f"{record.category}, {span_text(report.payload.record.date)}."
        )
    else:
        text = (
            f"Merged {len(cluster.reports)} reports from {len(record.sources)} documents: "
            + "; ".join(cluster.links)
            + "."
        )
    if record.conflicts:
        text += " Sources disagree on " + ", ".join(sorted(record.conflicts)) + "."
    if cluster.notes:
        text += " " + " ".join(n[0].upper() + n[1:] + "." for n in cluster.notes)
    return text
