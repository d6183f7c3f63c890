"""A time limit on a query, and stopping every limited query at once (`store/time_limits.py`).

The slow statement is a recursive count to a billion, which runs for minutes on either backend
unless something stops it; on PostgreSQL, `pg_sleep`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from chinatracker.store import time_limits
from chinatracker.store.database import Store
from chinatracker.store.time_limits import QueryTimeout, cancel_running, time_limit

FOREVER = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
    "SELECT count(*) FROM n"
)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()
    time_limits.resume()


def slow(store: Store) -> str:
    return "SELECT pg_sleep(60)" if store.dialect == "postgresql" else FOREVER


def test_a_query_past_its_limit_is_stopped_with_a_reason(store: Store) -> None:
    started = time.monotonic()
    with (
        store.reading() as session,
        pytest.raises(QueryTimeout, match=r"longer than 0\.2 s"),
        time_limit(session, 0.2, "search"),
    ):
        session.execute(text(slow(store)))
    assert time.monotonic() - started < 5


def test_the_connection_works_normally_after_the_limit(store: Store) -> None:
    with store.reading() as session, pytest.raises(QueryTimeout), time_limit(session, 0.1):
        session.execute(text(slow(store)))
    with store.reading() as session:
        assert session.execute(text("SELECT 1 + 1")).scalar_one() == 2
        with time_limit(session, 5):
            assert session.execute(text("SELECT 2 + 2")).scalar_one() == 4


def test_stopping_cancels_running_queries_at_once(store: Store) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        with store.reading() as session:
            try:
                with time_limit(session, 120):
                    session.execute(text(slow(store)))
            except BaseException as exc:
                errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(1.0)
    started = time.monotonic()
    assert cancel_running() == 1
    worker.join(10)
    assert not worker.is_alive()
    assert time.monotonic() - started < 3
    assert len(errors) == 1 and "stopping" in str(errors[0])
    with (
        store.reading() as session,
        pytest.raises(QueryTimeout, match="stopping"),
        time_limit(session, 5),
    ):
        pass
