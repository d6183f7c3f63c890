"""What the app tells about its server and keeps out of caches: no absolute file paths on the
public site, no-store on signed-in pages, the flash cookie Secure over https."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from chinatracker.store.database import Store
from chinatracker.web.app import create_app

from .conftest import DEMO_CORPUS, sign_in


@pytest.fixture
def public(demo_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(demo_store, public=True, background_resolve=False)) as client:
        yield client


@pytest.mark.parametrize(
    "url", ["/search?q=masks", "/api/search?q=masks", "/downloads/search.csv?q=masks",
            "/downloads/search.json?q=masks"]
)  # fmt: skip
def test_public_search_shows_file_names_not_server_paths(public: TestClient, url: str) -> None:
    response = public.get(url)
    assert response.status_code == 200
    assert ".txt" in response.text or ".md" in response.text or ".html" in response.text
    assert str(DEMO_CORPUS) not in response.text
    assert str(DEMO_CORPUS).replace("/", "\\/") not in response.text


def test_api_search_gives_the_file_name(public: TestClient) -> None:
    hits = public.get("/api/search", params={"q": "masks"}).json()["documents"]
    assert hits
    assert all("/" not in hit["path"] or hit["path"].startswith("http") for hit in hits)


@pytest.mark.parametrize("url", ["/dashboard", "/documents", "/search?q=masks", "/review"])
def test_signed_in_pages_are_not_stored_by_caches(analyst, url: str) -> None:
    response = analyst.client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_the_flash_cookie_is_secure_over_https(app) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        session = sign_in(client, "vera")
        response = session.post_form("/logout", {})
    assert response.status_code == 303
    [flash] = [c for c in response.headers.get_list("set-cookie") if c.startswith("ct_flash=")]
    assert "Secure" in flash
    assert "HttpOnly" in flash
