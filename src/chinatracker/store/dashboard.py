"""The queries behind the dashboard: filtered counts by kind, per country, per month, and pages.

One `DashboardFilters` value describes what the analyst picked; every query takes it, so the
counts, the map, the timeline and the table always agree. A fact is shown when it matches every
filter given. Filters on a field that only some kinds have (event category, donor channel,
country) leave out the kinds without it: picking a donor channel shows aid deliveries only.

- period: `facts.date_start` within [date_from, date_to]; facts with no date (quotes and claims
  usually) are left out whenever a period is set.
- country / region: aid deliveries by recipient country, events by the countries involved; a
  region (UN region, sub-region or intermediate region) stands for its countries.
- only current facts (the newest extractor version, plus reviewed facts of older ones).

On SQLite, counts, map and timeline read `fact_tallies` (migration 0004): counts of current
facts per (place, kind, topic, month, review status, tenth of confidence), kept by database
triggers. A period's whole months come from there; without a period, the map and counts read
its all-time rows (month '*', migration 0007). A partial month at either edge is counted
from the facts, or, where the period covers more than half of it, read whole less the days
outside the period, so no edge scans more than half a month. Filters the tallies cannot answer
exactly (a confidence off the tenths, several places at once for counts and timeline) are
counted from the facts themselves. Every count from the facts reads one index range:
`ix_facts_dashboard`, or `ix_fact_places_map` on `fact_places`, the trigger-kept copy of every
fact's countries. PostgreSQL keeps no tallies and always counts from the facts. Pages walk
`ix_facts_current_date` newest first, or, filtered by topic or place, read ever wider windows of
recent dates (`records`). `benchmarks/store_bench.py` times all of it at a million facts
(docs/scaling.md); the tests check that tallies and scans agree, and pages and a plain sort.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar, get_args

from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from chinatracker.errors import TrackerError
from chinatracker.records import ReviewStatus
from chinatracker.reference.countries import country_index
from chinatracker.store.models import (
    ANY_MONTH,
    ANY_STATUS,
    ANY_TENTH,
    ANY_TOPIC,
    AidDeliveryRow,
    ClaimRow,
    CountryAreaRow,
    EventRow,
    FactPlaceRow,
    FactRow,
    FactTallyRow,
    QuoteRow,
)

# The tracker's records; entity and quantity facts are mentions that support them.
RECORD_KINDS = ("aid", "event", "quote", "claim")
REVIEW_STATUSES: tuple[str, ...] = get_args(ReviewStatus)
ALL_KINDS = (*RECORD_KINDS, "entity", "quantity")
COUNTRY_KINDS = ("aid", "event")
MAX_PAGE = 500


class FilterError(TrackerError):
    """A dashboard filter names something that does not exist."""


@dataclass(frozen=True)
class DashboardFilters:
    """What the analyst picked; empty tuples and None mean "any"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = RECORD_KINDS
    categories: tuple[str, ...] = ()  # event categories, e.g. "diplomacy.exercises_port_calls"
    channels: tuple[str, ...] = ()  # donor channels, e.g. "military"
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-3
    regions: tuple[str, ...] = ()  # "Africa", "South-eastern Asia", "Caribbean", ...
    review_statuses: tuple[str, ...] = ()
    min_confidence: float | None = None


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM
    kind: str
    facts: int


@dataclass(frozen=True)
class RecordSummary:
    """One row of the dashboard table."""

    id: int
    kind: str
    date: dt.date | None
    date_precision: str | None
    review_status: str
    confidence: float
    document_id: int
    label: str
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dashboard:
    by_kind: dict[str, int]
    by_country: dict[str, int]
    timeline: list[MonthCount]
    records: list[RecordSummary] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def region_countries(region: str) -> set[str]:
    """ISO3 codes of a UN region, sub-region or intermediate region (case-insensitive)."""
    wanted = region.strip().casefold()
    found = {
        c.iso3
        for c in country_index()
        if wanted in (c.un_region.casefold(), c.un_subregion.casefold())
        or wanted == c.intermediate_region.casefold()
    }
    if not found:
        raise FilterError(f"unknown region {region!r}: use a UN region or sub-region name")
    return found


