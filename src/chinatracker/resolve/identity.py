"""Stable ids for canonical records.

An id is a hash of what makes the record itself (kind, channel, recipient, terms, date, the
documents behind it), not of database row numbers, so re-running resolve on the same facts
gives the same ids, and a new fact joining a record changes only that record's id.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

ID_LENGTH = 16


def stable_ids(keys: Sequence[tuple[str, int]]) -> list[str]:
    """One id per (identity text, tie-break number), in input order.

    Two records with the same identity text (rare: two undated records of the same documents)
    are told apart by their tie-break number (the smallest member fact id): the smaller keeps
    the bare hash, the others get "-2", "-3", ...
    """
    bare = [hashlib.sha1(text.encode("utf-8")).hexdigest()[:ID_LENGTH] for text, _ in keys]
    by_hash: dict[str, list[int]] = defaultdict(list)
    for position, value in enumerate(bare):
        by_hash[value].append(position)
    ids = list(bare)
    for value, positions in by_hash.items():
        ordered = sorted(positions, key=lambda p: (keys[p][1], p))
        for rank, position in enumerate(ordered[1:], start=2):
            ids[position] = f"{value}-{rank}"
    return ids
