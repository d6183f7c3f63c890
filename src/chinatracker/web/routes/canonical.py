"""Canonical records (one real delivery or event, from every report of it): merge and split."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import HTMLResponse, Response

from chinatracker.resolve.dates import span_text
from chinatracker.resolve.records import CanonicalAid
from chinatracker.resolve.runner import ensure_resolved
from chinatracker.review.audit import audit_entries
from chinatracker.review.errors import ReviewError
from chinatracker.review.facts import fact_views
from chinatracker.review.records import RecordChange, load_record, merge_records, split_record
from chinatracker.review.roles import Permission
from chinatracker.store import canonical as stored
from chinatracker.web.params import RowId
from chinatracker.web.routes.common import audit_out
from chinatracker.web.schemas import CanonicalOut, MergeIn, RecordChangeOut, SplitIn
from chinatracker.web.security import Viewer, checked_write, need, read_form
from chinatracker.web.templating import redirect, render

pages = APIRouter()
api = APIRouter(tags=["canonical records"])
Read = Annotated[Viewer, Depends(need(Permission.read))]
Review = Annotated[Viewer, Depends(checked_write(Permission.review))]


@pages.get("/canonical/{record_id}", response_class=HTMLResponse)
def record_page(request: Request, record_id: str, _viewer: Read) -> Response:
    store = request.app.state.store
    record = load_record(store, record_id)
    with store.reading() as session:
        members = fact_views(session, list(record.fact_ids))
        quotes = stored.evidence_quotes(session, list(record.fact_ids))
        history = audit_entries(session, fact_ids=list(record.fact_ids), limit=100)
    context = {
        "record": record,
        "is_aid": isinstance(record, CanonicalAid),
        "members": [members[f] for f in record.fact_ids if f in members],
        "quotes": quotes,
        "history": history,
        "date": span_text(record.date),
        "documents": {d.id: d for d in record.sources},
    }
    return render(request, "canonical.html", context)


@pages.get("/facts/{fact_id}/canonical")
def record_of_fact(request: Request, fact_id: RowId, _viewer: Read) -> Response:
    """The (first) canonical record a fact is part of now: links survive re-resolving."""
    store = request.app.state.store
    ensure_resolved(store)
    with store.reading() as session:
        ids = stored.canonical_ids_for_fact(session, fact_id)
    if not ids:
        return redirect(
            request, f"/facts/{fact_id}", "info", "This fact is in no canonical record."
        )
    return redirect(request, f"/canonical/{ids[0]}")


def _message(change: RecordChange) -> tuple[str, str]:
    return ("success" if change.done else "error"), change.message


@pages.post("/canonical/{record_id}/merge")
async def merge_page(request: Request, record_id: str, viewer: Review) -> Response:
    form = await read_form(request)
    other = str(form.get("other", "")).strip()
    try:
        change = merge_records(
            request.app.state.store, viewer.actor, record_id, other,
            reason=str(form.get("reason", "")),
        )  # fmt: skip
    except ReviewError as exc:
        return redirect(request, f"/canonical/{record_id}", "error", str(exc))
    kind, text = _message(change)
    target = change.after[0] if change.after else record_id
    return redirect(request, f"/canonical/{target}", kind, text)


@pages.post("/canonical/{record_id}/split")
async def split_page(request: Request, record_id: str, viewer: Review) -> Response:
    form = await read_form(request)
    try:
        fact_ids = [int(v) for v in form.getlist("fact_id") if isinstance(v, str) and v.isdigit()]
        change = split_record(
            request.app.state.store, viewer.actor, record_id, fact_ids,
            reason=str(form.get("reason", "")),
        )  # fmt: skip
    except ReviewError as exc:
        return redirect(request, f"/canonical/{record_id}", "error", str(exc))
    kind, text = _message(change)
    return redirect(request, f"/facts/{fact_ids[0]}/canonical", kind, text)


@api.get("/canonical/{record_id}", response_model=CanonicalOut)
def record_api(request: Request, record_id: str, _viewer: Read) -> CanonicalOut:
    """A canonical record (resolved first if facts changed), with its members' audit trail."""
    store = request.app.state.store
    record = load_record(store, record_id)
    with store.reading() as session:
        history = audit_entries(session, fact_ids=list(record.fact_ids), limit=100)
    return CanonicalOut(
        kind="aid" if isinstance(record, CanonicalAid) else "event",
        record=record,
        audit=[audit_out(e) for e in history],
    )


def _change_out(change: RecordChange) -> RecordChangeOut:
    return RecordChangeOut(
        before=list(change.before),
        after=list(change.after),
        constraints=list(change.constraints),
        done=change.done,
        message=change.message,
    )


@api.post("/canonical/{record_id}/merge", response_model=RecordChangeOut)
def merge_api(request: Request, record_id: str, body: MergeIn, viewer: Review) -> RecordChangeOut:
    """Merge this record with `other` (must_link constraints, then resolve)."""
    store = request.app.state.store
    return _change_out(
        merge_records(store, viewer.actor, record_id, body.other, reason=body.reason)
    )


@api.post("/canonical/{record_id}/split", response_model=RecordChangeOut)
def split_api(request: Request, record_id: str, body: SplitIn, viewer: Review) -> RecordChangeOut:
    """Split `fact_ids` off this record (cannot_link constraints, then resolve)."""
    store = request.app.state.store
    change = split_record(store, viewer.actor, record_id, body.fact_ids, reason=body.reason)
    return _change_out(change)