def _places(filters: DashboardFilters) -> list[str]:
    codes = {c.strip().upper() for c in filters.countries}
    for region in filters.regions:
        codes |= region_countries(region)
    return sorted(codes)


def _kinds(filters: DashboardFilters) -> list[str]:
    kinds = [k for k in ALL_KINDS if k in filters.kinds]
    unknown = set(filters.kinds) - set(ALL_KINDS)
    if unknown:
        raise FilterError(f"unknown fact kind(s): {', '.join(sorted(unknown))}")
    if filters.categories:
        kinds = [k for k in kinds if k == "event"]
    if filters.channels:
        kinds = [k for k in kinds if k == "aid"]
    if filters.countries or filters.regions:
        kinds = [k for k in kinds if k in COUNTRY_KINDS]
    return kinds


Source = type[FactRow] | type[FactPlaceRow]


def _fact_id(source: Source) -> InstrumentedAttribute[int]:
    return FactRow.id if source is FactRow else FactPlaceRow.fact_id


def _dated(source: Source, filters: DashboardFilters) -> list[ColumnElement[bool]]:
    """Only dated facts: the period's start says so already, and must stay the index range's
    only lower bound. Given `date_start IS NOT NULL` as well, SQLite may start the range there
    and read every earlier date (36 ms instead of 0.02 for one day at a million facts)."""
    return [] if filters.date_from is not None else [source.date_start.is_not(None)]


