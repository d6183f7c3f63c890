"""Roles and what they allow: a viewer reads, an analyst reviews, an admin runs the place.

Each role includes the ones below it. The web app's public mode lets anonymous visitors
`browse` (dashboard, search, downloads) and nothing else.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from chinatracker.review.errors import PermissionDenied


class Role(enum.StrEnum):
    viewer = "viewer"
    analyst = "analyst"
    admin = "admin"


class Permission(enum.StrEnum):
    browse = "browse"  # dashboard, search, downloads
    read = "read"  # documents, facts, records, the audit trail
    review = "review"  # accept, correct, reject, merge, split
    admin = "admin"  # users and settings


ROLES = tuple(Role)
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.viewer: frozenset({Permission.browse, Permission.read}),
    Role.analyst: frozenset({Permission.browse, Permission.read, Permission.review}),
    Role.admin: frozenset(Permission),
}
PUBLIC = frozenset({Permission.browse})


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise PermissionDenied(f"unknown role {value!r}: use one of {names}") from None


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user name (written to the audit log) and their role."""

    name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]


def require(actor: Actor | None, permission: Permission) -> Actor:
    """The actor, if their role allows `permission`; else PermissionDenied."""
    if actor is None:
        raise PermissionDenied(f"sign in to {permission.value}")
    if not actor.can(permission):
        raise PermissionDenied(
            f"{actor.name} is a {actor.role.value} and may not {permission.value}"
        )
    return actor
