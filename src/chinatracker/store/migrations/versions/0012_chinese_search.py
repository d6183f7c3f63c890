"""Search on Chinese text: a trigram index over Chinese documents and evidence; room for the
Chinese model in the extractor version.

The English indexes (0003) cut words at spaces and stem them: Chinese has no spaces, so a query
for 口罩 found nothing. Chinese text is indexed by character trigrams instead, on its simplified
form, so that a query in either script finds text in either script:

- **SQLite**: two FTS5 tables with the `trigram` tokenizer, `documents_zh_fts` (title, text) and
  `evidence_zh_fts` (quote), holding the simplified copy of each Chinese document (language
  `zh…`) and of the evidence of its facts. The writers fill them in the same batches as the
  English tables (`store.search.index_documents`, `index_evidence`); a trigger removes a row
  when its document or evidence row goes.
- **PostgreSQL**: the `pg_trgm` extension, an immutable function that reads text as simplified
  (`translate()` with the same table) and GIN trigram indexes on it, over Chinese documents (a
  partial index) and all evidence; `store/search.py` queries the very same expressions
  (`zh_document_expression`).

The extractor version now names both languages' models
(`rules-1.1.0+events-…+zh-1.0.0+events-zh-…+combined`), longer than the 40 characters of
`extractor_version`: the three columns take 100. SQLite does not enforce a VARCHAR length, so
only the declared type changes there (in place, without copying the tables).

Revision ID: 0012_chinese_search
Revises: 0011_entity_country_role
Create Date: 2026-12-07 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

from chinatracker.store.search import (
    PG_ZH_FUNCTION,
    PG_ZH_INDEXES,
    SQLITE_ZH_TABLES,
    fill_chinese_index,
    pg_zh_function,
)

revision = "0012_chinese_search"
down_revision = "0011_entity_country_role"
branch_labels = None
depends_on = None


VERSION_COLUMNS = ("extraction_runs", "document_extractions", "facts")


def _version_length(length: int) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in VERSION_COLUMNS:
            op.alter_column(
                table,
                "extractor_version",
                type_=sa.String(length),
                existing_nullable=False,
            )
    elif bind.dialect.name == "sqlite":
        # The declared type lives in the schema text; rewriting it keeps the data in place, and
        # a new schema_version makes every connection read the schema again (SQLite's
        # documented way to change a declared type without copying a table).
        bind.execute(sa.text("PRAGMA writable_schema = ON"))
        for table in VERSION_COLUMNS:
            bind.execute(
                sa.text(
                    "UPDATE sqlite_master SET sql = replace(sql, "
                    f"'extractor_version VARCHAR({40 if length == 100 else 100})', "
                    f"'extractor_version VARCHAR({length})') WHERE type = 'table' AND name = :t"
                ),
                {"t": table},
            )
        version = bind.execute(sa.text("PRAGMA schema_version")).scalar_one()
        bind.execute(sa.text(f"PRAGMA schema_version = {int(version) + 1}"))
        bind.execute(sa.text("PRAGMA writable_schema = OFF"))


def upgrade() -> None:
    _version_length(100)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE documents_zh_fts USING fts5(title, text, tokenize='trigram')"
        )
        op.execute("CREATE VIRTUAL TABLE evidence_zh_fts USING fts5(quote, tokenize='trigram')")
        op.execute(
            "CREATE TRIGGER documents_zh_fts_delete AFTER DELETE ON documents "
            "BEGIN DELETE FROM documents_zh_fts WHERE rowid = old.id; END"
        )
        op.execute(
            "CREATE TRIGGER evidence_zh_fts_delete AFTER DELETE ON evidence "
            "BEGIN DELETE FROM evidence_zh_fts WHERE rowid = old.id; END"
        )
        fill_chinese_index(bind)
    elif bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        bind.execute(text(pg_zh_function()))
        for statement in PG_ZH_INDEXES.values():
            bind.execute(text(statement))


def downgrade() -> None:
    _version_length(40)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in SQLITE_ZH_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_delete")
            op.execute(f"DROP TABLE IF EXISTS {table}")
    elif dialect == "postgresql":
        for name in PG_ZH_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"DROP FUNCTION IF EXISTS {PG_ZH_FUNCTION}(text)")
