"""No request anyone can send gets a 500: bad input is a 4xx with a one-line reason.

An attack pass found three: a NUL byte in a search, page/offset/id above 2^63 (the database's
integers overflow) and a year like 99999999999999999999 in `from`/`to`. A property test then
throws random query strings at every GET route, signed in as admin and on the public site.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chinatracker.store.database import Store
from chinatracker.web.app import ROUTES, create_app

from .conftest import sign_in

HUGE = str(2**63)
PARAMETER = re.compile(r"\{(\w+)\}")


def get_routes() -> list[str]:
    """Every GET path of the app, with its path parameters as `{name}`."""
    paths = []
    for module in ROUTES:
        for prefix, router in (("", module.pages), ("/api", module.api)):
            paths += [
                prefix + r.path
                for r in router.routes
                if isinstance(r, APIRoute) and "GET" in r.methods
            ]
    return paths


def fill(path: str, value: str) -> str:
    return PARAMETER.sub(value, path)


@pytest.fixture
def admin_client(sqlite_demo_store: Store) -> Iterator[TestClient]:
    app = create_app(sqlite_demo_store, background_resolve=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        sign_in(client, "root")
        yield client


@pytest.fixture
def public_client(demo_sqlite: Path, tmp_path: Path) -> Iterator[TestClient]:
    path = tmp_path / "public.sqlite"
    shutil.copy(demo_sqlite, path)
    store = Store(str(path))
    app = create_app(store, public=True, background_resolve=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    store.close()


def assert_refused(response: object, url: str) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert 400 <= status < 500, (url, status, text[:300])


def test_a_nul_byte_in_a_search_is_a_400(
    admin_client: TestClient, public_client: TestClient
) -> None:
    for client in (admin_client, public_client):
        for url in (
            "/search?q=masks%00x",
            "/api/search?q=masks%00x",
            "/downloads/search.csv?q=a%00",
        ):
            response = client.get(url)
            assert response.status_code == 400, url
            assert "NUL" in response.text


@pytest.mark.parametrize("path", get_routes())
def test_numbers_above_2_63_are_refused(admin_client: TestClient, path: str) -> None:
    for query in (f"page={HUGE}", f"offset={HUGE}", f"fact={HUGE}", f"limit={HUGE}", ""):
        url = fill(path, HUGE) + "?" + query
        response = admin_client.get(url)
        if "{" in path or query:
            assert response.status_code < 500, (url, response.status_code)
        if "{" in path and "record_id" not in path:
            assert_refused(response, url)


@pytest.mark.parametrize("url", ["/dashboard", "/api/dashboard", "/downloads/records.csv"])
@pytest.mark.parametrize("param", ["from", "to"])
def test_absurd_years_are_refused(admin_client: TestClient, url: str, param: str) -> None:
    response = admin_client.get(url, params={param: "99999999999999999999"})
    assert response.status_code < 500, response.text[:300]
    if url != "/dashboard":
        assert_refused(response, url)
        assert "is not a date" in response.text


NAMES = st.sampled_from(
    ["q", "page", "offset", "limit", "scope", "from", "to", "kind", "status", "country",
     "region", "category", "channel", "min_confidence", "fact", "actor", "action", "next", "x"]
)  # fmt: skip
NASTY = st.sampled_from(
    ["", "\x00", "a\x00b", "%00", str(2**63), str(2**64), "-" + str(2**63), "99999999999999999999",
     "a* " * 50, "NaN", "inf", "-0", "1e400", "2020-13-45", "0", "-1", '"', "*", "OR", "\\"]
)  # fmt: skip
VALUES = st.one_of(
    NASTY,
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
QUERIES = st.lists(st.tuples(NAMES, VALUES), max_size=5)
PATHS = st.tuples(st.sampled_from(get_routes()), VALUES)
FAST = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FAST
@given(route=PATHS, query=QUERIES)
def test_random_query_strings_never_get_a_500_signed_in(
    admin_client: TestClient, route: tuple[str, str], query: list[tuple[str, str]]
) -> None:
    assert_no_500(admin_client, route, query)


@FAST
@given(route=PATHS, query=QUERIES)
def test_random_query_strings_never_get_a_500_on_the_public_site(
    public_client: TestClient, route: tuple[str, str], query: list[tuple[str, str]]
) -> None:
    assert_no_500(public_client, route, query)


def assert_no_500(client: TestClient, route: tuple[str, str], query: list[tuple[str, str]]) -> None:
    path, value = route
    url = fill(path, quote(value, safe="") or "1")
    response = client.get(url, params=query)
    assert response.status_code < 500, (url, query, response.text[:300])
