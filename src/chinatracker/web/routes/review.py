"""The review queue: what to look at first, with keyboard shortcuts (see static/review.js)."""

from __future__ import annotations

import math
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, Response

from chinatracker.review.queue import QUEUE_KINDS, queue_size, review_queue
from chinatracker.review.roles import Permission
from chinatracker.web.filters import REVIEW_STATUSES
from chinatracker.web.params import Offset, PageNumber
from chinatracker.web.schemas import Page, QueueItemOut
from chinatracker.web.security import Viewer, need
from chinatracker.web.templating import render

pages = APIRouter()
api = APIRouter(tags=["review"])
Analyst = Annotated[Viewer, Depends(need(Permission.review))]
PER_PAGE = 50


def _choice(
    request: Request, name: str, allowed: tuple[str, ...], default: tuple[str, ...]
) -> tuple[str, ...]:
    wanted = tuple(v for v in request.query_params.getlist(name) if v in allowed)
    return wanted or default


@pages.get("/review", response_class=HTMLResponse)
def review_page(request: Request, _viewer: Analyst, page: PageNumber = 1) -> Response:
    kinds = _choice(request, "kind", QUEUE_KINDS, QUEUE_KINDS)
    statuses = _choice(request, "status", REVIEW_STATUSES, ("pending",))
    with request.app.state.store.reading() as session:
        total = queue_size(session, kinds=kinds, statuses=statuses)
        items = review_queue(
            session, kinds=kinds, statuses=statuses, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
        )
    context = {
        "items": items,
        "total": total,
        "page": page,
        "page_count": max(1, math.ceil(total / PER_PAGE)),
        "kinds": kinds,
        "statuses": statuses,
        "all_kinds": QUEUE_KINDS,
        "all_statuses": REVIEW_STATUSES,
        "offset": (page - 1) * PER_PAGE,
        "base": _base(request),
    }
    return render(request, "review.html", context)


def _base(request: Request) -> str:
    """The queue's URL without its page, ready for `page=N`."""
    kept = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"])
    return f"/review?{kept}&" if kept else "/review?"


@api.get("/review/queue", response_model=Page[QueueItemOut])
def queue_api(
    request: Request,
    _viewer: Analyst,
    kind: Annotated[list[str] | None, Query()] = None,
    status: Annotated[list[str] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = PER_PAGE,
    offset: Offset = 0,
) -> Page[QueueItemOut]:
    """Facts awaiting review, highest priority first: low confidence times high impact."""
    kinds = tuple(k for k in kind or () if k in QUEUE_KINDS) or QUEUE_KINDS
    statuses = tuple(s for s in status or () if s in REVIEW_STATUSES) or ("pending",)
    with request.app.state.store.reading() as session:
        total = queue_size(session, kinds=kinds, statuses=statuses)
        items = review_queue(session, kinds=kinds, statuses=statuses, limit=limit, offset=offset)
    return Page[QueueItemOut](
        total=total,
        limit=limit,
        offset=offset,
        items=[QueueItemOut(**item.__dict__) for item in items],
    )
