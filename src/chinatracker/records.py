"""Typed records that flow between the pipeline stages.

sources → `Document`; extract → `Extraction` (mentions, quantities, dates, aid deliveries, events,
quotes, claims), every fact carrying `Evidence`; the store converts these to rows at its edge and
back. Records are immutable so that a stage can never change what an earlier stage produced.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Channel = Literal["government", "military", "subnational", "soe", "private", "diaspora", "unknown"]
InstitutionType = Literal[
    "defense", "health", "government", "civil_society", "international_org", "other", "unknown"
]
Item = Literal[
    "masks",
    "respirators",
    "ppe",
    "protective_suits",
    "gowns",
    "face_shields",
    "gloves",
    "goggles",
    "test_kits",
    "ventilators",
    "thermometers",
    "medical_teams",
    "vaccines",
    "medicines",
    "medical_equipment",
    "funds",
    "other",
]
Mode = Literal["donation", "sale", "pledge", "loan"]
Status = Literal["pledged", "shipped", "delivered"]
Precision = Literal["day", "month", "year"]
EntityType = Literal["country", "place", "organization", "person"]
# The part a named country plays where it is named (docs/annotation.md, docs/countries.md).
CountryRole = Literal[
    "actor", "location", "donor", "recipient", "transit", "origin", "topic", "affiliation"
]
EventStatus = Literal["current", "background"]
ClaimKind = Literal["disinformation", "quality_complaint", "conditionality"]
FactKind = Literal["aid", "event", "entity", "quantity", "quote", "claim"]
ReviewStatus = Literal["pending", "accepted", "corrected", "rejected"]


class Record(BaseModel):
    """Base of every record: immutable, and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Document(Record):
    """One ingested document. `text` is the clean view evidence offsets point into; `raw_text`
    is the text as read, kept when cleaning changed it (`sources/cleaning.py` maps between them).
    """

    id: int | None = None
    path: str
    locator: str | None = None
    format: str
    url: str | None = None
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    published_from: Literal["metadata", "filename", "unknown"] = "unknown"
    language: str | None = None
    text: str
    raw_text: str | None = None
    content_hash: str
    raw_hash: str


class IngestProblem(Record):
    """Why an input could not be ingested (or was ingested with a caveat)."""

    source: str
    locator: str | None = None
    kind: str
    reason: str
    severity: Literal["error", "warning"] = "error"


class Evidence(Record):
    """The exact source span a fact rests on."""

    document_id: int | None = None
    start: int
    end: int
    quote: str


class DateSpan(Record):
    """A resolved date or range; `end` is None for a single date."""

    start: dt.date
    end: dt.date | None = None
    precision: Precision
    text: str = ""


class Quantity(Record):
    """A number with what it counts: a currency (ISO 4217), "percent", or a counted noun."""

    value: float
    unit: str
    currency: str | None = None
    text: str
    start: int = 0
    end: int = 0


class Mention(Record):
    """A resolved reference to a country, place, organisation or person in a document."""

    text: str
    type: EntityType
    canonical: str
    country: str | None = None
    actor_id: str | None = None
    role: str | None = None
    start: int
    end: int
    country_role: CountryRole | None = None


class Donor(Record):
    name: str
    country: str | None
    channel: Channel


class Recipient(Record):
    country: str | None
    region: str | None = None
    name: str | None = None
    institution_type: InstitutionType = "unknown"


class AidItem(Record):
    item: Item
    quantity: float | None = None
    unit: str | None = None
    text: str = ""


class Money(Record):
    amount: float
    currency: str


class AidDelivery(Record):
    """Who gave what to whom, how much, when, and on what terms."""

    donor: Donor
    recipients: tuple[Recipient, ...]
    items: tuple[AidItem, ...] = ()
    value: Money | None = None
    date: DateSpan | None = None
    mode: Mode = "donation"
    status: Status = "delivered"
    evidence: tuple[Evidence, ...]
    confidence: float = Field(ge=0.0, le=1.0)


class Actor(Record):
    name: str
    country: str | None = None
    type: str = "organization"


class EventQuantity(Record):
    value: float
    unit: str
    text: str


class Event(Record):
    """A security event in the tracker taxonomy (see reference/data/taxonomy.yaml).

    `status` says whether the document reports it as news (`current`) or recalls an earlier
    happening (`background`); reports and highlights are built from current events."""

    category: str
    title: str
    summary: str
    date: DateSpan | None = None
    countries: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    quantities: tuple[EventQuantity, ...] = ()
    evidence: tuple[Evidence, ...]
    confidence: float = Field(ge=0.0, le=1.0)
    status: EventStatus = "current"


class Quote(Record):
    speaker: str | None
    speaker_role: str | None = None
    text: str
    evidence: tuple[Evidence, ...]
    confidence: float = Field(ge=0.0, le=1.0)


class Claim(Record):
    """A claim of disinformation, a quality complaint, or a condition attached to aid."""

    kind: ClaimKind
    text: str
    countries: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...]
    confidence: float = Field(ge=0.0, le=1.0)


class Extraction(Record):
    """Everything one extractor version found in one document."""

    document_id: int | None
    extractor_version: str
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    aid: tuple[AidDelivery, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()

    @property
    def fact_count(self) -> int:
        return (
            len(self.mentions)
            + len(self.quantities)
            + len(self.aid)
            + len(self.events)
            + len(self.quotes)
            + len(self.claims)
        )
