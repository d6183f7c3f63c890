"""The database schema as SQLAlchemy 2 typed models.

Facts share one `facts` table (id, kind, document, review status, confidence, date) so that
review, audit and evidence can point at any fact; each kind keeps its own fields in a table
keyed by `fact_id`. The same models run on SQLite and PostgreSQL; Alembic migrations in
`store/migrations/` are the source of truth for the live schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSONType, list[Any]: JSONType}


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    raw_hash: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(Text)
    locator: Mapped[str | None] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(20))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_from: Mapped[str] = mapped_column(String(20), default="unknown")
    language: Mapped[str | None] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    # The text as read, when the clean view `text` differs from it (sources/cleaning.py).
    raw_text: Mapped[str | None] = mapped_column(Text)
    # The first stored copy of this document's near-duplicate story (sources/stories.py).
    story_id: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IngestErrorRow(Base):
    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    locator: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    severity: Mapped[str] = mapped_column(String(10), default="error")
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExtractionRunRow(Base):
    __tablename__ = "extraction_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    extractor_version: Mapped[str] = mapped_column(String(100), index=True)
    engine: Mapped[str] = mapped_column(String(20), default="local")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="running")
    documents: Mapped[int] = mapped_column(Integer, default=0)
    facts: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class DocumentExtractionRow(Base):
    """Which documents an extractor version has processed: the key to resumable runs."""

    __tablename__ = "document_extractions"
    __table_args__ = (UniqueConstraint("content_hash", "extractor_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(100))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))
    status: Mapped[str] = mapped_column(String(20), default="done")
    error: Mapped[str | None] = mapped_column(Text)
    facts: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FactRow(Base):
    __tablename__ = "facts"
    __table_args__ = (
        Index("ix_facts_kind_date", "kind", "date_start"),
        Index("ix_facts_kind_status", "kind", "review_status"),
        # The dashboard's counts and timeline read only this index (store/dashboard.py).
        Index("ix_facts_dashboard", "current", "kind", "date_start", "review_status", "confidence"),
        # Its pages walk this one, newest first, and stop after a page.
        Index("ix_facts_current_date", "current", "date_start", "id"),
        # Pages filtered by category or channel walk this one (migration 0005).
        Index(
            "ix_facts_topic_date",
            "current",
            "topic",
            "date_start",
            "id",
            "kind",
            "review_status",
            "confidence",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))
    extractor_version: Mapped[str] = mapped_column(String(100))
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    review_status: Mapped[str] = mapped_column(String(12), default="pending")
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    # The event's category or the aid delivery's donor channel, copied in by database triggers
    # (migration 0004) so the dashboard tallies can key on it; nothing writes it directly.
    topic: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    evidence: Mapped[list[EvidenceRow]] = relationship(
        back_populates="fact", cascade="all, delete-orphan", order_by="EvidenceRow.start"
    )
    aid: Mapped[AidDeliveryRow | None] = relationship(cascade="all, delete-orphan")
    recipients: Mapped[list[AidRecipientRow]] = relationship(
        cascade="all, delete-orphan", order_by="AidRecipientRow.position"
    )
    items: Mapped[list[AidItemRow]] = relationship(
        cascade="all, delete-orphan", order_by="AidItemRow.position"
    )
    event: Mapped[EventRow | None] = relationship(cascade="all, delete-orphan")
    event_countries: Mapped[list[EventCountryRow]] = relationship(cascade="all, delete-orphan")
    event_actors: Mapped[list[EventActorRow]] = relationship(
        cascade="all, delete-orphan", order_by="EventActorRow.id"
    )
    event_quantities: Mapped[list[EventQuantityRow]] = relationship(
        cascade="all, delete-orphan", order_by="EventQuantityRow.id"
    )
    entity: Mapped[EntityRow | None] = relationship(cascade="all, delete-orphan")
    quantity: Mapped[QuantityRow | None] = relationship(cascade="all, delete-orphan")
    quote: Mapped[QuoteRow | None] = relationship(cascade="all, delete-orphan")
    claim: Mapped[ClaimRow | None] = relationship(cascade="all, delete-orphan")


class EvidenceRow(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)

    fact: Mapped[FactRow] = relationship(back_populates="evidence")


class AidDeliveryRow(Base):
    __tablename__ = "aid_deliveries"
    __table_args__ = (Index("ix_aid_deliveries_channel_fact", "donor_channel", "fact_id"),)

    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    )
    donor_name: Mapped[str] = mapped_column(Text)
    donor_country: Mapped[str | None] = mapped_column(String(3), index=True)
    donor_channel: Mapped[str] = mapped_column(String(12), index=True)
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    value_amount: Mapped[float | None] = mapped_column(Float)
    value_currency: Mapped[str | None] = mapped_column(String(3))


class AidRecipientRow(Base):
    __tablename__ = "aid_recipients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    region: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str | None] = mapped_column(Text)
    institution_type: Mapped[str] = mapped_column(String(20))


class AidItemRow(Base):
    __tablename__ = "aid_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(20), index=True)
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_category_fact", "category", "fact_id"),)

    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    # current news or a recalled earlier event (migration 0008)
    status: Mapped[str] = mapped_column(String(12), default="current", server_default="current")


class EventCountryRow(Base):
    __tablename__ = "event_countries"

    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)


class FactPlaceRow(Base):
    """Each aid delivery's recipient countries and each event's countries, with the fact's
    filter fields copied in: the dashboard's map and place filters read one index of this table
    instead of joining a million rows to `facts`.

    Database triggers (migration 0001, with the topic since 0004) keep it equal to
    (aid_recipients ∪ event_countries) ⋈ facts whoever writes, extraction, review or resolve;
    nothing writes it directly. Its own triggers keep the place tallies (FactTallyRow).
    """

    __tablename__ = "fact_places"
    __table_args__ = (
        Index(
            "ix_fact_places_map",
            "current",
            "kind",
            "date_start",
            "country",
            "review_status",
            "confidence",
            "fact_id",
        ),
        # Country first: place filters seek by country, and the map groups by country in index
        # order (a skip-scan over the few countries) instead of sorting a million rows.
        Index(
            "ix_fact_places_country",
            "country",
            "current",
            "kind",
            "date_start",
            "review_status",
            "confidence",
            "fact_id",
        ),
        # Pages filtered by place, with or without a category or channel (migration 0005).
        Index(
            "ix_fact_places_topic",
            "country",
            "current",
            "topic",
            "date_start",
            "fact_id",
            "kind",
            "review_status",
            "confidence",
        ),
        {"sqlite_with_rowid": False},
    )

    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(3), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    current: Mapped[bool] = mapped_column(Boolean)
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    review_status: Mapped[str] = mapped_column(String(12))
    confidence: Mapped[float] = mapped_column(Float)
    topic: Mapped[str | None] = mapped_column(String(40))


class CountryAreaRow(Base):
    """The UN regions, sub-regions and intermediate regions each country lies in (reference
    data as of migration 0004): what the database triggers need to count a fact once per region."""

    __tablename__ = "country_areas"
    __table_args__ = (Index("ix_country_areas_country", "country", "area"),)

    area: Mapped[str] = mapped_column(String(64), primary_key=True)
    country: Mapped[str] = mapped_column(String(3), primary_key=True)


ANY_TOPIC = ANY_STATUS = ANY_MONTH = "*"
ANY_TENTH = 99


class FactTallyRow(Base):
    """How many current facts share a dashboard key, kept by database triggers (migration 0004).

    scope 'all' counts every fact (area ''); 'country' counts facts by each of their countries
    (area = ISO3), as the map does; 'region' counts a fact once per region it touches (area = the
    region's name). month is 'YYYY-MM' or '' when undated, topic the event category or donor
    channel or '', confidence_tenth the largest t with confidence >= t/10 (-1 below zero).
    Each fact is also counted in roll-ups where topic, or review status and confidence, or all
    three read "any" (ANY_TOPIC, ANY_STATUS, ANY_TENTH), for filters that leave them open, and
    each of those again under month ANY_MONTH, every month and none (migration 0007), for
    dashboards without a period. Rows may hold zero once their facts are gone.
    """

    __tablename__ = "fact_tallies"
    __table_args__ = (
        Index(
            "ix_fact_tallies_area",
            "scope",
            "area",
            "topic",
            "review_status",
            "kind",
            "month",
            "confidence_tenth",
            "facts",
        ),
        {"sqlite_with_rowid": False},
    )

    # Key order = the map's reading order: one level and period, every country.
    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40), primary_key=True)
    review_status: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    area: Mapped[str] = mapped_column(String(64), primary_key=True)
    confidence_tenth: Mapped[int] = mapped_column(Integer, primary_key=True)
    facts: Mapped[int] = mapped_column(Integer)


class EventActorRow(Base):
    __tablename__ = "event_actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3))
    type: Mapped[str] = mapped_column(String(30))


class EventQuantityRow(Base):
    __tablename__ = "event_quantities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)


class EntityRow(Base):
    __tablename__ = "entities"

    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16), index=True)
    canonical: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    actor_id: Mapped[str | None] = mapped_column(String(60))
    role: Mapped[str | None] = mapped_column(Text)
    # The part the country plays where it is named (extract/country_roles.py); migration 0011.
    country_role: Mapped[str | None] = mapped_column(String(16))


class QuantityRow(Base):
    __tablename__ = "quantities"

    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str | None] = mapped_column(String(3))
    text: Mapped[str] = mapped_column(Text)


class QuoteRow(Base):
    __tablename__ = "quotes"

    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    )
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_role: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class ClaimRow(Base):
    __tablename__ = "claims"

    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), index=True)
    text: Mapped[str] = mapped_column(Text)
    countries: Mapped[list[Any]] = mapped_column(default=list)


class AuditRow(Base):
    """Append-only log of every change to a fact; database triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(30))
    fact_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column()
    after: Mapped[dict[str, Any] | None] = mapped_column()
    reason: Mapped[str | None] = mapped_column(Text)


