"""Resolve: normalise countries and actors, and merge reports of the same delivery or event.

Pure functions over typed records (`merge_aid`, `merge_events`); `resolve.runner` reads facts
and analysts' link constraints from the store, merges, and writes canonical records back in one
transaction. See docs/resolve.md for the merge policy and the quality score.
"""

from chinatracker.resolve.aid import merge_aid, normalise_aid, split_by_recipient
from chinatracker.resolve.events import merge_events, normalise_event
from chinatracker.resolve.records import (
    AidFact,
    CanonicalAid,
    CanonicalEvent,
    ConflictValue,
    DocumentInfo,
    EventFact,
    LinkConstraint,
    Member,
    MergePolicy,
)

__all__ = [
    "AidFact",
    "CanonicalAid",
    "CanonicalEvent",
    "ConflictValue",
    "DocumentInfo",
    "EventFact",
    "LinkConstraint",
    "Member",
    "MergePolicy",
    "merge_aid",
    "merge_events",
    "normalise_aid",
    "normalise_event",
    "split_by_recipient",
]
