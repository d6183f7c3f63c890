"""Fixtures shared by every test: paths to real corpora and fresh stores."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from chinatracker.config import Settings
from chinatracker.errors import StoreError
from chinatracker.scale import pgcluster
from chinatracker.store.database import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CHINATRACKER_SHARED", REPO.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_CORPUS = REPO / "demo" / "corpus"


@pytest.fixture
def shared_corpus() -> Path:
    """`../shared/corpus`, read in place (never copied into the repo)."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"shared corpus not found at {corpus} (set CHINATRACKER_SHARED)")
    return corpus


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "tracker.sqlite"))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = Store(settings.db)
    yield opened
    opened.close()


# PostgreSQL ----------------------------------------------------------------------------------
# `.ci/run` starts a throwaway server and exports CHINATRACKER_TEST_PG (an admin URL). Without
# it, the session starts its own cluster when PostgreSQL is installed, else PostgreSQL tests
# skip with the reason. Every test gets a fresh database, dropped afterwards.

PG_ENV = "CHINATRACKER_TEST_PG"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """An admin URL of a PostgreSQL server whose role may create databases."""
    configured = os.environ.get(PG_ENV)
    if configured:
        yield configured
        return
    if pgcluster.postgres_bin() is None:
        pytest.skip(f"no PostgreSQL: set {PG_ENV} or install it (apt-get install postgresql)")
    with ExitStack() as stack:
        try:
            url = stack.enter_context(pgcluster.temporary_cluster())
        except StoreError as exc:
            pytest.skip(str(exc))
        yield url


@pytest.fixture
def pg_url(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database for one test."""
    name = f"chinatracker_test_{uuid.uuid4().hex[:12]}"
    url = pgcluster.create_database(postgres_server, name)
    yield url
    pgcluster.drop_database(postgres_server, name)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database on each backend: a SQLite file path, or a PostgreSQL URL.

    Tests that take `db_url` (or a fixture built on it) run once per backend.
    """
    if request.param == "sqlite":
        return str(tmp_path / "tracker.sqlite")
    return str(request.getfixturevalue("pg_url"))


def build_pdf(lines: list[str], *, title: str | None = None, creation: str | None = None) -> bytes:
    """A small, valid one-page PDF with the given lines of text (Helvetica, WinAnsi)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = (
        "BT /F1 11 Tf 72 740 Td 14 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
    )
    info = []
    if title:
        info.append(f"/Title ({escape(title)})")
    if creation:
        info.append(f"/CreationDate (D:{creation})")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< " + " ".join(info) + " >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
    out += trailer.encode() + f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.fixture
def pdf_bytes() -> bytes:
    return build_pdf(
        [
            "Statement of the Ministry of National Defense",
            "The PLA delivered protective suits and masks to the armed forces",
            "of Russia, Mongolia and Timor-Leste this week.",
        ],
        title="PLA statement on medical supplies",
        creation="20260101000000Z",
    )
