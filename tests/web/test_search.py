"""Full-text search: the query language, the indexes kept in step, and migrations that agree."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import delete, text, update

from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.scale.runs import run_local
from chinatracker.scale.synthetic import write_jsonl
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import Store
from chinatracker.store.documents import add_documents
from chinatracker.store.models import Base, DocumentRow
from chinatracker.store.search import (
    SearchError,
    fts5_query,
    include_name,
    search_documents,
)


@pytest.fixture
def store(db_url: str):
    opened = Store(db_url)
    yield opened
    opened.close()


def _add(store: Store, title: str, body: str) -> int:
    digest = hashlib.sha256(body.encode()).hexdigest()
    with store.transaction() as session:
        [document_id] = add_documents(
            session,
            [
                Document(
                    path=f"{title}.txt",
                    format="txt",
                    title=title,
                    text=body,
                    content_hash=digest,
                    raw_hash=digest,
                )
            ],
        )
    return document_id


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("masks Serbia", '"masks" "Serbia"'),
        ('"protective suits" OR gowns', '"protective suits" OR "gowns"'),
        ("vent*", '"vent"*'),
        ('NEAR(a b) title:x ^y "', '"NEAR(a" "b)" "title:x" "^y"'),
        ("OR masks OR", '"OR" "masks"'),
    ],
)
def test_what_people_type_becomes_a_safe_fts5_query(typed: str, query: str) -> None:
    assert fts5_query(typed) == query


def test_a_query_without_words_is_refused() -> None:
    with pytest.raises(SearchError):
        fts5_query('"" -- ;')


def test_the_index_follows_inserts_updates_and_deletes(store: Store) -> None:
    document_id = _add(store, "Ventilators for Lisbon", "Fifty ventilators reached Lisbon.")
    with store.reading() as session:
        assert search_documents(session, "ventilator").total == 1
    with store.transaction() as session:
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id == document_id)
            .values(text="Masks reached Porto.")
        )
    with store.reading() as session:
        assert search_documents(session, "ventilators lisbon").total == 1  # the title still says so
        assert search_documents(session, "Porto").total == 1
        assert search_documents(session, "fifty").total == 0
    with store.transaction() as session:
        session.execute(delete(DocumentRow).where(DocumentRow.id == document_id))
    with store.reading() as session:
        assert search_documents(session, "Porto").total == 0


def test_batches_written_by_ingest_and_extraction_are_all_indexed(
    store: Store, tmp_path: Path
) -> None:
    """New rows are indexed once per batch by the writers, not by triggers (migration 0006)."""
    corpus = tmp_path / "articles.jsonl"
    write_jsonl(corpus, 23, seed=5)
    ingest([str(corpus)], store, Settings(db=store.url, ingest_batch_size=7))
    run_local(store, Extractor(), batch_size=5)
    if store.dialect != "sqlite":
        return  # PostgreSQL indexes expressions of the rows themselves
    with store.reading() as session:
        for table, source in (("documents_fts", "documents"), ("evidence_fts", "evidence")):
            # rank 1: also compare the index with the rows it was built from
            session.execute(
                text(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
            )
            indexed = session.scalar(text(f"SELECT count(*) FROM {table}_docsize"))
            assert indexed == session.scalar(text(f"SELECT count(*) FROM {source}")) > 20


def test_hostile_search_input_is_searched_for_not_run(store: Store) -> None:
    _add(store, "Plain", "Nothing to see here.")
    with store.reading() as session:
        for typed in ("NEAR(", "title:*", "') OR 1=1 --", "a AND", "<script>"):
            assert search_documents(session, typed).total == 0


def test_models_and_migrations_agree_apart_from_the_search_objects(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []


def test_postgres_search_uses_its_index(store: Store) -> None:
    if store.dialect != "postgresql":
        pytest.skip("PostgreSQL only")
    _add(store, "Masks", "Masks for Serbia.")
    with store.reading() as session:
        session.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(
            session.scalars(
                text(
                    "EXPLAIN SELECT d.id FROM documents d, websearch_to_tsquery('english', 'masks') query "
                    "WHERE to_tsvector('english'::regconfig, coalesce(d.title, '') || ' ' || "
                    "left(d.text, 250000)) @@ query"
                )
            )
        )
    assert "ix_documents_search" in plan