def _conditions(
    filters: DashboardFilters, source: Source = FactRow, *, topics: bool = False
) -> list[ColumnElement[bool]]:
    """WHERE clauses for these filters (see the module docstring for the rules), on `facts` or
    on `fact_places`, which carries the same filter fields. With `topics`, categories and
    channels are matched on the trigger-kept `topic` column instead of their own tables."""
    fact_id = _fact_id(source)
    kinds = _kinds(filters)
    conditions: list[ColumnElement[bool]] = [
        source.current == true(),  # `= true`, not `IS true`: PostgreSQL indexes only the former
        source.kind.in_(kinds) if kinds else false(),
    ]
    if filters.date_from is not None:
        conditions.append(source.date_start >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(source.date_start <= filters.date_to)
    if filters.review_statuses:
        conditions.append(source.review_status.in_(filters.review_statuses))
    if filters.min_confidence is not None:
        conditions.append(source.confidence >= filters.min_confidence)
    if topics and (filters.categories or filters.channels):
        conditions.append(source.topic.in_([*filters.categories, *filters.channels]))
    elif filters.categories:
        categories = EventRow.category.in_(filters.categories)
        conditions.append(fact_id.in_(select(EventRow.fact_id).where(categories)))
    elif filters.channels:
        channels = AidDeliveryRow.donor_channel.in_(filters.channels)
        conditions.append(fact_id.in_(select(AidDeliveryRow.fact_id).where(channels)))
    places = _places(filters)
    if places and source is FactPlaceRow:
        conditions.append(FactPlaceRow.country.in_(places))
    elif places:
        in_places = select(FactPlaceRow.fact_id).where(FactPlaceRow.country.in_(places))
        conditions.append(FactRow.id.in_(in_places))
    return conditions


# Tallies ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyPlan:
    """How to answer from the tallies: WHERE clauses for the months read there whole (None when
    there are none), the filters narrowed to the days of partial months counted from the facts
    (`added`), and to the days outside the period in months read whole (`removed`)."""

    conditions: list[ColumnElement[bool]] | None
    added: list[DashboardFilters]
    removed: list[DashboardFilters] = field(default_factory=list)


Days = tuple[dt.date, dt.date]  # first and last day, both included


@dataclass(frozen=True)
class PeriodSplit:
    """A period as whole months (first and last 'YYYY-MM', None for an open end; `months` is None
    when none is read whole), plus days to count from the facts and days to take away."""

    months: tuple[str | None, str | None] | None
    added: list[Days] = field(default_factory=list)
    removed: list[Days] = field(default_factory=list)


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


ONE_DAY = dt.timedelta(days=1)


def _month_read_whole(first: dt.date, last: dt.date, removed: list[Days]) -> bool:
    """Whether a month the period covers from `first` to `last` is cheaper read whole from the
    tallies, less the days outside the period (added to `removed`), than counted from the facts:
    so a partial month never scans more than half a month, e.g. "30 days from January 1" reads
    January and takes away the 31st."""
    month_first, month_last = first.replace(day=1), _month_end(first)
    inside = (last - first).days + 1
    if 2 * inside <= (month_last - month_first).days + 1:
        return False
    if first > month_first:
        removed.append((month_first, first - ONE_DAY))
    if last < month_last:
        removed.append((last + ONE_DAY, month_last))
    return True


def _split_period(start: dt.date | None, end: dt.date | None) -> PeriodSplit:
    """Split a period into months the tallies answer and days the facts must (see PeriodSplit)."""
    if start is not None and end is not None and start > end:
        return PeriodSplit(None, added=[(start, end)])  # an empty period: the scan finds nothing
    added: list[Days] = []
    removed: list[Days] = []
    if start is not None and end is not None and end <= _month_end(start):  # within one month
        if _month_read_whole(start, end, removed):
            return PeriodSplit((_month(start), _month(start)), removed=removed)
        return PeriodSplit(None, added=[(start, end)])
    first = last = None  # the first days of the first and last months read whole; None: open
    if start is not None:
        if _month_read_whole(start, _month_end(start), removed):
            first = start.replace(day=1)
        else:
            added.append((start, _month_end(start)))
            first = _month_end(start) + ONE_DAY
    if end is not None:
        if _month_read_whole(end.replace(day=1), end, removed):
            last = end.replace(day=1)
        else:
            added.append((end.replace(day=1), end))
            last = (end.replace(day=1) - ONE_DAY).replace(day=1)
    if first is not None and last is not None and first > last:
        return PeriodSplit(None, added, removed)  # two partial months, nothing in between
    months = (None if first is None else _month(first), None if last is None else _month(last))
    return PeriodSplit(months, added, removed)


def _region_area(session: Session, region: str) -> str | None:
    """The region's name as the tallies know it, when they hold exactly our set of its countries
    (the reference data may have changed since the migration filled `country_areas`)."""
    wanted = region.strip().casefold()
    names = {
        name
        for c in country_index()
        for name in (c.un_region, c.un_subregion, c.intermediate_region)
        if name and name.casefold() == wanted
    }
    if len(names) != 1:
        return None
    (name,) = names
    stored = set(session.scalars(select(CountryAreaRow.country).where(CountryAreaRow.area == name)))
    return name if stored == region_countries(region) else None


def _tally_plan(
    session: Session,
    filters: DashboardFilters,
    *,
    per_country: bool = False,
    per_month: bool = False,
) -> TallyPlan | None:
    """Where the tallies answer these filters exactly, how; None where only a scan does.

    `per_country` (the map) counts a fact in each of its countries, so any set of places reads
    country tallies; counts and the timeline count each fact once, so they read the tallies of
    one country or one region, and scan for other sets of places. Without a period they read
    the all-time rows, except `per_month` (the timeline), which needs every month's.
    """
    if session.get_bind().dialect.name != "sqlite":
        return None  # PostgreSQL keeps no tallies (migration 0004 says why)
    tenth = None
    if filters.min_confidence is not None:
        tenth = round(filters.min_confidence * 10)
        if tenth / 10 != filters.min_confidence or not 0 <= tenth <= 10:
            return None
    places = _places(filters)
    area: ColumnElement[bool]
    if per_country:
        scope = "country"
        area = FactTallyRow.area.in_(places) if places else true()
    elif not places:
        scope, area = "all", FactTallyRow.area == ""
    elif len(filters.countries) == 1 and not filters.regions:
        scope, area = "country", FactTallyRow.area == places[0]
    elif len(filters.regions) == 1 and not filters.countries:
        name = _region_area(session, filters.regions[0])
        if name is None:
            return None
        scope, area = "region", FactTallyRow.area == name
    else:
        return None
    split = _split_period(filters.date_from, filters.date_to)
    added = [replace(filters, date_from=a, date_to=b) for a, b in split.added]
    removed = [replace(filters, date_from=a, date_to=b) for a, b in split.removed]
    if split.months is None:
        return TallyPlan(None, added, removed)
    kinds = _kinds(filters)
    conditions = [
        FactTallyRow.scope == scope,
        area,
        FactTallyRow.kind.in_(kinds) if kinds else false(),
    ]
    first, last = split.months
    if per_month or filters.date_from is not None or filters.date_to is not None:
        # Dated months only: 'YYYY-MM' sorts after '*' (all time) and '' (undated). One lower
        # bound: given two, SQLite's index range takes one and may pick the looser.
        if first is not None:
            conditions.append(FactTallyRow.month >= first)
        else:
            conditions.append(FactTallyRow.month > ANY_MONTH)
        if last is not None:
            conditions.append(FactTallyRow.month <= last)
    else:
        conditions.append(FactTallyRow.month == ANY_MONTH)  # one row per key (migration 0007)
    topics = (*filters.categories, *filters.channels)
    if topics:
        conditions.append(FactTallyRow.topic.in_(topics))
    else:
        conditions.append(FactTallyRow.topic == ANY_TOPIC)
    if filters.review_statuses or tenth is not None:
        conditions.append(FactTallyRow.confidence_tenth != ANY_TENTH)
        # Every status by name rather than `!= ANY_STATUS`, so the index seeks on each.
        statuses = filters.review_statuses or REVIEW_STATUSES
        conditions.append(FactTallyRow.review_status.in_(statuses))
        if tenth is not None:
            conditions.append(FactTallyRow.confidence_tenth >= tenth)
    else:
        conditions += [
            FactTallyRow.review_status == ANY_STATUS,
            FactTallyRow.confidence_tenth == ANY_TENTH,
        ]
    return TallyPlan(conditions, added, removed)


# Counts, map, timeline -------------------------------------------------------------------------


K = TypeVar("K")


def _edge_counts(
    plan: TallyPlan, scan: Callable[[DashboardFilters], Mapping[K, int]]
) -> Counter[K]:
    """What the facts add to a tally plan's months (`added` days) and take from them
    (`removed` days), counted by `scan` with the topic as the tallies hold it."""
    counts: Counter[K] = Counter()
    for edge in plan.added:
        counts.update(scan(edge))
    for edge in plan.removed:
        counts.subtract(scan(edge))
    return counts


def counts_by_kind(
    session: Session, filters: DashboardFilters, *, tallies: bool = True
) -> dict[str, int]:
    """How many facts of each kind match. `tallies=False` counts from the facts alone, matching
    categories and channels in their own tables rather than the trigger-kept `topic`: the
    independent count that the tests and benchmarks/store_bench.py compare with."""
    plan = _tally_plan(session, filters) if tallies else None
    if plan is None:
        return _scan_counts_by_kind(session, filters, topics=tallies)
    counts: Counter[str] = Counter()
    if plan.conditions is not None:
        query = select(FactTallyRow.kind, func.sum(FactTallyRow.facts)).where(*plan.conditions)
        counts.update(dict(session.execute(query.group_by(FactTallyRow.kind)).all()))
    counts.update(_edge_counts(plan, lambda f: _scan_counts_by_kind(session, f, topics=True)))
    return {kind: n for kind, n in sorted(counts.items()) if n}


def _scan_counts_by_kind(
    session: Session, filters: DashboardFilters, *, topics: bool
) -> dict[str, int]:
    if _places(filters):  # only aid and events have places: count them where they are
        facts = func.count(FactPlaceRow.fact_id.distinct())
        query = select(FactPlaceRow.kind, facts).where(
            *_conditions(filters, FactPlaceRow, topics=topics)
        )
        query = query.group_by(FactPlaceRow.kind)
    else:
        query = select(FactRow.kind, func.count()).where(*_conditions(filters, topics=topics))
        query = query.group_by(FactRow.kind)
    return dict(session.execute(query).all())


def counts_by_country(
    session: Session, filters: DashboardFilters, *, tallies: bool = True
) -> dict[str, int]:
    """Facts per country (ISO3), for the map; a fact about three countries counts in each."""
    plan = _tally_plan(session, filters, per_country=True) if tallies else None
    if plan is None:
        return _scan_counts_by_country(session, filters, topics=tallies)
    counts: Counter[str] = Counter()
    if plan.conditions is not None:
        # Grouped by an expression: given the column, SQLite would walk ix_fact_tallies_area
        # for its order, reading every level, instead of the key range of the one it needs.
        area = func.coalesce(FactTallyRow.area, "")
        query = select(area, func.sum(FactTallyRow.facts)).where(*plan.conditions)
        counts.update(dict(session.execute(query.group_by(area)).all()))
    counts.update(_edge_counts(plan, lambda f: _scan_counts_by_country(session, f, topics=True)))
    return {country: n for country, n in sorted(counts.items()) if n}


def _scan_counts_by_country(
    session: Session, filters: DashboardFilters, *, topics: bool
) -> dict[str, int]:
    """One range of `ix_fact_places_map`: no join, so the cost follows what the filters select."""
    query = (
        select(FactPlaceRow.country, func.count())
        .where(*_conditions(filters, FactPlaceRow, topics=topics))
        .group_by(FactPlaceRow.country)
        .order_by(FactPlaceRow.country)
    )
    return dict(session.execute(query).all())


def timeline(
    session: Session, filters: DashboardFilters, *, tallies: bool = True
) -> list[MonthCount]:
    """Dated facts per month and kind, oldest first."""
    plan = _tally_plan(session, filters, per_month=True) if tallies else None
    if plan is None:
        return _scan_timeline(session, filters, topics=tallies)
    months: Counter[tuple[str, str]] = Counter()
    if plan.conditions is not None:
        query = (
            select(FactTallyRow.month, FactTallyRow.kind, func.sum(FactTallyRow.facts))
            .where(*plan.conditions)
            .group_by(FactTallyRow.month, FactTallyRow.kind)
        )
        for month, kind, n in session.execute(query):
            months[(month, kind)] += n
    months.update(
        _edge_counts(
            plan,
            lambda f: {
                (found.month, found.kind): found.facts
                for found in _scan_timeline(session, f, topics=True)
            },
        )
    )
    return [MonthCount(month, kind, n) for (month, kind), n in sorted(months.items()) if n]


def _scan_timeline(
    session: Session, filters: DashboardFilters, *, topics: bool
) -> list[MonthCount]:
    """Grouped by day in the database, in the order of the dashboard index (no sort, no date
    functions per row), then rolled up to months here."""
    if _places(filters):
        source: Source = FactPlaceRow
        facts = func.count(FactPlaceRow.fact_id.distinct())
    else:
        source, facts = FactRow, func.count()
    query = (
        select(source.kind, source.date_start, facts)
        .where(*_conditions(filters, source, topics=topics), *_dated(source, filters))
        .group_by(source.kind, source.date_start)
    )
    months: Counter[tuple[str, str]] = Counter()
    for kind, day, n in session.execute(query):
        if day is not None:
            months[(_month(day), kind)] += n
    return [MonthCount(month, kind, n) for (month, kind), n in sorted(months.items())]


# Pages -----------------------------------------------------------------------------------------

# The first window a filtered page looks in, and how much wider each next one is.
FIRST_WINDOW_DAYS = 31
WINDOW_GROWTH = 4


def records(
    session: Session, filters: DashboardFilters, *, limit: int = 50, offset: int = 0
) -> list[RecordSummary]:
    """A page of matching facts, newest first, then undated facts newest extracted first.

    Dated and undated facts are paged separately. Without a place or topic filter a page walks
    `ix_facts_current_date` in page order and reads about `limit` entries. Place and topic
    filters scatter the matches over many index ranges (one per country, kind or topic), which
    no single index keeps in page order: those pages look in a window of recent dates first and
    widen it until it holds the page (`_windowed_page`), so they sort a few windows' matches
    instead of every match.
    """
    limit, offset = max(0, min(limit, MAX_PAGE)), max(0, offset)
    scattered = bool(_places(filters) or filters.categories or filters.channels)
    source: Source = FactPlaceRow if _places(filters) else FactRow
    conditions = _conditions(filters, source, topics=True)
    dated = [*conditions, *_dated(source, filters)]
    if scattered:
        ids = _windowed_page(session, source, conditions, filters, limit, offset)
    else:
        ids = _ordered_page(session, source, dated, limit, offset)
    if len(ids) < limit and filters.date_from is None and filters.date_to is None:
        if ids:
            undated_offset = 0
        else:
            matching = select(_fact_id(source)).where(*dated).distinct().subquery()
            dated_total = session.scalar(select(func.count()).select_from(matching)) or 0
            undated_offset = max(0, offset - dated_total)
        undated = [*conditions, source.date_start.is_(None)]
        ids += _ordered_page(session, source, undated, limit - len(ids), undated_offset)
    return _summaries(session, ids)


def _ordered_page(
    session: Session,
    source: Source,
    conditions: Sequence[ColumnElement[bool]],
    limit: int,
    offset: int,
) -> list[int]:
    """Fact ids in page order; a fact in several places comes once."""
    if limit == 0:
        return []
    fact_id = _fact_id(source)
    query = select(fact_id).where(*conditions)
    if source is FactPlaceRow:
        query = query.group_by(fact_id, source.date_start)
    query = query.order_by(source.date_start.desc(), fact_id.desc()).limit(limit).offset(offset)
    return list(session.scalars(query))


def _windowed_page(
    session: Session,
    source: Source,
    conditions: list[ColumnElement[bool]],
    filters: DashboardFilters,
    limit: int,
    offset: int,
) -> list[int]:
    """A page of dated facts, read from the newest dates back in ever wider windows.

    A window [start, newest] holding `offset + limit` matches holds the page, since every match
    after it is in the window too. Each window is a date range in every index range the filters
    name, so a try reads that window's matches; windows grow `WINDOW_GROWTH` times, so the tries
    together read about as much as the last one. Every try bounds `date_start` from below by a
    date, never by `IS NOT NULL`: given both, SQLite may seek on the weaker one and read every
    dated entry.
    """
    # Two queries: SQLite reads one index entry for each, but scans the range for both at once.
    current = FactRow.current == true()
    newest = session.scalar(select(func.max(FactRow.date_start)).where(current))
    oldest = session.scalar(select(func.min(FactRow.date_start)).where(current))
    if newest is None or oldest is None:
        return []
    if filters.date_to is not None:
        newest = min(newest, filters.date_to)
    if filters.date_from is not None:
        oldest = max(oldest, filters.date_from)
    days = FIRST_WINDOW_DAYS
    while True:
        start = max(newest - dt.timedelta(days=days), oldest)
        ids = _ordered_page(
            session, source, [*conditions, source.date_start >= start], limit, offset
        )
        if len(ids) == limit or start == oldest:
            return ids
        days *= WINDOW_GROWTH


def _summaries(session: Session, ids: Sequence[int]) -> list[RecordSummary]:
    """The table rows for these facts, in this order."""
    if not ids:
        return []
    query = (
        select(
            FactRow.id,
            FactRow.kind,
            FactRow.date_start,
            FactRow.date_precision,
            FactRow.review_status,
            FactRow.confidence,
            FactRow.document_id,
            func.coalesce(EventRow.title, AidDeliveryRow.donor_name, QuoteRow.text, ClaimRow.text),
        )
        .where(FactRow.id.in_(ids))
        .outerjoin(EventRow, EventRow.fact_id == FactRow.id)
        .outerjoin(AidDeliveryRow, AidDeliveryRow.fact_id == FactRow.id)
        .outerjoin(QuoteRow, QuoteRow.fact_id == FactRow.id)
        .outerjoin(ClaimRow, ClaimRow.fact_id == FactRow.id)
    )
    rows = {row[0]: row for row in session.execute(query)}
    places: dict[int, list[str]] = {}
    in_page = FactPlaceRow.fact_id.in_(ids)
    for fact_id, country in session.execute(
        select(FactPlaceRow.fact_id, FactPlaceRow.country).where(in_page).order_by("country")
    ):
        places.setdefault(fact_id, []).append(country)
    summaries = []
    for fact_id in ids:
        _, kind, date, precision, status, confidence, document_id, label = rows[fact_id]
        summaries.append(
            RecordSummary(
                id=fact_id,
                kind=kind,
                date=date,
                date_precision=precision,
                review_status=status,
                confidence=confidence,
                document_id=document_id,
                label=label or "",
                countries=tuple(places.get(fact_id, ())),
            )
        )
    return summaries


def dashboard(
    session: Session, filters: DashboardFilters, *, limit: int = 50, offset: int = 0
) -> Dashboard:
    """Everything one dashboard view shows, from the same filters."""
    return Dashboard(
        by_kind=counts_by_kind(session, filters),
        by_country=counts_by_country(session, filters),
        timeline=timeline(session, filters),
        records=records(session, filters, limit=limit, offset=offset),
    )
