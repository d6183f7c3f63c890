"""Deterministic, constrained clustering of reports that may describe the same thing.

The same procedure merges aid and events; callers decide what a report is and when two are
compatible. Within a block (reports that could possibly match):

1. analysts' `must_link` pairs are joined first, unless that would break a `cannot_link`;
2. day-precise reports (a day, or a range of up to a week) are joined pairwise, closest dates
   first (then most shared items, then fact ids, so the result never depends on input order),
   when they are compatible and their dates are at most `window_days` apart;
3. each report with a coarse date (a month, a year) or none, coarse dates first, joins a
   record only when exactly one record is compatible with it; if several are, it stays on its
   own and says so. A record is a candidate only if one of its reports is at least as precise,
   and an undated report must share something specific (an item, a country) with it.

A join never puts two reports of the same document together (a document that reports two
consignments means two; an analyst's must_link overrides this), never breaks a `cannot_link`,
and keeps every pair of dated members within the window (complete linkage on dates), so a
chain of weekly deliveries never collapses into one.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from chinatracker.resolve.dates import Interval
from chinatracker.resolve.records import LinkConstraint

T = TypeVar("T")

PRECISION_ORDER = {"day": 0, "month": 1, "year": 2, None: 3}
# A day-precise range up to a week ("between 2 and 5 June") still dates one delivery; a longer
# one ("between 13 March and 19 June") is as vague as a month and is treated like one.
PRECISE_SPAN_DAYS = 7


@dataclass(frozen=True)
class Report(Generic[T]):
    """One fact's statement about one thing (for aid: about one recipient)."""

    fact_id: int
    document_id: int
    when: Interval | None
    precision: str | None
    payload: T

    @property
    def precise(self) -> bool:
        return (
            self.precision == "day"
            and self.when is not None
            and self.when.days <= PRECISE_SPAN_DAYS
        )


# Returns None when the two reports cannot be the same thing, else what they share (for the
# explanation) and a score (higher first) used to order candidate joins.
Compatible = Callable[[Report[T], Report[T]], tuple[str, int] | None]


