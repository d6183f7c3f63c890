"""One fact: what it says, its evidence in context, its records, its history; and the review
actions on it (accept, correct any field, reject with a reason)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, Response

from chinatracker.links import web_url
from chinatracker.publish.contract import DocumentRef, EvidenceOut
from chinatracker.publish.exports import aid_out, entity_out, event_out
from chinatracker.reference.taxonomy import taxonomy
from chinatracker.reference.vocabularies import vocabularies
from chinatracker.review import actions
from chinatracker.review.audit import audit_entries
from chinatracker.review.errors import NotFound, ReviewError
from chinatracker.review.facts import FactView, load_fact_row, to_view
from chinatracker.review.roles import Permission
from chinatracker.store import canonical as stored
from chinatracker.store.documents import get_document
from chinatracker.web.highlight import context as text_context
from chinatracker.web.params import RowId
from chinatracker.web.routes.common import audit_out
from chinatracker.web.schemas import (
    AcceptIn,
    CorrectionIn,
    DecisionOut,
    FactOut,
    RejectIn,
)
from chinatracker.web.security import Viewer, checked_write, need, read_form
from chinatracker.web.templating import redirect, render

pages = APIRouter()
api = APIRouter(tags=["facts"])
Read = Annotated[Viewer, Depends(need(Permission.read))]
Review = Annotated[Viewer, Depends(checked_write(Permission.review))]
LISTS = ("recipients", "items", "actors", "quantities")
PLAIN_LISTS = ("countries",)
NUMERIC = re.compile(r"(quantity|amount|value)$")
NOT_FIELDS = {"csrf_token", "reason", "version", "next"}


def _load(request: Request, fact_id: int) -> tuple[FactView, Any, list[Any], list[str]]:
    with request.app.state.store.reading() as session:
        row = load_fact_row(session, fact_id)
        view = to_view(row)
        document = get_document(session, view.document_id)
        if document is None:
            raise NotFound(f"fact {fact_id} names document {view.document_id}, which is gone")
        history = audit_entries(session, fact_ids=[fact_id], limit=200)
        records = stored.canonical_ids_for_fact(session, fact_id)
        ref = DocumentRef(
            id=document.id or view.document_id,
            path=document.path,
            title=document.title,
            published=document.published,
            url=web_url(document.url),
        )
        contract: Any = None
        if row.kind == "aid":
            contract = aid_out(row, ref)
        elif row.kind == "event":
            contract = event_out(row, ref)
        elif row.kind == "entity":
            contract = entity_out(row, ref)
    return view, (document, ref, contract), history, records


@pages.get("/facts/{fact_id}", response_class=HTMLResponse)
def fact_page(request: Request, fact_id: RowId, viewer: Read) -> Response:
    view, (document, _ref, _contract), history, records = _load(request, fact_id)
    evidence = [text_context(document.text, e.start, e.end) for e in view.evidence]
    vocab = vocabularies()
    context = {
        "fact": view,
        "document": document,
        "evidence": list(zip(view.evidence, evidence, strict=True)),
        "history": history,
        "records": records,
        "record_labels": _record_labels(request, records),
        "editing": request.query_params.get("edit") == "1",
        "next": _safe_next(request.query_params.get("next")),
        "vocab": {name: vocab.terms(name) for name in vocab.names()},
        "categories": taxonomy().categories,
        "claim_kinds": ("disinformation", "quality_complaint", "conditionality"),
    }
    return render(request, "fact.html", context)


def _record_labels(request: Request, ids: list[str]) -> dict[str, str]:
    """A few words for each canonical record: who gave to whom, or the event's title."""
    if not ids:
        return {}
    with request.app.state.store.reading() as session:
        labels = {
            r.id: f"→ {r.recipient_label} · {_facts(len(r.members))}"
            for r in stored.load_canonical_aid(session, ids)
        }
        labels.update(
            {
                r.id: f"{r.title} · {_facts(len(r.members))}"
                for r in stored.load_canonical_events(session, ids)
            }
        )
    return labels


def _facts(n: int) -> str:
    return "1 fact" if n == 1 else f"{n} facts"


def _safe_next(target: str | None) -> str:
    if not target:
        return ""
    parts = urlsplit(target)
    ok = target.startswith("/") and not target.startswith("//") and not parts.netloc
    return target if ok and not parts.scheme else ""


def _after(request: Request, fact_id: int, form: FormData, kind: str, text: str) -> Response:
    if request.app.state.background_resolve:
        request.app.state.resolver.request()
    target = _safe_next(str(form.get("next", ""))) or f"/facts/{fact_id}"
    return redirect(request, target, kind, text)


@pages.post("/facts/{fact_id}/accept")
async def accept_page(request: Request, fact_id: RowId, viewer: Review) -> Response:
    return await _decide(request, fact_id, viewer, actions.accept_fact, "accepted")


@pages.post("/facts/{fact_id}/reject")
async def reject_page(request: Request, fact_id: RowId, viewer: Review) -> Response:
    return await _decide(request, fact_id, viewer, actions.reject_fact, "rejected")


