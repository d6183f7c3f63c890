"""Review: analysts' decisions on facts and canonical records, each written to the audit log.

Service functions take a `Store` and an `Actor` (who acts, with which role), check the role,
change the facts in one transaction, and append to `audit_log` who did what, when, the values
before and after, and why. Nothing here knows about the web: the app and the CLI call these.

- `roles`: viewer, analyst, admin, and what each may do.
- `facts`: a fact as a reviewer sees it; `actions`: accept, correct any field, reject.
- `records`: merge two canonical records or split a wrong merge (link constraints + resolve).
- `queue`: what to review first; `audit`: the history of a fact or record.
"""

from chinatracker.review.actions import accept_fact, correct_fact, reject_fact
from chinatracker.review.errors import NotFound, PermissionDenied, ReviewError, StaleEdit
from chinatracker.review.records import merge_records, split_record
from chinatracker.review.roles import ROLES, Actor, Permission, Role

__all__ = [
    "ROLES",
    "Actor",
    "NotFound",
    "Permission",
    "PermissionDenied",
    "ReviewError",
    "Role",
    "StaleEdit",
    "accept_fact",
    "correct_fact",
    "merge_records",
    "reject_fact",
    "split_record",
]
