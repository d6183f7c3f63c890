"""Documents: the list, and one document's text with every fact highlighted at its evidence."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import func, select
from starlette.responses import HTMLResponse, Response

from chinatracker.links import web_url
from chinatracker.records import Document
from chinatracker.review.errors import NotFound
from chinatracker.review.facts import FactView, document_facts
from chinatracker.review.roles import Permission
from chinatracker.sources.titles import display_title
from chinatracker.store.documents import get_document, list_documents
from chinatracker.store.models import DocumentRow
from chinatracker.web.highlight import Span, segments
from chinatracker.web.params import Offset, PageNumber, RowId
from chinatracker.web.schemas import DocumentFactOut, DocumentListItemOut, DocumentOut, Page
from chinatracker.web.security import Viewer, need
from chinatracker.web.templating import render

pages = APIRouter()
api = APIRouter(tags=["documents"])
Read = Annotated[Viewer, Depends(need(Permission.read))]
HIGHLIGHT_KINDS = ("aid", "event", "quote", "claim", "quantity", "entity")
DEFAULT_SHOWN = ("aid", "event", "quote", "claim")
PER_PAGE = 50


def _load(request: Request, document_id: int) -> tuple[Document, list[FactView]]:
    with request.app.state.store.reading() as session:
        document = get_document(session, document_id)
        if document is None:
            raise NotFound(f"no document with id {document_id}")
        return document, document_facts(session, document_id)


@pages.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, _viewer: Read, q: str = "", page: PageNumber = 1) -> Response:
    with request.app.state.store.reading() as session:
        rows = list_documents(
            session, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, search=q.strip() or None
        )
        total = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
    context = {
        "rows": rows,
        "q": q,
        "page": page,
        "page_count": max(1, math.ceil(total / PER_PAGE)),
        "total": total,
    }
    return render(request, "documents.html", context)


@api.get("/documents", response_model=Page[DocumentListItemOut])
def documents_api(
    request: Request,
    _viewer: Read,
    q: str = "",
    limit: Annotated[int, Query(ge=1, le=500)] = PER_PAGE,
    offset: Offset = 0,
) -> Page[DocumentListItemOut]:
    """Documents by publication date; `q` keeps those whose title or path contains it."""
    with request.app.state.store.reading() as session:
        rows = list_documents(session, limit=limit, offset=offset, search=q.strip() or None)
        total = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
    items = [
        DocumentListItemOut(
            id=r.id, published=r.published, format=r.format, title=r.title, path=r.path,
            words=r.words,
        )
        for r in rows
    ]  # fmt: skip
    return Page[DocumentListItemOut](total=total, limit=limit, offset=offset, items=items)


@pages.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: RowId, _viewer: Read) -> Response:
    document, facts = _load(request, document_id)
    wanted = request.query_params.getlist("show")
    shown = tuple(k for k in HIGHLIGHT_KINDS if k in wanted) if wanted else DEFAULT_SHOWN
    spans = [
        Span(fact.id, fact.kind, e.start, e.end)
        for fact in facts
        if fact.kind in shown
        for e in fact.evidence
    ]
    text = document.text
    counts = {k: sum(1 for f in facts if f.kind == k) for k in HIGHLIGHT_KINDS}
    popover = {
        str(f.id): {"kind": f.kind, "label": f.label, "status": f.review_status}
        for f in facts
        if f.kind in shown
    }
    context = {
        "document": document,
        # An untitled document is shown by its first sentence, never by a blank or its path.
        "heading": display_title(document.title, text) or document.path,
        "segments": segments(text, spans),
        "facts": [f for f in facts if f.kind in shown],
        "shown": shown,
        "kinds": HIGHLIGHT_KINDS,
        "counts": counts,
        "popover": popover,
    }
    return render(request, "document.html", context)


@api.get("/documents/{document_id}", response_model=DocumentOut)
def document_api(request: Request, document_id: RowId, _viewer: Read) -> DocumentOut:
    """A document's text and every current fact found in it, with the spans of its evidence
    (character offsets into `text`)."""
    document, facts = _load(request, document_id)
    d = document
    return DocumentOut(
        id=d.id,
        path=d.path,
        locator=d.locator,
        format=d.format,
        url=web_url(d.url),
        title=d.title,
        author=d.author,
        publisher=d.publisher,
        published=d.published,
        language=d.language,
        text=d.text,
        facts=[
            DocumentFactOut(
                id=f.id,
                kind=f.kind,
                label=f.label,
                review_status=f.review_status,
                confidence=f.confidence,
                spans=[(e.start, e.end) for e in f.evidence],
            )
            for f in facts
        ],
    )
