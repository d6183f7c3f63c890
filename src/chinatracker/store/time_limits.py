"""A time limit on one query, and a way to stop every limited query at once (shutdown).

Search runs what anyone types (on the public site, anonymously), so each search gets a deadline:
- **SQLite**: a progress handler, called every `PROGRESS_STEPS` virtual-machine steps, aborts the
  statement ("interrupted") once the deadline has passed or the app is stopping;
- **PostgreSQL**: `SET LOCAL statement_timeout`, so the server cancels the statement itself, and
  `cancel_running()` cancels statements in flight through libpq's cancel request.

Stopping the server must not wait for a query to finish: `cancel_running()` is called on
SIGTERM (`cli/serve.py`), and each limited query then ends within milliseconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from chinatracker.errors import TrackerError

# About a millisecond of SQLite work between checks of the clock.
PROGRESS_STEPS = 10_000


class QueryTimeout(TrackerError):
    """A query ran past its time limit, or was cancelled because the app is stopping."""


_running: dict[int, Any] = {}
_lock = threading.Lock()
_stopping = threading.Event()


def cancel_running() -> int:
    """Stop every query under `time_limit` now, and any started later; how many were running."""
    _stopping.set()
    with _lock:
        connections = list(_running.values())
    for connection in connections:
        try:
            if hasattr(connection, "interrupt"):
                connection.interrupt()  # sqlite3
            else:
                connection.cancel()  # psycopg
        except Exception:  # a connection that just finished or closed: nothing to stop
            continue
    return len(connections)


def resume() -> None:
    """Allow limited queries again (tests; a server that stops never resumes)."""
    _stopping.clear()


@contextmanager
def time_limit(session: Session, seconds: float, what: str = "query") -> Iterator[None]:
    """Run the session's statements inside this block with a deadline of `seconds`."""
    if _stopping.is_set():
        raise QueryTimeout("the server is stopping: try again in a moment")
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    postgres = connection.dialect.name == "postgresql"
    deadline = time.monotonic() + seconds
    if postgres:
        connection.execute(text(f"SET LOCAL statement_timeout = {max(1, int(seconds * 1000))}"))
    else:
        assert raw is not None
        raw.set_progress_handler(
            lambda: 1 if _stopping.is_set() or time.monotonic() > deadline else 0,
            PROGRESS_STEPS,
        )
    with _lock:
        _running[id(raw)] = raw
    try:
        yield
    except (OperationalError, DBAPIError) as exc:
        if _stopping.is_set():
            raise QueryTimeout("the server is stopping: try again in a moment") from exc
        if _timed_out(exc, postgres):
            raise QueryTimeout(
                f"the {what} took longer than {seconds:g} s and was stopped: "
                "use fewer words, or longer ones before a *"
            ) from exc
        raise
    finally:
        with _lock:
            _running.pop(id(raw), None)
        if not postgres and raw is not None:
            raw.set_progress_handler(None, PROGRESS_STEPS)


def _timed_out(exc: DBAPIError, postgres: bool) -> bool:
    if postgres:
        return getattr(exc.orig, "sqlstate", None) == "57014"  # query_canceled
    return "interrupted" in str(exc.orig)
