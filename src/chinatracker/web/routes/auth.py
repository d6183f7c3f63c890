"""Sign in and out; `/api/me` says who you are and what you may do."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from chinatracker.review.roles import Permission
from chinatracker.web import accounts
from chinatracker.web.accounts import AccountError
from chinatracker.web.schemas import MeOut
from chinatracker.web.security import (
    SESSION_COOKIE,
    Viewer,
    check_login_csrf,
    checked_write,
    current_viewer,
    login_token,
    session_token,
    set_session_cookie,
)
from chinatracker.web.templating import redirect, render

pages = APIRouter()
api = APIRouter(tags=["account"])


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if not target:
        return "/dashboard"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/dashboard"
    return target


@pages.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    if request.app.state.public:
        return redirect(request, "/dashboard")
    if current_viewer(request).user is not None:
        return redirect(request, _safe_next(next))
    return _login_form(request, next, None, 200)


def _login_form(request: Request, next_: str | None, error: str | None, status: int) -> Response:
    response = HTMLResponse("")
    token = login_token(request, response)
    page = render(
        request,
        "login.html",
        {"login_token": token, "next": _safe_next(next_), "error": error},
        status_code=status,
    )
    for name, value in response.headers.items():
        if name == "set-cookie":
            page.headers.append(name, value)
    return page


@pages.post("/login")
def login(request: Request, form: Annotated[FormData, Depends(check_login_csrf)]) -> Response:
    state = request.app.state
    if state.public:
        return redirect(request, "/dashboard")
    name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
    next_ = _safe_next(str(form.get("next", "")))
    client = request.client.host if request.client else "unknown"
    if state.throttle.blocked(client):
        return _login_form(
            request, next_, "Too many failed sign-ins from here; wait a few minutes.", 429
        )
    failure: AccountError | None = None
    with state.store.transaction() as session:
        try:
            user = accounts.authenticate(session, name, password)
            token, _csrf = accounts.start_session(session, user)
        except AccountError as exc:  # caught inside, so the failure count is committed
            failure = exc
    if failure is not None:
        state.throttle.failed(client)
        return _login_form(request, next_, str(failure), 401)
    state.throttle.succeeded(client)
    response = RedirectResponse(next_, status_code=303)
    set_session_cookie(request, response, token)
    return response


@pages.post("/logout")
def logout(
    request: Request, viewer: Annotated[Viewer, Depends(checked_write(Permission.browse))]
) -> Response:
    token = session_token(request)
    if token:
        with request.app.state.store.transaction() as session:
            accounts.end_session(session, token)
    response = redirect(request, "/login", "info", "You are signed out.")
    response.delete_cookie(SESSION_COOKIE)
    return response


@api.get("/me", response_model=MeOut)
def me(request: Request) -> MeOut:
    """Who is signed in, and what they may do."""
    viewer = current_viewer(request)
    user = viewer.user
    return MeOut(
        name=user.name if user else None,
        role=user.role.value if user else None,
        permissions=sorted(p.value for p in viewer.permissions),
        public=viewer.public,
    )