@dataclass
class Cluster(Generic[T]):
    """Reports found to be one thing, and the reasons, in the order the joins were made."""

    reports: list[Report[T]]
    links: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Group:
    members: list[int]
    documents: set[int]
    facts: set[int]
    latest_start: dt.date | None
    earliest_end: dt.date | None
    links: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Clusterer(Generic[T]):
    def __init__(
        self,
        reports: Sequence[Report[T]],
        compatible: Compatible[T],
        window_days: int,
        must: Mapping[tuple[int, int], LinkConstraint],
        cannot: Mapping[tuple[int, int], LinkConstraint],
    ) -> None:
        self.reports = sorted(reports, key=lambda r: r.fact_id)
        self.compatible = compatible
        self.window = window_days
        self.must = must
        self.cannot: dict[int, set[int]] = defaultdict(set)
        for a, b in cannot:
            self.cannot[a].add(b)
            self.cannot[b].add(a)
        self.cannot_reasons = cannot
        self.parent = list(range(len(self.reports)))
        self.groups: dict[int, _Group] = {}
        for i, r in enumerate(self.reports):
            self.groups[i] = _Group(
                members=[i],
                documents={r.document_id},
                facts={r.fact_id},
                latest_start=r.when.start if r.when else None,
                earliest_end=r.when.end if r.when else None,
            )

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def blocked(self, a: _Group, b: _Group, *, same_document_ok: bool = False) -> str | None:
        """Why two groups may not be joined, or None."""
        if self.cannot:
            for fact in a.facts:
                for other in self.cannot.get(fact, ()):
                    if other in b.facts:
                        rule = self.cannot_reasons[(min(fact, other), max(fact, other))]
                        return f"analyst cannot_link {fact}-{other} ({rule.actor}: {rule.reason})"
        if not same_document_ok and not a.documents.isdisjoint(b.documents):
            return "same document"
        start = _latest(a.latest_start, b.latest_start)
        end = _earliest(a.earliest_end, b.earliest_end)
        if start is not None and end is not None and (start - end).days > self.window:
            return f"dates more than {self.window} days apart"
        return None

    def join(self, i: int, j: int, reason: str) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        keep, drop = min(ri, rj), max(ri, rj)
        a, b = self.groups[keep], self.groups.pop(drop)
        a.members += b.members
        a.documents |= b.documents
        a.facts |= b.facts
        starts = [d for d in (a.latest_start, b.latest_start) if d is not None]
        ends = [d for d in (a.earliest_end, b.earliest_end) if d is not None]
        a.latest_start = max(starts) if starts else None
        a.earliest_end = min(ends) if ends else None
        a.links += [*b.links, reason]
        a.notes += b.notes
        self.parent[drop] = keep

    def run(self) -> list[Cluster[T]]:
        self._must_links()
        self._precise_pairs()
        self._coarse_reports()
        clusters = []
        for root in sorted(self.groups):
            group = self.groups[root]
            reports = [self.reports[i] for i in sorted(group.members)]
            clusters.append(Cluster(reports, group.links, group.notes))
        return clusters

    def _must_links(self) -> None:
        index = {r.fact_id: i for i, r in enumerate(self.reports)}
        for (a, b), rule in sorted(self.must.items()):
            if a not in index or b not in index:
                continue
            ga, gb = self.groups[self.find(index[a])], self.groups[self.find(index[b])]
            if ga is gb:
                continue
            why = self.blocked(ga, gb, same_document_ok=True)
            if why is not None and why.startswith("analyst"):
                ga.notes.append(f"must_link {a}-{b} not applied: {why}")
                continue
            self.join(
                index[a], index[b], f"analyst must_link {a}-{b} ({rule.actor}: {rule.reason})"
            )

    def _precise_pairs(self) -> None:
        precise = sorted(
            (i for i, r in enumerate(self.reports) if r.precise),
            key=lambda i: (self._when(i).start, self.reports[i].fact_id),
        )
        candidates: list[tuple[int, int, int, int, int, str]] = []
        for pos, i in enumerate(precise):
            wi = self._when(i)
            for j in precise[pos + 1 :]:
                wj = self._when(j)
                if (wj.start - wi.end).days > self.window:
                    break  # sorted by start: every later report starts later still
                gap = wi.gap(wj)
                if gap > self.window:
                    continue
                found = self.compatible(self.reports[i], self.reports[j])
                if found is None:
                    continue
                shared, score = found
                a, b = sorted((i, j), key=lambda k: self.reports[k].fact_id)
                candidates.append((gap, -score, self.reports[a].fact_id, a, b, shared))
        for gap, _, _, a, b, shared in sorted(candidates):
            ga, gb = self.groups[self.find(a)], self.groups[self.find(b)]
            if ga is gb or self.blocked(ga, gb) is not None:
                continue
            ra, rb = self.reports[a], self.reports[b]
            dates = "the same dates" if gap == 0 else f"dates {gap} days apart"
            self.join(a, b, f"facts {ra.fact_id} and {rb.fact_id}: {dates}, {shared}")

    def _coarse_reports(self) -> None:
        coarse = sorted(
            (i for i, r in enumerate(self.reports) if not r.precise),
            key=lambda i: (
                PRECISION_ORDER.get(self.reports[i].precision, 3),
                self.reports[i].fact_id,
            ),
        )
        by_start = sorted(
            (i for i, r in enumerate(self.reports) if r.when is not None),
            key=lambda i: self._when(i).start,
        )
        starts = [self._when(i).start for i in by_start]
        longest = max((self._when(i).days for i in by_start), default=1)
        undated = [k for k, r in enumerate(self.reports) if r.when is None]
        for i in coarse:
            own = self.groups[self.find(i)]
            if len(own.members) > 1:
                continue
            report = self.reports[i]
            rank = PRECISION_ORDER.get(report.precision, 3)
            pool: Sequence[int]
            if report.when is None:
                # Any record may do: visit each once, through all its reports.
                pool = [k for root in sorted(self.groups) for k in self.groups[root].members]
            else:
                # Reports whose dates can be within the window of this one, and undated ones.
                slack = dt.timedelta(days=self.window)
                low = bisect_left(starts, report.when.start - slack - dt.timedelta(days=longest))
                high = bisect_right(starts, report.when.end + slack)
                pool = [*by_start[low:high], *undated]
            options: dict[int, str] = {}
            refused: set[int] = set()
            for k in pool:
                root = self.find(k)
                if root == self.find(i) or root in options or root in refused:
                    continue
                other = self.reports[k]
                # Only reports at least as precise can anchor it: a month-only report waits
                # for no undated one, which gets its own turn later.
                if PRECISION_ORDER.get(other.precision if other.when else None, 3) > rank:
                    continue
                found = self.compatible(report, other)
                if found is None or (report.when is None and found[1] <= 0):
                    continue  # an undated report needs something specific in common
                if self.blocked(own, self.groups[root]) is not None:
                    refused.add(root)
                    continue
                options[root] = found[0]
            date = (
                "no date"
                if report.when is None
                else f"a {report.when.days}-day range"
                if report.precision == "day"
                else f"only a {report.precision} date"
            )
            if len(options) == 1:
                root, shared = next(iter(options.items()))
                target = self.reports[min(self.groups[root].members)].fact_id
                self.join(
                    i,
                    root,
                    f"fact {report.fact_id} ({date}) joined the only compatible record "
                    f"(with fact {target}): {shared}",
                )
            elif len(options) > 1:
                others = sorted(self.reports[min(self.groups[r].members)].fact_id for r in options)
                own.notes.append(
                    f"fact {report.fact_id} ({date}) could belong to {len(options)} records "
                    f"(with facts {', '.join(map(str, others))}); kept apart"
                )

    def _when(self, i: int) -> Interval:
        when = self.reports[i].when
        assert when is not None
        return when


def _latest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else max(a, b)


def _earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else min(a, b)


def cluster_reports(
    reports: Sequence[Report[T]],
    compatible: Compatible[T],
    *,
    window_days: int,
    must: Mapping[tuple[int, int], LinkConstraint] | None = None,
    cannot: Mapping[tuple[int, int], LinkConstraint] | None = None,
) -> list[Cluster[T]]:
    """Cluster one block of reports (see the module docstring); clusters in fact-id order."""
    return _Clusterer(reports, compatible, window_days, must or {}, cannot or {}).run()
