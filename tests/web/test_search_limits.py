"""Search cannot take the site down: bounded queries, and a busy pool answers 503, not 500.

Twenty-five `a*` terms once ran 65 s on an 867-document store, anonymously on the public site;
forty such requests at once filled the connection pool and the rest failed with 500.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chinatracker.store.database import Store
from chinatracker.store.search import (
    MAX_PREFIX_TERMS,
    MAX_TERMS,
    MIN_PREFIX_CHARS,
    SearchError,
    check_query,
)
from chinatracker.web.app import create_app

FLOOD = "a* " * 50


@pytest.fixture
def public(demo_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(demo_store, public=True, background_resolve=False)) as client:
        yield client


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (FLOOD, "prefix terms"),
        ("ma*", "too short a prefix"),
        ("gloves " * (MAX_TERMS + 1), f"at most {MAX_TERMS}"),
        ("masks " * 60, "longer than"),
        ("masks\x00x", "NUL"),
    ],
)
def test_queries_out_of_bounds_are_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(SearchError, match=reason):
        check_query(typed)


def test_queries_within_bounds_pass() -> None:
    typed = " ".join(["masks"] * (MAX_TERMS - MAX_PREFIX_TERMS) + ["glo*"] * MAX_PREFIX_TERMS)
    assert check_query(typed) == typed
    assert check_query("a" * MIN_PREFIX_CHARS + "*")
    assert check_query('"protective suits" OR gowns')


@pytest.mark.parametrize("url", ["/search", "/api/search", "/downloads/search.csv"])
def test_a_flood_of_prefixes_is_a_400_on_the_public_site(public: TestClient, url: str) -> None:
    response = public.get(url, params={"q": FLOOD})
    assert response.status_code == 400
    assert "prefix terms" in response.text


def test_a_full_connection_pool_answers_503_with_retry_after(
    demo_sqlite: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_sqlite, path)
    store = Store(str(path), pool_timeout=0.2)
    app = create_app(store, public=True, background_resolve=False)
    pool = store.engine.pool
    with TestClient(app) as client, ExitStack() as held:
        for _ in range(pool.size() + store.engine.pool._max_overflow):  # type: ignore[attr-defined]
            held.enter_context(store.engine.connect())
        for url in ("/api/search?q=masks", "/search?q=masks", "/api/dashboard/records"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert response.headers["Retry-After"].isdigit()
            assert "busy" in response.text.lower()
    store.close()


SIGTERM_SCRIPT = """
import signal, sys, threading, time
from sqlalchemy import text
from chinatracker.store.database import Store
from chinatracker.store.time_limits import QueryTimeout, time_limit
from chinatracker.web.app import stop_queries_on_exit

FOREVER = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
           "WHERE i < 1000000000) SELECT count(*) FROM n")
stopped = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stopped.set())  # stands for uvicorn's handler
stop_queries_on_exit()
store = Store(sys.argv[1])
outcome = []

def search():
    with store.reading() as session:
        try:
            with time_limit(session, 120):
                session.execute(text(FOREVER))
        except QueryTimeout as exc:
            outcome.append(str(exc))

worker = threading.Thread(target=search, daemon=True)
worker.start()
time.sleep(1)
started = time.monotonic()
signal.raise_signal(signal.SIGTERM)
worker.join(10)
print(stopped.is_set(), round(time.monotonic() - started, 1), outcome)
"""


def test_sigterm_cancels_a_running_search_at_once(tmp_path: Path) -> None:
    """uvicorn waits for requests in flight on SIGTERM; a search must not hold it up."""
    result = subprocess.run(
        [sys.executable, "-c", SIGTERM_SCRIPT, str(tmp_path / "t.sqlite")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    stopped, seconds, outcome = result.stdout.split(" ", 2)
    assert stopped == "True"  # uvicorn's own handler still runs
    assert float(seconds) < 5
    assert "stopping" in outcome
