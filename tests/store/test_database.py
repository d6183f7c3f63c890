"""The store: migrations, SQLite settings, transactions and the append-only audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DatabaseError

from chinatracker.config import database_url
from chinatracker.errors import StoreError
from chinatracker.records import Document
from chinatracker.sources.fingerprint import content_hash, raw_hash
from chinatracker.store import documents
from chinatracker.store.database import SQLITE_CACHE_KIB, Store
from chinatracker.store.models import AuditRow, DocumentRow

TABLES = {
    "documents",
    "ingest_errors",
    "extraction_runs",
    "document_extractions",
    "facts",
    "evidence",
    "aid_deliveries",
    "aid_recipients",
    "aid_items",
    "events",
    "event_countries",
    "event_actors",
    "event_quantities",
    "entities",
    "quantities",
    "quotes",
    "claims",
    "audit_log",
    "alembic_version",
}


def make_document(body: str) -> Document:
    return Document(
        path="x.txt",
        format="txt",
        text=body,
        content_hash=content_hash(body),
        raw_hash=raw_hash(body.encode()),
    )


def test_a_new_file_gets_the_whole_schema(store: Store) -> None:
    assert set(inspect(store.engine).get_table_names()) >= TABLES


def test_reopening_a_migrated_store_keeps_its_data(db_url: str) -> None:
    first = Store(db_url)
    with first.transaction() as session:
        documents.add_documents(session, [make_document("A document about PLA donations to Laos.")])
    first.close()
    again = Store(db_url)
    with again.reading() as session:
        assert session.scalar(select(DocumentRow.text)) == "A document about PLA donations to Laos."
    again.close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # Negative: KiB, not pages. SQLite's 2 MiB default made full-text index merges re-read.
        assert conn.execute(text("PRAGMA cache_size")).scalar() == -SQLITE_CACHE_KIB
        assert SQLITE_CACHE_KIB >= 32 * 1024
        assert conn.execute(text("PRAGMA temp_store")).scalar() == 2  # memory


def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    def write_then_fail() -> None:
        with store.transaction() as session:
            documents.add_documents(session, [make_document("Text that must not survive.")])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_then_fail()
    with store.reading() as session:
        assert session.scalar(select(DocumentRow.id)) is None


def test_the_audit_log_refuses_updates_and_deletes(store: Store) -> None:
    with store.transaction() as session:
        session.add(
            AuditRow(actor="analyst", action="accept", fact_id=1, before={}, after={"a": 1})
        )
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), store.transaction() as session:
            session.execute(text(statement))
    with store.reading() as session:
        assert session.scalar(select(AuditRow.actor)) == "analyst"


def test_paths_and_urls_are_both_accepted(tmp_path: Path) -> None:
    assert database_url(str(tmp_path / "a.sqlite")) == f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert database_url("postgresql://u@localhost/db") == "postgresql://u@localhost/db"


def test_a_database_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "nowhere" / "t.sqlite"))


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "not.sqlite"
    path.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store(str(path))
