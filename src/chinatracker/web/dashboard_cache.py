"""The dashboard's aggregates and row summaries, kept between requests while the data is the same.

Under load the dashboard was the page that saturated the server: per view, 10 ms of aggregate
queries and 25 ms loading every listed fact in full (with its evidence) only to print a one-line
summary of each. Both are now cached, per worker process:

- **aggregates** (`store.dashboard.dashboard`) per filter set and page, valid while the store's
  `fingerprint` is unchanged: the facts' count and highest id (extraction adds and replaces
  facts, deleting a document removes them) and the latest audit entry (every review decision
  writes one). Three index lookups instead of the whole query set.
- **summaries** per fact id and `updated_at` (a review edit changes `updated_at` in place), so an
  edited fact is described afresh and the rest are not loaded at all.

The fingerprint doubles as the dashboard API's ETag (see `routes/dashboard.py`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chinatracker.review.facts import fact_views
from chinatracker.store.dashboard import Dashboard, DashboardFilters
from chinatracker.store.dashboard import dashboard as load_dashboard
from chinatracker.store.models import AuditRow, FactRow

K = TypeVar("K")
V = TypeVar("V")
Fingerprint = tuple[int, int, int]


class _Lru(Generic[K, V]):
    """A bounded, thread-safe mapping that forgets the least recently used entry."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def fingerprint(session: Session) -> Fingerprint:
    """Changes whenever what the dashboard counts can have changed (module docstring)."""
    count, highest = session.execute(select(func.count(), func.max(FactRow.id))).one()
    audit = session.scalar(select(func.max(AuditRow.id)))
    return int(count), int(highest or 0), int(audit or 0)


class DashboardCache:
    def __init__(self, views: int = 256, summaries: int = 50_000) -> None:
        self._views: _Lru[tuple[Fingerprint, str, int, int], Dashboard] = _Lru(views)
        self._summaries: _Lru[tuple[int, object], str] = _Lru(summaries)

    def dashboard(
        self, session: Session, filters: DashboardFilters, *, limit: int, offset: int
    ) -> tuple[Dashboard, Fingerprint]:
        """The view for these filters, and the fingerprint it is valid for."""
        stamp = fingerprint(session)
        key = (stamp, repr(filters), limit, offset)
        view = self._views.get(key)
        if view is None:
            view = load_dashboard(session, filters, limit=limit, offset=offset)
            self._views.put(key, view)
        return view, stamp

    def summaries(
        self,
        session: Session,
        fact_ids: Sequence[int],
        describe: Callable[[Session, Sequence[int]], dict[int, str]] | None = None,
    ) -> dict[int, str]:
        """One-line summaries of these facts, loading only those new or edited since."""
        if not fact_ids:
            return {}
        rows = session.execute(
            select(FactRow.id, FactRow.updated_at).where(FactRow.id.in_(set(fact_ids)))
        )
        stamps: dict[int, object] = {row[0]: row[1] for row in rows}
        found: dict[int, str] = {}
        missing = []
        for fact_id, stamp in stamps.items():
            summary = self._summaries.get((fact_id, stamp))
            if summary is None:
                missing.append(fact_id)
            else:
                found[fact_id] = summary
        if missing:
            fresh = (describe or _describe)(session, missing)
            for fact_id, summary in fresh.items():
                self._summaries.put((fact_id, stamps[fact_id]), summary)
            found.update(fresh)
        return found


def _describe(session: Session, fact_ids: Sequence[int]) -> dict[int, str]:
    return {fact_id: view.summary for fact_id, view in fact_views(session, fact_ids).items()}
