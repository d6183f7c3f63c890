"""The web app: `create_app(store)` builds it; `chinatracker serve` runs it under uvicorn.

Pages are rendered on the server from `templates/`; the little JavaScript there is (filters,
keyboard shortcuts, the document view's fact panel) and the CSS are served from `static/` by
the app itself. The JSON API lives under `/api/`, described at `/api/openapi.json` (the
interactive docs are off: they load their scripts from a CDN).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib.resources import files
from types import FrameType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from chinatracker import __version__
from chinatracker.errors import TrackerError
from chinatracker.resolve.runner import ensure_resolved
from chinatracker.review.errors import NotFound, PermissionDenied, ReviewError, StaleEdit
from chinatracker.store.database import Store
from chinatracker.store.time_limits import cancel_running
from chinatracker.web import accounts
from chinatracker.web.dashboard_cache import DashboardCache
from chinatracker.web.routes import (
    admin,
    audit,
    auth,
    canonical,
    dashboard,
    documents,
    facts,
    review,
    search,
)
from chinatracker.web.security import (
    SESSION_COOKIE,
    CsrfFailed,
    Forbidden,
    LoginRequired,
    LoginThrottle,
    serializer,
)
from chinatracker.web.templating import build_environment, render

log = logging.getLogger(__name__)
ROUTES = (auth, dashboard, search, documents, facts, canonical, review, audit, admin)
STATIC = str(files("chinatracker.web") / "static")

# Scripts and styles come only from this app. Inline <style> is allowed for the world map's own
# styles (its SVG carries them); inline scripts and anything from elsewhere are not.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class BackgroundResolver:
    """Re-resolves canonical records after review changes, off the request, one run at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._wanted = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        self._wanted.set()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="resolve", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while self._wanted.is_set():
            self._wanted.clear()
            try:
                ensure_resolved(self.store)
            except Exception:  # a failed run must not take the app down; the next one retries
                log.exception("background resolve failed")

    def wait(self, timeout: float = 60.0) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def stop_queries_on_exit() -> None:
    """On SIGTERM or SIGINT, cancel running searches at once, then let uvicorn shut down.

    uvicorn waits for requests in flight before it stops; a search holding a worker thread
    would hold the shutdown too. Called at startup, after uvicorn has installed its handlers,
    in each worker; outside the main thread (a test client) there are no signals to catch.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)
        if not callable(previous):
            continue

        def handler(
            number: int, frame: FrameType | None, previous: Callable[..., Any] = previous
        ) -> None:
            cancel_running()
            previous(number, frame)

        signal.signal(sig, handler)


def _secret(store: Store) -> str:
    try:
        with store.transaction() as session:
            return accounts.secret_key(session)
    except IntegrityError:  # another worker made it at the same moment
        with store.reading() as session:
            return accounts.secret_key(session)


def create_app(store: Store, *, public: bool = False, background_resolve: bool = True) -> FastAPI:
    """The app over `store`; `public` serves the dashboard, search and downloads to anyone,
    read-only, with no sign-in at all."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop_queries_on_exit()
        yield
        resolver.wait(timeout=30)

    app = FastAPI(
        title="China Security Tracker",
        version=__version__,
        description="Facts about China's security and aid diplomacy, each linked to its "
        "source, with the analysts' review trail. Pages and this API show the same data.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    resolver = BackgroundResolver(store)
    app.state.store = store
    app.state.public = public
    app.state.signer = serializer(_secret(store))
    app.state.templates = build_environment()
    app.state.throttle = LoginThrottle()
    app.state.resolver = resolver
    app.state.dashboard_cache = DashboardCache()
    app.state.background_resolve = background_resolve
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def refuse_nul(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """A NUL character in the address is never meant, and PostgreSQL cannot hold one."""
        query = request.scope.get("query_string", b"").lower()
        if b"%00" in query or b"\x00" in query or "\x00" in request.url.path:
            return _refused(request, "The address contains a NUL character (%00): remove it.")
        return await call_next(request)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if (
            request.url.path.startswith(("/api/", "/downloads/"))
            or request.method != "GET"
            or (SESSION_COOKIE in request.cookies and not public)
        ):
            # A signed-in page must not be kept by the browser or a proxy for the next user.
            response.headers["Cache-Control"] = "no-store"
        return response

    _errors(app)
    for module in ROUTES:
        app.include_router(module.pages, include_in_schema=False)
        app.include_router(module.api, prefix="/api")
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _refused(request: Request, message: str, status: int = 400) -> Response:
    """A 4xx whose reason is one line, before (or without) routing, needing no database."""
    if _is_api(request):
        response: Response = JSONResponse({"detail": message}, status_code=status)
    else:
        response = PlainTextResponse(message + "\n", status_code=status)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _error_page(request: Request, status: int, title: str, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html", {"title": title, "message": message}, status_code=status)


# Errors shown as a page (or JSON under /api/) with their status and title. Starlette picks the
# most specific class, so CsrfFailed wins over Forbidden and ReviewError over TrackerError.
PAGE_ERRORS: tuple[tuple[type[Exception], int, str], ...] = (
    (CsrfFailed, 403, "Request refused"),
    (Forbidden, 403, "Not allowed"),
    (PermissionDenied, 403, "Not allowed"),
    (NotFound, 404, "Not found"),
    (StaleEdit, 409, "Changed meanwhile"),
    (ReviewError, 400, "Cannot do that"),
    (TrackerError, 400, "Cannot do that"),
)


def _page_error(status: int, title: str) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handler(request: Request, exc: Exception) -> Response:
        return _error_page(request, status, title, str(exc))

    return handler


# Seconds a client is asked to wait when every database connection is busy.
RETRY_AFTER_S = 5
BUSY = "The server is busy. Try again in a few seconds."


def _errors(app: FastAPI) -> None:
    @app.exception_handler(PoolTimeout)
    async def pool_full(request: Request, _exc: PoolTimeout) -> Response:
        """Every pooled connection is busy: say so (503, retry) rather than fail (500). The page
        is static: rendering the usual one would need a connection too."""
        log.warning("connection pool full: %s %s answered 503", request.method, request.url.path)
        headers = {"Retry-After": str(RETRY_AFTER_S)}
        if _is_api(request):
            return JSONResponse({"detail": BUSY}, status_code=503, headers=headers)
        page = f"<!doctype html><title>Busy</title><h1>Busy</h1><p>{BUSY}</p>"
        return HTMLResponse(page, status_code=503, headers=headers)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{_next(target)}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        """A bad parameter: 422 with one line naming it and what it should be."""
        return _error_page(request, 422, "Cannot do that", _one_line(exc))

    for error, status, title in PAGE_ERRORS:
        app.add_exception_handler(error, _page_error(status, title))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or exc.status_code not in (404, 405):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return _error_page(request, exc.status_code, "Not found", "There is no such page.")


def _one_line(exc: RequestValidationError) -> str:
    """'page: Input should be less than or equal to 1000000000000', for each bad parameter."""
    parts = []
    for error in exc.errors()[:3]:
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts).replace("\n", " ")


def _next(target: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": target})


def app_from_environment() -> FastAPI:
    """The app `chinatracker serve` runs, built in each worker process from what it set."""
    store = Store(os.environ["CHINATRACKER_SERVE_DB"])
    return create_app(store, public=bool(os.environ.get("CHINATRACKER_SERVE_PUBLIC")))
