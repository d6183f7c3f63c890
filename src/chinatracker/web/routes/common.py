"""Small conversions shared by the route modules."""

from __future__ import annotations

from chinatracker.publish.cells import safe_cell
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


def csv_cell(value: object) -> str:
    """A CSV cell as text a spreadsheet will not run as a formula (`publish/cells.py`)."""
    return safe_cell("" if value is None else str(value))
