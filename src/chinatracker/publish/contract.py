"""The export contract: the shape of every record `chinatracker export` writes.

These models are the single definition of the open-data format: exports are built through them
(so a record that breaks the contract fails loudly here, not in a user's pipeline), and the JSON
Schema and codebook are generated from them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chinatracker.records import (
    Channel,
    CountryRole,
    EntityType,
    InstitutionType,
    Item,
    Mode,
    Precision,
    Status,
)


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
    reported: dt.date | None = Field(
        description="Publication date of the reporting document: kept beside `date` so an "
        "undated delivery can still be placed in time."
    )
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
    country_role: CountryRole | None = Field(
        default=None,
        description="The part that country plays where it is named: actor, location, donor, "
        "recipient, transit, origin, topic or affiliation (docs/countries.md); null when the "
        "entity has no country.",
    )
    evidence: list[EvidenceOut]


# Canonical records, documents and sources ---------------------------------------------------
# The datasets analysts count from: one record per real-world delivery (per recipient country)
# or event, merged from every report of it (docs/resolve.md), with the documents behind it.


class SourceDocumentOut(Contract):
    id: int = Field(description="Document id (the `documents` dataset).")
    title: str | None = Field(description="Headline or title of the document.")
    publisher: str | None = Field(description="Publisher as recorded at ingestion.")
    url: str | None = Field(description="Link to the published document, when known.")
    published: dt.date | None = Field(description="Publication date.")
    official: bool = Field(
        description="True when the source is official: a government, military or "
        "international-organisation domain or publisher (state media are not official)."
    )


class ItemQuantityOut(Contract):
    item: Item = Field(description="Item code (vocabulary `item`).")
    quantity: float = Field(description="How many, for this recipient alone.")


class ConflictValueOut(Contract):
    value: str = Field(description="One value that reports gave.")
    fact_ids: list[int] = Field(description="The facts that gave it.")


class ConflictOut(Contract):
    field: str = Field(description="The field the reports disagree on.")
    values: list[ConflictValueOut] = Field(description="Every value given, with its facts.")


class RecordDonorOut(Contract):
    channel: Channel = Field(description="Donor channel (vocabulary `donor_channel`).")
    country: str | None = Field(description="ISO 3166-1 alpha-3 of the donor.")
    names: list[str] = Field(description="Donor names as the reports give them.")


class RecordRecipientOut(Contract):
    country: str | None = Field(
        description="ISO 3166-1 alpha-3; null for a region or international body."
    )
    label: str = Field(description="The recipient: country code, or the body's name.")
    names: list[str] = Field(description="Recipient names as the reports give them.")
    institution_type: InstitutionType = Field(
        description="Kind of recipient institution (vocabulary `institution_type`)."
    )
    un_region: str | None = Field(description="UN M49 region of the recipient country.")
    developing: bool | None = Field(
        description="UN M49 developing country (the reference's rule); null if unclassified."
    )
    bri_member: bool | None = Field(
        description="Belt and Road MoU in force on the record's reference date."
    )
    income_group: str | None = Field(
        description="World Bank income group on the record's reference date."
    )


class AidRecordOut(Contract):
    id: str = Field(
        description="Canonical record id: a hash of what makes the record itself, stable "
        "across re-runs on the same facts."
    )
    donor: RecordDonorOut
    recipient: RecordRecipientOut
    items: list[Item] = Field(description="Items delivered (vocabulary `item`).")
    quantities: list[ItemQuantityOut] = Field(
        description="Quantities reported for this recipient alone (a batch total is not split)."
    )
    value: ValueOut | None = Field(description="Value reported for this recipient alone.")
    date: DateOut | None = Field(description="Date of the delivery as reported.")
    reported: dt.date | None = Field(
        description="First publication date among its sources (an undated delivery keeps it)."
    )
    reference_date: dt.date | None = Field(
        description="The date figures use: the delivery date, else the first publication."
    )
    mode: Mode = Field(description="Terms (vocabulary `mode`).")
    status: Status = Field(description="Stage (vocabulary `status`).")
    batch_countries: int = Field(
        description="Recipient countries of the largest report behind the record (a 20-country "
        "airlift gives 20)."
    )
    corroboration: int = Field(description="Independent sources: distinct publishers.")
    official: bool = Field(description="At least one source is official.")
    quality: float = Field(description="Record health score, 0..1 (docs/resolve.md).")
    confidence: float = Field(description="Highest extraction confidence of its facts, 0..1.")
    reviewed: bool = Field(description="An analyst accepted or corrected one of its facts.")
    sources: list[SourceDocumentOut] = Field(description="Every document that reports it.")
    fact_ids: list[int] = Field(description="The extracted facts merged into the record.")
    explanation: str = Field(description="Why these reports were merged, in words.")
    conflicts: list[ConflictOut] = Field(description="Fields on which the reports disagree.")


class EventRecordOut(Contract):
    id: str = Field(description="Canonical record id (stable across re-runs on the same facts).")
    category: str = Field(description="Taxonomy category code (docs/codebook.md, Taxonomy).")
    section: str | None = Field(description="Taxonomy section of the category.")
    title: str = Field(description="Title of the event (from its first report).")
    summary: str = Field(description="Summary: the sentences that report it.")
    date: DateOut | None = Field(description="Date of the event as reported.")
    reference_date: dt.date | None = Field(
        description="The event date, else the first publication date."
    )
    countries: list[str] = Field(description="ISO3 codes of the countries involved.")
    actors: list[str] = Field(description="Actors named (registry names where known).")
    quantities: list[QuantityOut] = Field(description="Numbers reported with the event.")
    corroboration: int = Field(description="Independent sources: distinct publishers.")
    official: bool = Field(description="At least one source is official.")
    quality: float = Field(description="Record health score, 0..1 (docs/resolve.md).")
    confidence: float = Field(description="Highest extraction confidence of its facts, 0..1.")
    reviewed: bool = Field(description="An analyst accepted or corrected one of its facts.")
    sources: list[SourceDocumentOut] = Field(description="Every document that reports it.")
    fact_ids: list[int] = Field(description="The extracted facts merged into the record.")
    explanation: str = Field(description="Why these reports were merged, in words.")
    conflicts: list[ConflictOut] = Field(description="Fields on which the reports disagree.")


class FactCountsOut(Contract):
    aid: int = Field(description="Aid delivery facts.")
    event: int = Field(description="Event facts.")
    entity: int = Field(description="Entity mentions.")
    quantity: int = Field(description="Quantities.")
    quote: int = Field(description="Quotes.")
    claim: int = Field(description="Claims.")


class DocumentOut(Contract):
    id: int = Field(description="Document id, referenced by every fact and record.")
    path: str = Field(description="The path or URL as ingested.")
    locator: str | None = Field(description="Where in the file: 'line 3' of a JSONL, an item.")
    format: str = Field(description="Format read: txt, md, html, pdf, jsonl, rss, atom.")
    title: str | None = Field(description="Headline or title.")
    author: str | None = Field(description="Author as given in the metadata.")
    publisher: str | None = Field(description="Publisher as given in the metadata.")
    url: str | None = Field(description="Link to the published document.")
    published: dt.date | None = Field(description="Publication date.")
    published_from: str = Field(
        description="Where the date came from: metadata, filename or unknown."
    )
    language: str | None = Field(
        description="ISO 639-1 language detected; Chinese with its script (zh-Hans, zh-Hant)."
    )
    word_count: int = Field(description="Words in the text (the text itself is not exported).")
    content_hash: str = Field(description="SHA-256 of the normalised text (deduplication key).")
    facts: FactCountsOut = Field(description="Current facts extracted from the document.")


class SourceOut(Contract):
    record_kind: Literal["aid", "event"] = Field(description="Kind of canonical record.")
    record_id: str = Field(description="Canonical record id (aid-records or event-records).")
    document_id: int = Field(description="Document id (the documents dataset).")
    publisher: str | None = Field(description="Publisher of the document.")
    title: str | None = Field(description="Headline of the document.")
    url: str | None = Field(description="Link to the document.")
    published: dt.date | None = Field(description="Publication date.")
    official: bool = Field(description="The document is an official source.")
    fact_ids: list[int] = Field(description="Facts of the record extracted from this document.")
    quotes: list[str] = Field(description="The evidence: exact words of the document.")


# GeoJSON of countries --------------------------------------------------------------------------


class PolygonOut(Contract):
    type: Literal["Polygon"]
    coordinates: list[list[list[float]]] = Field(description="Rings of [lon, lat] (RFC 7946).")


class MultiPolygonOut(Contract):
    type: Literal["MultiPolygon"]
    coordinates: list[list[list[list[float]]]] = Field(description="Polygons of rings.")


class PointOut(Contract):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[lon, lat] of the reference point.")


class CountryPropertiesOut(Contract):
    iso3: str = Field(description="ISO 3166-1 alpha-3 (XKX for Kosovo).")
    name: str = Field(description="Usual English short name.")
    records: int = Field(description="Canonical records of the country.")
    record_ids: list[str] = Field(description="Their ids (aid-records or event-records).")
    documents: int = Field(description="Distinct source documents of those records.")
    by: dict[str, int] = Field(
        description="Records by donor channel (aid) or by taxonomy section (events)."
    )
    first_date: dt.date | None = Field(description="Earliest reference date of its records.")
    last_date: dt.date | None = Field(description="Latest reference date of its records.")
    point: bool = Field(
        description="True when the geometry is a point: the country is missing from the "
        "1:50m Natural Earth shapes."
    )


class CountryFeatureOut(Contract):
    type: Literal["Feature"]
    id: str = Field(description="ISO3 code.")
    geometry: PolygonOut | MultiPolygonOut | PointOut = Field(discriminator="type")
    properties: CountryPropertiesOut


class CountryCollectionOut(Contract):
    type: Literal["FeatureCollection"]
    name: str = Field(description="Which records are counted: aid recipients or event countries.")
    attribution: str = Field(description="Natural Earth (public domain), via world-atlas.")
    features: list[CountryFeatureOut]


# Release manifest ------------------------------------------------------------------------------


class ReleaseFileOut(Contract):
    path: str = Field(description="File name, relative to the release folder.")
    format: str = Field(description="csv, json, jsonl, geojson or parquet.")
    bytes: int
    sha256: str


class ReleaseDatasetOut(Contract):
    name: str
    description: str
    records: int
    schema_file: str = Field(description="JSON Schema of one record (schema/ folder).")
    files: list[ReleaseFileOut]


class ReleaseOut(Contract):
    title: str
    release_date: dt.date = Field(description="The day the release was exported.")
    generated_at: dt.datetime
    chinatracker_version: str
    extractor_versions: list[str] = Field(description="Extractor versions of the current facts.")
    resolver_version: str | None
    codebook: str = Field(description="The codebook describing every field (Markdown).")
    datasets: list[ReleaseDatasetOut]
