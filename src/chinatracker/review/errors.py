"""What can go wrong in a review, as sentences the analyst can act on."""

from __future__ import annotations

from chinatracker.errors import TrackerError


class ReviewError(TrackerError):
    """A review decision that cannot be applied as asked (a bad value, a missing reason)."""


class PermissionDenied(ReviewError):
    """The actor's role does not allow this."""


class NotFound(ReviewError):
    """The fact, record or document does not exist (any more)."""


class StaleEdit(ReviewError):
    """Someone changed the fact after the analyst opened it; their edit would undo that."""