async def _decide(
    request: Request, fact_id: int, viewer: Viewer, decide: Callable[..., object], done: str
) -> Response:
    """Accept or reject from the page: the same form (a reason), the same way back."""
    form = await read_form(request)
    try:
        decide(request.app.state.store, viewer.actor, fact_id, reason=str(form.get("reason", "")))
    except ReviewError as exc:
        return redirect(request, f"/facts/{fact_id}", "error", str(exc))
    return _after(request, fact_id, form, "success", f"Fact {fact_id} {done}.")


@pages.post("/facts/{fact_id}/correct")
async def correct_page(request: Request, fact_id: RowId, viewer: Review) -> Response:
    form = await read_form(request)
    try:
        changes = form_changes(form)
        decision = actions.correct_fact(
            request.app.state.store,
            viewer.actor,
            fact_id,
            changes,
            reason=str(form.get("reason", "")),
            expected_version=str(form.get("version", "")) or None,
        )
    except ReviewError as exc:
        return redirect(request, f"/facts/{fact_id}?edit=1", "error", str(exc))
    fields = ", ".join(k for k in decision.after if k != "review_status")
    return _after(request, fact_id, form, "success", f"Fact {fact_id} corrected: {fields}.")


def form_changes(form: FormData) -> dict[str, Any]:
    """The edit form's fields as a correction: one dotted path per field.

    A list row ticked `_remove` becomes `{"items.2": None}` (remove it); a row left entirely
    blank (the spare row for adding one) is left out. Numbers may have thousands separators;
    countries are a comma-separated list.
    """
    changes: dict[str, Any] = {}
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for key, raw in form.multi_items():
        if key in NOT_FIELDS or not isinstance(raw, str):
            continue
        value: Any = raw
        if NUMERIC.search(key):
            value = raw.replace(",", "").replace("_", "").replace(" ", "")
        parts = key.split(".")
        if parts[0] in LISTS and len(parts) == 3 and parts[1].isdigit():
            rows.setdefault((parts[0], int(parts[1])), {})[parts[2]] = value
        elif parts[0] in PLAIN_LISTS and len(parts) == 1:
            changes[key] = [c.strip() for c in re.split(r"[,;\s]+", raw) if c.strip()]
        else:
            changes[key] = value
    for (name, index), row in sorted(rows.items()):
        if row.pop("_remove", None):
            changes[f"{name}.{index}"] = None
        elif any(str(v).strip() for v in row.values()):
            changes.update({f"{name}.{index}.{field}": v for field, v in row.items()})
    return changes


# API -----------------------------------------------------------------------------------------


def _fact_out(request: Request, fact_id: int) -> FactOut:
    view, (_document, ref, contract), history, records = _load(request, fact_id)
    return FactOut(
        id=view.id,
        kind=view.kind,
        review_status=view.review_status,
        confidence=view.confidence,
        current=view.current,
        version=view.version,
        document=ref,
        label=view.label,
        summary=view.summary,
        fields=view.fields,
        evidence=[
            EvidenceOut(document_id=view.document_id, start=e.start, end=e.end, quote=e.quote)
            for e in view.evidence
        ],
        record=contract,
        canonical_records=records,
        audit=[audit_out(e) for e in history],
    )


@api.get("/facts/{fact_id}", response_model=FactOut)
def fact_api(request: Request, fact_id: RowId, _viewer: Read) -> FactOut:
    """A fact with its evidence, editable fields, canonical records and audit trail."""
    return _fact_out(request, fact_id)


def _decision(request: Request, decision: actions.Decision) -> DecisionOut:
    if request.app.state.background_resolve:
        request.app.state.resolver.request()
    return DecisionOut(
        fact_id=decision.fact.id,
        review_status=decision.fact.review_status,
        audit_id=decision.audit_id,
        before=decision.before,
        after=decision.after,
    )


@api.post("/facts/{fact_id}/accept", response_model=DecisionOut)
def accept_api(request: Request, fact_id: RowId, body: AcceptIn, viewer: Review) -> DecisionOut:
    """Mark the fact right as it stands (needs the analyst role and the X-CSRF-Token header)."""
    store = request.app.state.store
    actor = viewer.actor
    return _decision(request, actions.accept_fact(store, actor, fact_id, reason=body.reason))


@api.post("/facts/{fact_id}/reject", response_model=DecisionOut)
def reject_api(request: Request, fact_id: RowId, body: RejectIn, viewer: Review) -> DecisionOut:
    """Reject the fact, with the reason (kept in the audit log)."""
    store = request.app.state.store
    actor = viewer.actor
    return _decision(request, actions.reject_fact(store, actor, fact_id, reason=body.reason))


@api.post("/facts/{fact_id}/correct", response_model=DecisionOut)
def correct_api(
    request: Request, fact_id: RowId, body: CorrectionIn, viewer: Review
) -> DecisionOut:
    """Change fields of the fact by path (`{"changes": {"items.0.quantity": 120000}}`)."""
    decision = actions.correct_fact(
        request.app.state.store,
        viewer.actor,
        fact_id,
        body.changes,
        reason=body.reason,
        expected_version=body.version,
    )
    return _decision(request, decision)
