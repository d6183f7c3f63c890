"""The audit trail: every change, who made it, when, the values before and after, and why."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, Response

from chinatracker.review.audit import audit_entries
from chinatracker.review.roles import Permission
from chinatracker.web.params import Offset, OptionalId, PageNumber
from chinatracker.web.routes.common import audit_out
from chinatracker.web.schemas import AuditOut
from chinatracker.web.security import Viewer, need
from chinatracker.web.templating import render

pages = APIRouter()
api = APIRouter(tags=["audit"])
Read = Annotated[Viewer, Depends(need(Permission.read))]
PER_PAGE = 100


@pages.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    _viewer: Read,
    actor: str = "",
    action: str = "",
    fact: OptionalId = None,
    page: PageNumber = 1,
) -> Response:
    with request.app.state.store.reading() as session:
        entries = audit_entries(
            session,
            fact_ids=[fact] if fact is not None else None,
            actor=actor.strip() or None,
            action=action.strip() or None,
            limit=PER_PAGE + 1,
            offset=(page - 1) * PER_PAGE,
        )
    context = {
        "entries": entries[:PER_PAGE],
        "more": len(entries) > PER_PAGE,
        "actor": actor,
        "action": action,
        "fact": fact,
        "page": page,
    }
    return render(request, "audit.html", context)


@api.get("/audit", response_model=list[AuditOut])
def audit_api(
    request: Request,
    _viewer: Read,
    actor: str | None = None,
    action: str | None = None,
    fact: OptionalId = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = PER_PAGE,
    offset: Offset = 0,
) -> list[AuditOut]:
    """Audit entries, newest first, optionally of one actor, action or fact."""
    with request.app.state.store.reading() as session:
        entries = audit_entries(
            session,
            fact_ids=[fact] if fact is not None else None,
            actor=actor,
            action=action,
            limit=limit,
            offset=offset,
        )
    return [audit_out(e) for e in entries]
