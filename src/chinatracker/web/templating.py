"""Server-rendered pages: one Jinja environment with auto-escaping on, and a few filters.

Auto-escaping is on for every template, so text from documents and users is always escaped;
the only `Markup` the templates receive is built by code that escaped its input
(`highlight.marked_snippet`, the world map's SVG).
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse, RedirectResponse, Response

from chinatracker.links import is_web_url
from chinatracker.resolve.dates import span_text
from chinatracker.review.audit import AuditEntry
from chinatracker.web import accounts
from chinatracker.web.security import current_viewer, is_https

TEMPLATES = str(files("chinatracker.web") / "templates")
PLURALS = {
    "aid": "Aid deliveries",
    "event": "Security events",
    "quote": "Quotes",
    "claim": "Claims",
    "entity": "Entities",
    "quantity": "Quantities",
}
KIND_LABELS = {
    "aid": "Aid delivery",
    "event": "Security event",
    "quote": "Quote",
    "claim": "Claim",
    "entity": "Entity",
    "quantity": "Quantity",
}


def number(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, int | float):
        number_ = float(value)
        return f"{number_:,.0f}" if number_.is_integer() else f"{number_:,.2f}"
    return str(value)


def when(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return "–"
    if isinstance(moment, dt.datetime):
        moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return moment.isoformat()


def value_text(value: Any) -> str:
    """An audit value as a person reads it."""
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value) or "none"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return number(value)
    return str(value)


def audit_summary(entry: AuditEntry) -> str:
    """One line for an audit entry: "ana corrected fact 12: items.0.quantity 5 → 6"."""
    changes = [c for c in entry.changes if c.field != "review_status"]
    what = "; ".join(
        f"{c.field} {value_text(c.before)} → {value_text(c.after)}" for c in changes[:4]
    )
    subject = f"fact {entry.fact_id}" if entry.fact_id is not None else _subject(entry)
    return f"{entry.actor} {entry.verb} {subject}" + (f": {what}" if what else "")


def _subject(entry: AuditEntry) -> str:
    after = entry.after or {}
    if "user" in after:
        return f"user {after['user']}"
    if "setting" in after:
        return f"setting {after['setting']}"
    return ""


def build_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html", "svg"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=number,
        when=when,
        span=span_text,
        value_text=value_text,
        audit_summary=audit_summary,
        kind_label=lambda kind: KIND_LABELS.get(kind, kind),
        kind_plural=lambda kind: PLURALS.get(kind, kind),
        web_url=is_web_url,
        percent=lambda v: "–" if v is None else f"{float(v) * 100:.0f}%",
    )
    return env


FLASH_COOKIE = "ct_flash"


def flash(request: Request, response: Response, kind: str, text: str) -> Response:
    """A message for the next page (signed, so nobody can put words in the app's mouth)."""
    signer = request.app.state.signer
    value = signer.dumps({"kind": kind, "text": text[:500]}, salt="flash")
    response.set_cookie(
        FLASH_COOKIE, value, max_age=120, httponly=True, samesite="lax", secure=is_https(request)
    )
    return response


def _take_flash(request: Request) -> dict[str, str] | None:
    cookie = request.cookies.get(FLASH_COOKIE)
    if not cookie:
        return None
    try:
        data = request.app.state.signer.loads(cookie, max_age=120, salt="flash")
    except BadSignature:
        return None
    return data if isinstance(data, dict) else None


def redirect(request: Request, url: str, kind: str = "", text: str = "") -> Response:
    """See other: after a POST, to `url`, with a message if given."""
    response = RedirectResponse(url, status_code=303)
    return flash(request, response, kind, text) if text else response


def render(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """A page, with what every page needs: who is signed in, their CSRF token, the settings."""
    state = request.app.state
    viewer = current_viewer(request)
    with state.store.reading() as session:
        site = accounts.get_settings(session)
    message = _take_flash(request)
    page = state.templates.get_template(template).render(
        request=request,
        viewer=viewer,
        csrf_token=viewer.csrf_token or "",
        public=state.public,
        site=site,
        path=request.url.path,
        flash_message=message,
        **context,
    )
    response = HTMLResponse(page, status_code=status_code)
    if message is not None:
        response.delete_cookie(FLASH_COOKIE)
    return response
