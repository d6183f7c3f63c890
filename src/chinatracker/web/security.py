"""Who is asking, what they may do, and the checks every write passes.

- The session cookie (`ct_session`) holds a random token signed with itsdangerous; it is
  HttpOnly, SameSite=Lax, and Secure when the app is reached over https.
- Every POST needs the session's CSRF token, from the form's hidden `csrf_token` field or the
  `X-CSRF-Token` header (fetch calls). The login form, before there is a session, uses a
  double-submit token in its own short-lived cookie. A cross-site `Origin` is refused outright.
- `need(Permission.review)` as a route dependency lets in only roles that hold it; public mode
  lets anonymous visitors `browse` and nothing else, and has no sign-in at all.
- Failed sign-ins are throttled per client address, on top of the per-account lock.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData
from starlette.responses import Response

from chinatracker.review.roles import GRANTS, PUBLIC, Actor, Permission
from chinatracker.web import accounts
from chinatracker.web.accounts import User

SESSION_COOKIE = "ct_session"
LOGIN_COOKIE = "ct_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_MAX_AGE = 3600
# Every dependency made by `checked_write`: a test checks that every write route has one.
WRITE_GUARDS: set[Callable[..., object]] = set()


class LoginRequired(Exception):
    """The request needs a signed-in user; pages redirect to the login form, the API says 401."""


class Forbidden(Exception):
    """Signed in, but the role does not allow this (403)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CsrfFailed(Forbidden):
    """A write without the right CSRF token or from another site."""


@dataclass(frozen=True)
class Viewer:
    """The person behind a request: a user (or nobody), and what they may do here."""

    user: User | None
    csrf_token: str | None
    public: bool

    @property
    def permissions(self) -> frozenset[Permission]:
        if self.user is not None:
            return GRANTS[self.user.role]
        return PUBLIC if self.public else frozenset()

    def can(self, permission: Permission | str) -> bool:
        return Permission(permission) in self.permissions

    @property
    def name(self) -> str:
        return self.user.name if self.user else "anonymous"

    @property
    def actor(self) -> Actor:
        """Who the audit log names; only a signed-in user acts."""
        if self.user is None:
            raise LoginRequired()
        return self.user.actor


def serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="chinatracker-web")


def current_viewer(request: Request) -> Viewer:
    """Looked up once per request (cached on `request.state`)."""
    cached = getattr(request.state, "viewer", None)
    if isinstance(cached, Viewer):
        return cached
    state = request.app.state
    viewer = Viewer(None, None, state.public)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and not state.public:
        try:
            token = state.signer.loads(cookie, max_age=accounts.SESSION_HOURS * 3600)
        except BadSignature:
            token = None
        if isinstance(token, str):
            with state.store.reading() as session:
                found = accounts.find_session(session, token)
            if found is not None:
                viewer = Viewer(found.user, found.csrf_token, state.public)
    request.state.viewer = viewer
    return viewer


def need(permission: Permission) -> Callable[[Request], Viewer]:
    """A route dependency: the viewer, if they may `permission`; else 401/403."""

    def dependency(request: Request) -> Viewer:
        viewer = current_viewer(request)
        if viewer.can(permission):
            return viewer
        if viewer.user is None and not viewer.public:
            raise LoginRequired()
        if viewer.user is None:
            raise Forbidden("This is the public, read-only site: it offers the dashboard, search "
                            "and downloads.")  # fmt: skip
        raise Forbidden(
            f"{viewer.user.name} is a {viewer.user.role.value}; this needs a role that may "
            f"{permission.value}."
        )

    return dependency


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True  # not a browser, or one that sends neither: the CSRF token decides
    if origin == "null":
        return False
    parts = urlsplit(origin)
    return parts.netloc == request.headers.get("host", request.url.netloc)


async def read_form(request: Request) -> FormData:
    """The posted form (cached by Starlette, so routes can read it again)."""
    return await request.form()


def _token_of(request: Request, form: FormData | None) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    value = form.get(CSRF_FIELD) if form is not None else None
    return value if isinstance(value, str) else ""


def checked_write(
    permission: Permission,
) -> Callable[[Request], Coroutine[Any, Any, Viewer]]:
    """A dependency for every state-changing route: role, same origin, and the CSRF token."""
    allowed = need(permission)

    async def dependency(request: Request) -> Viewer:
        viewer = allowed(request)
        if request.app.state.public:
            raise Forbidden("This is the public, read-only site: nothing can be changed here.")
        if not _same_origin(request):
            raise CsrfFailed("The request came from another site and was refused.")
        form = await read_form(request) if _is_form(request) else None
        expected = viewer.csrf_token or ""
        if not expected or not secrets.compare_digest(_token_of(request, form), expected):
            raise CsrfFailed(
                "The form had expired or did not come from this site (CSRF check). "
                "Reload the page and try again."
            )
        return viewer

    WRITE_GUARDS.add(dependency)
    return dependency


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


# Login CSRF: double submit, before there is a session ----------------------------------------


def login_token(request: Request, response: Response) -> str:
    """The login form's CSRF token, set in its own cookie (re-used while it is valid)."""
    signer: URLSafeTimedSerializer = request.app.state.signer
    cookie = request.cookies.get(LOGIN_COOKIE)
    if cookie:
        try:
            token = signer.loads(cookie, max_age=LOGIN_MAX_AGE, salt="login")
            if isinstance(token, str):
                return token
        except BadSignature:
            pass
    token = secrets.token_urlsafe(32)
    response.set_cookie(
        LOGIN_COOKIE,
        signer.dumps(token, salt="login"),
        max_age=LOGIN_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        path="/login",
    )
    return token


async def check_login_csrf(request: Request) -> FormData:
    """The login form, if it carries the token of its cookie and comes from this site."""
    if not _same_origin(request):
        raise CsrfFailed("The request came from another site and was refused.")
    form = await read_form(request)
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    try:
        expected = request.app.state.signer.loads(cookie, max_age=LOGIN_MAX_AGE, salt="login")
    except BadSignature:
        expected = None
    given = form.get(CSRF_FIELD)
    if not (
        isinstance(expected, str)
        and isinstance(given, str)
        and secrets.compare_digest(given, expected)
    ):
        raise CsrfFailed("The sign-in form had expired. Reload the page and try again.")
    return form


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        request.app.state.signer.dumps(token),
        max_age=accounts.SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )


def session_token(request: Request) -> str | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        token = request.app.state.signer.loads(cookie, max_age=accounts.SESSION_HOURS * 3600)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


class LoginThrottle:
    """At most `limit` failed sign-ins per client address in `window` seconds."""

    def __init__(self, limit: int = 20, window: float = 600.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] < now - self.window:
            failures.popleft()
        return failures

    def blocked(self, client: str) -> bool:
        with self._lock:
            return len(self._recent(client, time.monotonic())) >= self.limit

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client, time.monotonic()).append(time.monotonic())
            if len(self._failures) > 10_000:  # forget idle addresses
                for key in [k for k, v in self._failures.items() if not v][:5000]:
                    del self._failures[key]

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


ViewerDep = Depends(current_viewer)
