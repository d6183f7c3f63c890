"""The JSON API's response and request models (and so its OpenAPI schema).

Facts of the export contract's kinds are given in the contract's own shape
(`publish.contract`: `AidOut`, `EventOut`, `EntityOut`) under `record`; every fact also has
its editable `fields` in the shape a correction names them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from chinatracker.publish.contract import AidOut, DocumentRef, EntityOut, EventOut, EvidenceOut
from chinatracker.resolve.records import CanonicalAid, CanonicalEvent

T = TypeVar("T")


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Page(Out, Generic[T]):
    total: int = Field(description="How many items match in all.")
    limit: int
    offset: int
    items: list[T]


class AuditOut(Out):
    id: int
    at: dt.datetime
    actor: str
    action: str
    fact_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    summary: str = Field(description="The entry in one sentence.")


class RecordSummaryOut(Out):
    id: int = Field(description="The fact's id.")
    kind: str
    date: dt.date | None
    date_precision: str | None
    review_status: str
    confidence: float
    document_id: int
    label: str
    summary: str
    countries: list[str]


class MonthCountOut(Out):
    month: str
    kind: str
    facts: int


class DashboardOut(Out):
    filters: dict[str, Any]
    ignored: list[str] = Field(description="Filter values that could not be read.")
    total: int
    by_kind: dict[str, int]
    by_country: dict[str, int]
    timeline: list[MonthCountOut]
    records: Page[RecordSummaryOut]
    recent_changes: list[AuditOut] = Field(
        description="The latest review activity (empty for anonymous visitors)."
    )


class DocumentHitOut(Out):
    document_id: int
    title: str | None
    path: str = Field(description="The source's file name, or its http(s) address.")
    published: dt.date | None
    snippet: str = Field(description="Plain text around the matches.")
    snippet_html: str = Field(description="The same, HTML-escaped, matches in <mark>.")


class FactHitOut(Out):
    fact_id: int
    kind: str
    document_id: int
    review_status: str
    confidence: float
    date: dt.date | None
    label: str
    snippet: str
    snippet_html: str


class SearchOut(Out):
    query: str
    scope: str
    total: int
    limit: int
    offset: int
    documents: list[DocumentHitOut] = []
    facts: list[FactHitOut] = []


class DocumentFactOut(Out):
    id: int
    kind: str
    label: str
    review_status: str
    confidence: float
    spans: list[tuple[int, int]]


class DocumentOut(Out):
    id: int
    path: str
    locator: str | None
    format: str
    url: str | None
    title: str | None
    author: str | None
    publisher: str | None
    published: dt.date | None
    language: str | None
    text: str
    facts: list[DocumentFactOut]


class DocumentListItemOut(Out):
    id: int
    published: str | None
    format: str
    title: str | None
    path: str
    words: int


class FactOut(Out):
    id: int
    kind: str
    review_status: str
    confidence: float
    current: bool
    version: str = Field(description="Send back as `version` with a correction.")
    document: DocumentRef
    label: str
    summary: str
    fields: dict[str, Any] = Field(description="The values a correction may change.")
    evidence: list[EvidenceOut]
    record: AidOut | EventOut | EntityOut | None = Field(
        description="The fact in the export contract's shape (aid, events, entities)."
    )
    canonical_records: list[str]
    audit: list[AuditOut]


class CanonicalOut(Out):
    kind: str
    record: CanonicalAid | CanonicalEvent
    audit: list[AuditOut]


class QueueItemOut(Out):
    fact_id: int
    kind: str
    review_status: str
    confidence: float
    priority: float
    document_id: int
    date: dt.date | None
    label: str
    summary: str
    version: str


class DecisionOut(Out):
    fact_id: int
    review_status: str
    audit_id: int
    before: dict[str, Any]
    after: dict[str, Any]


class RecordChangeOut(Out):
    before: list[str]
    after: list[str]
    constraints: list[int]
    done: bool
    message: str


class UserOut(Out):
    name: str
    role: str
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    locked_until: dt.datetime | None


class MeOut(Out):
    name: str | None
    role: str | None
    permissions: list[str]
    public: bool


class AcceptIn(BaseModel):
    reason: str = ""


class RejectIn(BaseModel):
    reason: str = Field(min_length=1)


class CorrectionIn(BaseModel):
    changes: dict[str, Any] = Field(
        description='Field paths and new values, e.g. {"items.0.quantity": 120000}.'
    )
    reason: str = ""
    version: str | None = Field(
        default=None, description="The fact's `version` when it was read: refuses lost updates."
    )


class MergeIn(BaseModel):
    other: str = Field(description="The id of the canonical record to merge with.")
    reason: str = ""


class SplitIn(BaseModel):
    fact_ids: list[int] = Field(min_length=1)
    reason: str = Field(min_length=1)
