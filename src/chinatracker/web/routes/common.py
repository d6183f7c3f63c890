"""Small conversions shared by the route modules."""

from __future__ import annotations

from chinatracker.review.audit import AuditEntry
from chinatracker.web.schemas import AuditOut
from chinatracker.web.templating import audit_summary


def audit_out(entry: AuditEntry) -> AuditOut:
    return AuditOut(
        id=entry.id,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        fact_id=entry.fact_id,
        before=entry.before,
        after=entry.after,
        reason=entry.reason,
        summary=audit_summary(entry),
    )


def csv_cell(text: str) -> str:
    """A spreadsheet must not run a cell as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