class ReviewExampleRow(Base):
    """An analyst's decision on one evidence span, kept as a labelled example for training
    (migration 0009): `label` is the event category or fact kind the span shows, or `none`."""

    __tablename__ = "review_examples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(Integer, index=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(40))
    status: Mapped[str | None] = mapped_column(String(12))
    action: Mapped[str] = mapped_column(String(12))
    actor: Mapped[str] = mapped_column(String(80))
    extractor_version: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# Resolve: analysts' link constraints and the canonical records rebuilt from facts ------------


class LinkConstraintRow(Base):
    """An analyst's must_link / cannot_link between two facts; resolve honours it every run.

    Fact ids are plain integers, not foreign keys: a decision is history and is kept even when
    re-extraction replaces a fact (resolve then reports the constraint as stale).
    """

    __tablename__ = "link_constraints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    fact_a: Mapped[int] = mapped_column(Integer, index=True)
    fact_b: Mapped[int] = mapped_column(Integer, index=True)
    country: Mapped[str | None] = mapped_column(String(3))
    actor: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ResolveRunRow(Base):
    """One run of resolve; `fingerprint` hashes the facts and constraints it read."""

    __tablename__ = "resolve_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolver_version: Mapped[str] = mapped_column(String(40))
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    aid_facts: Mapped[int] = mapped_column(Integer, default=0)
    event_facts: Mapped[int] = mapped_column(Integer, default=0)
    aid_records: Mapped[int] = mapped_column(Integer, default=0)
    event_records: Mapped[int] = mapped_column(Integer, default=0)
    constraints: Mapped[int] = mapped_column(Integer, default=0)
    policy: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CanonicalAidRow(Base):
    """One real-world delivery to one recipient, merged from every fact that reports it."""

    __tablename__ = "canonical_aid"
    __table_args__ = (
        Index("ix_canonical_aid_channel_country", "donor_channel", "recipient_country"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("resolve_runs.id", ondelete="SET NULL"))
    donor_channel: Mapped[str] = mapped_column(String(12))
    donor_country: Mapped[str | None] = mapped_column(String(3))
    donor_names: Mapped[list[Any]] = mapped_column(default=list)
    recipient_country: Mapped[str | None] = mapped_column(String(3), index=True)
    recipient_label: Mapped[str] = mapped_column(Text)
    recipient_names: Mapped[list[Any]] = mapped_column(default=list)
    institution_type: Mapped[str] = mapped_column(String(20))
    items: Mapped[list[Any]] = mapped_column(default=list)
    quantities: Mapped[dict[str, Any]] = mapped_column(default=dict)
    value_amount: Mapped[float | None] = mapped_column(Float)
    value_currency: Mapped[str | None] = mapped_column(String(3))
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    batch_countries: Mapped[int] = mapped_column(Integer, default=1)
    sources: Mapped[list[Any]] = mapped_column(default=list)
    documents: Mapped[int] = mapped_column(Integer, default=1)
    corroboration: Mapped[int] = mapped_column(Integer, default=1)
    official: Mapped[bool] = mapped_column(Boolean, default=False)
    quality: Mapped[float] = mapped_column(Float, default=0.0)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    explanation: Mapped[str] = mapped_column(Text)
    conflicts: Mapped[dict[str, Any]] = mapped_column(default=dict)

    members: Mapped[list[CanonicalAidMemberRow]] = relationship(
        cascade="all, delete-orphan", order_by="CanonicalAidMemberRow.fact_id"
    )


class CanonicalAidMemberRow(Base):
    """Which facts a canonical aid record rests on (a fact may back several countries' records)."""

    __tablename__ = "canonical_aid_members"

    canonical_id: Mapped[str] = mapped_column(
        ForeignKey("canonical_aid.id", ondelete="CASCADE"), primary_key=True
    )
    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    review_status: Mapped[str] = mapped_column(String(12), default="pending")


class CanonicalEventRow(Base):
    """One real-world security event, merged from every fact that reports it."""

    __tablename__ = "canonical_events"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("resolve_runs.id", ondelete="SET NULL"))
    category: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    countries: Mapped[list[Any]] = mapped_column(default=list)
    actors: Mapped[list[Any]] = mapped_column(default=list)
    quantities: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sources: Mapped[list[Any]] = mapped_column(default=list)
    documents: Mapped[int] = mapped_column(Integer, default=1)
    corroboration: Mapped[int] = mapped_column(Integer, default=1)
    official: Mapped[bool] = mapped_column(Boolean, default=False)
    quality: Mapped[float] = mapped_column(Float, default=0.0)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    explanation: Mapped[str] = mapped_column(Text)
    conflicts: Mapped[dict[str, Any]] = mapped_column(default=dict)

    members: Mapped[list[CanonicalEventMemberRow]] = relationship(
        cascade="all, delete-orphan", order_by="CanonicalEventMemberRow.fact_id"
    )


class CanonicalEventMemberRow(Base):
    __tablename__ = "canonical_event_members"

    canonical_id: Mapped[str] = mapped_column(
        ForeignKey("canonical_events.id", ondelete="CASCADE"), primary_key=True
    )
    fact_id: Mapped[int] = mapped_column(
        ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    review_status: Mapped[str] = mapped_column(String(12), default="pending")
