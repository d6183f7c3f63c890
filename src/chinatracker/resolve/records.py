"""Typed records of the resolve stage: facts going in, canonical records coming out.

Resolve reads `AidFact` and `EventFact` (a stored fact's record, its id, its document and its
review status) plus analysts' `LinkConstraint`s, and returns `CanonicalAid` and
`CanonicalEvent` records: one per real-world delivery (per recipient country) or event, each
listing every fact and document behind it, why they were merged, and where they disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from chinatracker.records import (
    AidDelivery,
    Channel,
    DateSpan,
    Event,
    InstitutionType,
    Item,
    Mode,
    Record,
    ReviewStatus,
    Status,
)

LinkKind = Literal["must_link", "cannot_link"]


class DocumentInfo(Record):
    """What resolve and analysis need to know about a source document (never its text)."""

    id: int
    path: str
    locator: str | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: dt.date | None = None
    content_hash: str | None = None
    official: bool = False
    # The body's first sentence, shown where a document has no title.
    first_sentence: str | None = None
    # The story this document is a copy of (the id of its first stored copy), if any.
    story_id: int | None = None
    # Later copies of this document's story at other addresses: "publisher: title" each.
    copies: tuple[str, ...] = ()

    @property
    def source_key(self) -> str:
        """Who stands behind the document: its publisher, or the document itself if unknown.

        Two stories of one wire service are one source, not two corroborating ones; copies of
        one story are filtered before this (only the story's first copy makes facts that
        resolve sees, the others ride along in `copies`).
        """
        if self.publisher and self.publisher.strip():
            return "publisher:" + " ".join(self.publisher.casefold().split())
        return f"document:{self.id}"

    @property
    def label(self) -> str:
        return f"{self.path} ({self.locator})" if self.locator else self.path


class AidFact(Record):
    """One stored aid fact as resolve sees it (corrected values already applied by review)."""

    fact_id: int
    record: AidDelivery
    document: DocumentInfo
    review_status: ReviewStatus = "pending"


class EventFact(Record):
    """One stored event fact as resolve sees it."""

    fact_id: int
    record: Event
    document: DocumentInfo
    review_status: ReviewStatus = "pending"


class LinkConstraint(Record):
    """An analyst's decision that two facts are (must_link) or are not (cannot_link) the same.

    For aid, `country` limits the decision to the reports of one recipient country (a
    20-country airlift fact may be the same as a handover in Zimbabwe only for ZWE); None
    applies it to every recipient the two facts share.
    """

    kind: LinkKind
    fact_a: int
    fact_b: int
    country: str | None = None
    actor: str = "analyst"
    reason: str = ""
    at: dt.datetime | None = None
    id: int | None = None

    def pair(self) -> tuple[int, int]:
        return (min(self.fact_a, self.fact_b), max(self.fact_a, self.fact_b))


class Member(Record):
    """One fact inside a canonical record."""

    fact_id: int
    document_id: int
    confidence: float = 1.0
    review_status: ReviewStatus = "pending"


class ConflictValue(Record):
    """One of several values members gave for a field, and who gave it."""

    value: str
    fact_ids: tuple[int, ...]


Conflicts = dict[str, tuple[ConflictValue, ...]]


class CanonicalAid(Record):
    """One real-world delivery (or pledge, or sale) to one recipient, from every source.

    `quantities` and `value` come only from facts about this recipient alone: a figure given
    for a multi-country batch is a total, not this country's share (see docs/resolve.md).
    `batch_countries` is the largest number of recipient countries of a member fact, so a part
    of a 20-country airlift says so.
    """

    id: str
    donor_channel: Channel
    donor_country: str | None
    donor_names: tuple[str, ...] = ()
    recipient_country: str | None
    recipient_label: str
    recipient_names: tuple[str, ...] = ()
    institution_type: InstitutionType = "unknown"
    items: tuple[Item, ...] = ()
    quantities: dict[str, float] = Field(default_factory=dict)
    value_amount: float | None = None
    value_currency: str | None = None
    date: DateSpan | None = None
    mode: Mode = "donation"
    status: Status = "delivered"
    batch_countries: int = 1
    members: tuple[Member, ...]
    sources: tuple[DocumentInfo, ...]
    explanation: str
    conflicts: Conflicts = Field(default_factory=dict)
    corroboration: int = 1
    quality: float = 0.0
    confidence: float = 1.0
    reviewed: bool = False

    @property
    def fact_ids(self) -> tuple[int, ...]:
        return tuple(m.fact_id for m in self.members)

    @property
    def document_ids(self) -> tuple[int, ...]:
        return tuple(d.id for d in self.sources)

    @property
    def official(self) -> bool:
        return any(d.official for d in self.sources)

    @property
    def pledged(self) -> bool:
        return self.mode == "pledge" or self.status == "pledged"

    @property
    def reference_date(self) -> dt.date | None:
        """The date figures are answered for: the delivery date, else the first publication.

        A report cannot precede what it reports, so the earliest publication date bounds an
        undated delivery from above; that is the best date we have for "BRI member then?".
        """
        if self.date is not None:
            return self.date.start
        published = [d.published for d in self.sources if d.published is not None]
        return min(published) if published else None


class CanonicalEvent(Record):
    """One real-world security event, from every source that reports it."""

    id: str
    category: str
    title: str
    summary: str
    date: DateSpan | None = None
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    quantities: dict[str, float] = Field(default_factory=dict)
    members: tuple[Member, ...]
    sources: tuple[DocumentInfo, ...]
    explanation: str
    conflicts: Conflicts = Field(default_factory=dict)
    corroboration: int = 1
    quality: float = 0.0
    confidence: float = 1.0
    reviewed: bool = False

    @property
    def fact_ids(self) -> tuple[int, ...]:
        return tuple(m.fact_id for m in self.members)

    @property
    def document_ids(self) -> tuple[int, ...]:
        return tuple(d.id for d in self.sources)

    @property
    def official(self) -> bool:
        return any(d.official for d in self.sources)

    @property
    def reference_date(self) -> dt.date | None:
        if self.date is not None:
            return self.date.start
        published = [d.published for d in self.sources if d.published is not None]
        return min(published) if published else None


@dataclass(frozen=True)
class MergePolicy:
    """The knobs of merging; the defaults are the documented policy (docs/resolve.md).

    `window_days`: two day-precise reports match when their date ranges are at most this many
    days apart. Deliveries are reported on arrival, at a handover ceremony or a day or two
    later; two consignments a week apart (Korea, 16 and 23 March 2020) are two deliveries.
    """

    window_days: int = 3
    unknown_channel_matches: bool = True
    quantity_tolerance: float = 0.01
    event_country_overlap: float = 0.5
    event_title_overlap: float = 0.4
