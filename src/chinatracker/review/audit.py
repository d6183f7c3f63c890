"""The audit trail as reviewers read it: who changed what, when, from what to what, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chinatracker.store.models import AuditRow

ACTION_WORDS = {
    "accept": "accepted",
    "correct": "corrected",
    "reject": "rejected",
    "must_link": "linked",
    "cannot_link": "kept apart",
    "unlink": "withdrew a link on",
    "merge": "merged records of",
    "split": "split records of",
    "user_add": "added",
    "user_remove": "removed",
    "user_role": "changed the role of",
    "user_password": "reset the password of",
    "setting": "changed",
}


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    fact_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None

    @property
    def changes(self) -> list[Change]:
        """Field by field, for the actions that change values (correct, accept, reject)."""
        before, after = self.before or {}, self.after or {}
        if self.action not in ("correct", "accept", "reject"):
            return []
        return [
            Change(k, before.get(k), after.get(k)) for k in sorted(before.keys() | after.keys())
        ]

    @property
    def verb(self) -> str:
        return ACTION_WORDS.get(self.action, self.action.replace("_", " "))


def _entry(row: AuditRow) -> AuditEntry:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
    return AuditEntry(
        row.id, at, row.actor, row.action, row.fact_id, row.before, row.after, row.reason
    )


def audit_entries(
    session: Session,
    *,
    fact_ids: Sequence[int] | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEntry]:
    """Newest first; only those about `fact_ids`, by `actor` or of `action` when given."""
    query = select(AuditRow).order_by(AuditRow.id.desc())
    if fact_ids is not None:
        query = query.where(AuditRow.fact_id.in_(sorted(set(fact_ids))))
    if actor:
        query = query.where(AuditRow.actor == actor)
    if action:
        query = query.where(AuditRow.action == action)
    rows = session.scalars(query.limit(max(0, min(limit, 1000))).offset(max(0, offset)))
    return [_entry(row) for row in rows]
