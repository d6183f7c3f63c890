"""Merging one field across the facts of a canonical record: a chosen value and conflicts.

Values that disagree are never dropped: the chosen value is the one most facts give (ties go
to the smallest value, so sums stay conservative), and every value is listed with the facts
that gave it under `conflicts[field]`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from chinatracker.records import DateSpan
from chinatracker.resolve.dates import interval, span_text
from chinatracker.resolve.records import ConflictValue

V = TypeVar("V", str, float)


def choose(values: Sequence[tuple[V, int]]) -> tuple[V | None, tuple[ConflictValue, ...]]:
    """The most supported value and, when facts disagree, all values with their facts."""
    support: dict[V, list[int]] = defaultdict(list)
    for value, fact_id in values:
        if fact_id not in support[value]:
            support[value].append(fact_id)
    if not support:
        return None, ()
    ranked = sorted(support.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    chosen = ranked[0][0]
    if len(ranked) == 1:
        return chosen, ()
    conflict = tuple(ConflictValue(value=_render(v), fact_ids=tuple(sorted(f))) for v, f in ranked)
    return chosen, conflict


def choose_number(
    values: Sequence[tuple[float, int]], tolerance: float
) -> tuple[float | None, tuple[ConflictValue, ...]]:
    """Like `choose`, but numbers within `tolerance` (relative) of each other agree."""
    groups: list[tuple[float, list[int]]] = []
    for value, fact_id in sorted(values):
        for group_value, facts in groups:
            if abs(value - group_value) <= tolerance * max(abs(value), abs(group_value)):
                facts.append(fact_id)
                break
        else:
            groups.append((value, [fact_id]))
    if not groups:
        return None, ()
    ranked = sorted(groups, key=lambda g: (-len(set(g[1])), g[0]))
    if len(ranked) == 1:
        return ranked[0][0], ()
    conflict = tuple(
        ConflictValue(value=_render(v), fact_ids=tuple(sorted(set(f)))) for v, f in ranked
    )
    return ranked[0][0], conflict


def choose_date(
    values: Sequence[tuple[DateSpan, int]],
) -> tuple[DateSpan | None, tuple[ConflictValue, ...]]:
    """The narrowest of the most precise dates; a conflict when two day-precise dates differ.

    "4 June" and "2-5 June" agree (one contains the other) and give "4 June"; "June" agrees
    with both. "16 March" and "18 March" disagree: the record keeps the better supported one
    and lists both.
    """
    if not values:
        return None, ()
    rank = {"day": 0, "month": 1, "year": 2}
    best_precision = min(rank[span.precision] for span, _ in values)
    best = [(span, f) for span, f in values if rank[span.precision] == best_precision]
    support: dict[DateSpan, list[int]] = defaultdict(list)
    for span, fact_id in best:
        key = DateSpan(start=span.start, end=span.end, precision=span.precision)
        support[key].append(fact_id)

    def order(item: tuple[DateSpan, list[int]]) -> tuple[int, int, str]:
        found = interval(item[0])
        assert found is not None
        return (found.days, -len(item[1]), item[0].start.isoformat())

    ranked = sorted(support.items(), key=order)
    chosen = ranked[0][0]
    spans = [interval(span) for span, _ in ranked]
    disagree = any(
        not (a.contains(b) or b.contains(a))
        for i, a in enumerate(spans)
        for b in spans[i + 1 :]
        if a is not None and b is not None
    )
    if not disagree:
        return chosen, ()
    by_text: dict[str, set[int]] = defaultdict(set)
    for span, facts in ranked:
        by_text[span_text(span)].update(facts)
    conflict = tuple(
        ConflictValue(value=text, fact_ids=tuple(sorted(facts))) for text, facts in by_text.items()
    )
    return chosen, conflict


def _render(value: str | float) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return value
