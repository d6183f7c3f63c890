"""The export contract: the shape of every record `chinatracker export` writes.

These models are the single definition of the open-data format: exports are built through them
(so a record that breaks the contract fails loudly here, not in a user's pipeline), and the JSON
Schema and codebook are generated from them.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from chinatracker.records import Channel, EntityType, InstitutionType, Item, Mode, Precision, Status


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentRef(Contract):
    id: int
    path: str = Field(description="The path or URL as ingested.")
    title: str | None
    published: dt.date | None
    url: str | None


class EvidenceOut(Contract):
    document_id: int
    start: int = Field(
        description="Character offset where the evidence starts in the document text."
    )
    end: int = Field(description="Character offset where it ends (exclusive).")
    quote: str


class DateOut(Contract):
    start: dt.date
    end: dt.date | None
    precision: Precision


class DonorOut(Contract):
    name: str
    country: str | None = Field(description="ISO 3166-1 alpha-3.")
    channel: Channel


class RecipientOut(Contract):
    country: str | None = Field(description="ISO 3166-1 alpha-3, or null for a region or body.")
    region: str | None
    name: str | None
    institution_type: InstitutionType


class ItemOut(Contract):
    item: Item
    quantity: float | None
    unit: str | None
    text: str


class ValueOut(Contract):
    amount: float
    currency: str = Field(description="ISO 4217.")


class AidOut(Contract):
    id: int
    document: DocumentRef
    donor: DonorOut
    recipients: list[RecipientOut]
    items: list[ItemOut]
    value: ValueOut | None
    date: DateOut | None
    mode: Mode
    status: Status
    evidence: list[EvidenceOut]
    confidence: float


class ActorOut(Contract):
    name: str
    country: str | None
    type: str


class QuantityOut(Contract):
    value: float
    unit: str
    text: str


class EventOut(Contract):
    id: int
    category: str = Field(description="A code of the tracker taxonomy.")
    title: str
    summary: str
    date: DateOut | None
    countries: list[str]
    actors: list[ActorOut]
    quantities: list[QuantityOut]
    document: DocumentRef
    evidence: list[EvidenceOut]
    confidence: float


class EntityOut(Contract):
    id: int
    document: DocumentRef
    text: str
    type: EntityType
    canonical: str
    country: str | None = Field(description="ISO3 of the country the entity belongs to, or null.")
    evidence: list[EvidenceOut]
