"""Web tests run the real app over a real store holding the demo corpus, on SQLite and
PostgreSQL: the corpus is ingested, extracted and resolved once per backend and session, and
each test gets its own copy (a file copy; `CREATE DATABASE ... TEMPLATE` on PostgreSQL)."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.resolve.runner import run_resolve
from chinatracker.scale import pgcluster
from chinatracker.scale.engines import EngineOptions, get_engine
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import Store
from chinatracker.web import accounts
from chinatracker.web.app import create_app

REPO = Path(__file__).resolve().parents[2]
DEMO_CORPUS = REPO / "demo" / "corpus"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
PASSWORDS = {"vera": "viewer-password-1", "ana": "analyst-password-1", "root": "admin-password-1"}
ROLES = {"vera": "viewer", "ana": "analyst", "root": "admin"}


def build_demo(url: str) -> None:
    """The demo corpus ingested, extracted and resolved, with one user of each role."""
    store = Store(url)
    try:
        ingest([str(DEMO_CORPUS)], store, Settings(db=url))
        get_engine("local")(store, Extractor(), EngineOptions())
        run_resolve(store)
        with store.transaction() as session:
            for name, password in PASSWORDS.items():
                accounts.add_user(session, name, ROLES[name], password, by="setup")
    finally:
        store.close()


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-demo") / "demo.sqlite"
    build_demo(str(path))
    return path


@pytest.fixture(scope="session")
def demo_postgres(postgres_server: str) -> Iterator[str]:
    """The name of a template database holding the demo store."""
    name = f"chinatracker_webdemo_{uuid.uuid4().hex[:8]}"
    build_demo(pgcluster.create_database(postgres_server, name))
    yield name
    pgcluster.drop_database(postgres_server, name)


def _copy_postgres(admin_url: str, template: str) -> tuple[str, str]:
    import psycopg
    from psycopg import sql

    name = f"chinatracker_web_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return name, pgcluster.database_url(admin_url, name)


@pytest.fixture(params=BACKENDS)
def demo_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the demo store, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "demo.sqlite"
        shutil.copy(request.getfixturevalue("demo_sqlite"), path)
        store = Store(str(path))
        yield store
        store.close()
        return
    admin = request.getfixturevalue("postgres_server")
    name, url = _copy_postgres(admin, request.getfixturevalue("demo_postgres"))
    store = Store(url)
    yield store
    store.close()
    pgcluster.drop_database(admin, name)


@pytest.fixture
def sqlite_demo_store(demo_sqlite: Path, tmp_path: Path) -> Iterator[Store]:
    """For tests about what only SQLite does, or that need no second backend."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_sqlite, path)
    store = Store(str(path))
    yield store
    store.close()


@pytest.fixture
def app(demo_store: Store) -> FastAPI:
    return create_app(demo_store, background_resolve=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@dataclass
class Session:
    """A signed-in test client and its CSRF token."""

    client: TestClient
    csrf: str

    def post_form(self, url: str, data: dict[str, str], **kwargs: object) -> object:
        return self.client.post(
            url, data={"csrf_token": self.csrf, **data}, follow_redirects=False, **kwargs
        )

    def post_json(self, url: str, body: dict[str, object]) -> object:
        return self.client.post(url, json=body, headers={"X-CSRF-Token": self.csrf})


TOKEN = re.compile(r'name="csrf-token" content="([^"]*)"')
LOGIN_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in(client: TestClient, name: str) -> Session:
    page = client.get("/login")
    token = LOGIN_TOKEN.search(page.text)
    assert token, page.text
    response = client.post(
        "/login",
        data={"name": name, "password": PASSWORDS[name], "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    dashboard = client.get("/dashboard")
    found = TOKEN.search(dashboard.text)
    assert found and found.group(1)
    return Session(client, found.group(1))


@pytest.fixture
def analyst(client: TestClient) -> Session:
    return sign_in(client, "ana")


@pytest.fixture
def viewer(client: TestClient) -> Session:
    return sign_in(client, "vera")


@pytest.fixture
def admin(client: TestClient) -> Session:
    return sign_in(client, "root")


@pytest.fixture
def login() -> object:
    """`login(client, name)`: sign a test client in as one of the demo users."""
    return sign_in
