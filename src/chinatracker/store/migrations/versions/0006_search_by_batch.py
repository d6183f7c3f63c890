"""Full-text search on SQLite: new rows are indexed once per batch, not by a trigger per row.

A statement that fires a trigger runs inside a savepoint, and FTS5 writes its pending terms out
at every savepoint, so 0003's insert triggers made each document and each evidence quote a
segment of its own, which FTS5 then kept merging: at 70,000 documents one more cost 50 ms to
insert. The writers now fill `documents_fts` and `evidence_fts` with one `INSERT ... SELECT` per
batch (`store.search.index_documents`, `index_evidence`), so FTS5 writes one segment per commit.
The update and delete triggers stay: those writes are rare and may come from anywhere.

Revision ID: 0006_search_by_batch
Revises: 0005_topic_page_indexes
Create Date: 2026-12-06 03:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0006_search_by_batch"
down_revision = "0005_topic_page_indexes"
branch_labels = None
depends_on = None

# 0003's insert triggers, to put back on downgrade.
INDEXED = {
    "documents_fts": ("documents", ["title", "text"]),
    "evidence_fts": ("evidence", ["quote"]),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in INDEXED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, (source, columns) in INDEXED.items():
        names = ", ".join(columns)
        values = ", ".join(f"new.{c}" for c in columns)
        op.execute(
            f"CREATE TRIGGER {table}_insert AFTER INSERT ON {source} "
            f"BEGIN INSERT INTO {table}(rowid, {names}) VALUES (new.id, {values}); END"
        )
