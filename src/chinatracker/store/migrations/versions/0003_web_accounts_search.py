"""Web app: users, sessions and settings; full-text search over documents and evidence.

Search is SQLite FTS5 (external-content tables kept in step by triggers) or PostgreSQL GIN
indexes on tsvector expressions; `store/search.py` queries them and must use the very same
expressions. Autogenerate skips these objects (`store.search.include_name`): SQLAlchemy cannot
model a virtual table or an expression index.

Note for later migrations on SQLite: a batch operation that rebuilds `documents` or `evidence`
(move and copy) drops their triggers; recreate them with `sqlite_search()` of this file.

Revision ID: 0003_web_accounts
Revises: 0002
Create Date: 2026-11-23 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_web_accounts"
down_revision = "0002"
branch_labels = None
depends_on = None

TOKENIZE = "porter unicode61 remove_diacritics 2"


def _fts5(table: str, source: str, columns: list[str]) -> list[str]:
    """An external-content FTS5 table over `source`, its triggers, and its first fill."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {table}({table}, rowid, {names}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {table}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {table} USING fts5({names}, content='{source}', "
        f"content_rowid='id', tokenize='{TOKENIZE}')",
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON {source} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON {source} BEGIN {delete} END",
        f"CREATE TRIGGER {table}_update AFTER UPDATE OF {names} ON {source} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]


def sqlite_search() -> list[str]:
    return _fts5("documents_fts", "documents", ["title", "text"]) + _fts5(
        "evidence_fts", "evidence", ["quote"]
    )


# A tsvector holds at most 1 MB: documents are indexed on their first 250,000 characters.
POSTGRES_SEARCH = [
    "CREATE INDEX ix_documents_search ON documents USING gin "
    "(to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || left(text, 250000)))",
    "CREATE INDEX ix_evidence_search ON evidence USING gin "
    "(to_tsvector('english'::regconfig, quote))",
]


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_expires_at"), ["expires_at"])
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"])
    op.create_table(
        "web_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": sqlite_search(), "postgresql": POSTGRES_SEARCH}.get(dialect, [])
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in ("documents_fts", "evidence_fts"):
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {table}")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_evidence_search")
        op.execute("DROP INDEX IF EXISTS ix_documents_search")
    op.drop_table("web_settings")
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_web_sessions_expires_at"))
    op.drop_table("web_sessions")
    op.drop_table("users")
