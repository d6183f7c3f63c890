"""Full-text search over documents and facts, with snippets (see `store/search.py`)."""

from __future__ import annotations

import csv
import io
import math
from pathlib import PurePath
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, Response

from chinatracker.links import is_web_url
from chinatracker.review.facts import fact_views
from chinatracker.review.roles import Permission
from chinatracker.store.search import (
    MARK_END,
    MARK_START,
    DocumentHit,
    FactHit,
    SearchError,
    SearchPage,
    search_documents,
    search_facts,
)
from chinatracker.web.highlight import marked_snippet
from chinatracker.web.params import Offset, PageNumber
from chinatracker.web.routes.common import csv_cell
from chinatracker.web.schemas import DocumentHitOut, FactHitOut, SearchOut
from chinatracker.web.security import Viewer, need
from chinatracker.web.templating import render

pages = APIRouter()
api = APIRouter(tags=["search"])
Browse = Annotated[Viewer, Depends(need(Permission.browse))]
Scope = Literal["documents", "facts"]
PER_PAGE = 20
DOWNLOAD_LIMIT = 1000


def _run(request: Request, q: str, scope: Scope, limit: int, offset: int) -> SearchPage:
    with request.app.state.store.reading() as session:
        if scope == "facts":
            return search_facts(session, q, limit=limit, offset=offset)
        return search_documents(session, q, limit=limit, offset=offset)


def source_name(path: str) -> str:
    """What search shows of a document's source: its address, or only its file name. The
    folder a file was ingested from is the server's business (and the public site's hits are
    anyone's to see)."""
    return path if is_web_url(path) else PurePath(path).name


def _plain(snippet: str) -> str:
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


def _labels(request: Request, hits: list[FactHit]) -> dict[int, str]:
    with request.app.state.store.reading() as session:
        views = fact_views(session, [h.fact_id for h in hits])
    return {fact_id: view.label for fact_id, view in views.items()}


def _output(
    request: Request, result: SearchPage, scope: Scope, limit: int, offset: int
) -> SearchOut:
    documents, facts = [], []
    if scope == "facts":
        hits = [h for h in result.hits if isinstance(h, FactHit)]
        labels = _labels(request, hits)
        facts = [
            FactHitOut(
                fact_id=h.fact_id,
                kind=h.kind,
                document_id=h.document_id,
                review_status=h.review_status,
                confidence=h.confidence,
                date=h.date,
                label=labels.get(h.fact_id, ""),
                snippet=_plain(h.snippet),
                snippet_html=str(marked_snippet(h.snippet)),
            )
            for h in hits
        ]
    else:
        documents = [
            DocumentHitOut(
                document_id=h.document_id,
                title=h.title,
                path=source_name(h.path),
                published=h.published,
                snippet=_plain(h.snippet),
                snippet_html=str(marked_snippet(h.snippet)),
            )
            for h in result.hits
            if isinstance(h, DocumentHit)
        ]
    return SearchOut(
        query=result.query,
        scope=scope,
        total=result.total,
        limit=limit,
        offset=offset,
        documents=documents,
        facts=facts,
    )


@pages.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    _viewer: Browse,
    q: str = "",
    scope: Scope = "documents",
    page: PageNumber = 1,
) -> Response:
    offset = (page - 1) * PER_PAGE
    context: dict[str, object] = {"q": q, "scope": scope, "page": page, "error": None}
    result, snippets, status = None, {}, 200
    if q.strip():
        try:
            found = _run(request, q, scope, PER_PAGE, offset)
        except SearchError as exc:
            context["error"] = str(exc)
            status = 400
        else:
            result = _output(request, found, scope, PER_PAGE, offset)
            # Escaped here, matches marked after: the template writes these as they are.
            snippets = {_key(h): marked_snippet(h.snippet) for h in found.hits}
    context["result"] = result
    context["snippets"] = snippets
    context["page_count"] = max(1, math.ceil(result.total / PER_PAGE)) if result else 1
    return render(request, "search.html", context, status_code=status)


def _key(hit: DocumentHit | FactHit) -> int:
    return hit.fact_id if isinstance(hit, FactHit) else hit.document_id


@api.get("/search", response_model=SearchOut)
def search_api(
    request: Request,
    _viewer: Browse,
    q: Annotated[str, Query(min_length=1, description='Words, "a phrase", OR, prefix*')],
    scope: Scope = "documents",
    limit: Annotated[int, Query(ge=1, le=100)] = PER_PAGE,
    offset: Offset = 0,
) -> SearchOut:
    """Documents (or facts, through their evidence) matching `q`, best first, with snippets."""
    return _output(request, _run(request, q, scope, limit, offset), scope, limit, offset)


@pages.get("/downloads/search.csv")
def search_csv(request: Request, _viewer: Browse, q: str, scope: Scope = "documents") -> Response:
    """The first 1,000 hits of a search, as CSV."""
    result = _output(request, _run(request, q, scope, DOWNLOAD_LIMIT, 0), scope, DOWNLOAD_LIMIT, 0)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if scope == "facts":
        writer.writerow(
            (
                "fact_id",
                "kind",
                "document_id",
                "review_status",
                "confidence",
                "date",
                "label",
                "snippet",
            )
        )
        for f in result.facts:
            writer.writerow(
                csv_cell(value)
                for value in (
                    f.fact_id,
                    f.kind,
                    f.document_id,
                    f.review_status,
                    f"{f.confidence:.2f}",
                    f.date or "",
                    f.label,
                    f.snippet,
                )
            )
    else:
        writer.writerow(("document_id", "published", "title", "path", "snippet"))
        for d in result.documents:
            writer.writerow(
                csv_cell(value)
                for value in (d.document_id, d.published or "", d.title, d.path, d.snippet)
            )
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="search-{scope}.csv"'},
    )


@pages.get("/downloads/search.json")
def search_json(request: Request, _viewer: Browse, q: str, scope: Scope = "documents") -> Response:
    """The first 1,000 hits of a search, as JSON."""
    result = _output(request, _run(request, q, scope, DOWNLOAD_LIMIT, 0), scope, DOWNLOAD_LIMIT, 0)
    return Response(
        result.model_dump_json(indent=1),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="search-{scope}.json"'},
    )
