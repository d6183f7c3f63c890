"""Initial schema: documents, ingest errors, extraction runs, facts with evidence, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 12:20:45.837454
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


APPEND_ONLY_SQLITE = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
]
APPEND_ONLY_POSTGRES = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
]


# fact_places = (aid_recipients ∪ event_countries) joined to facts, kept so by triggers whoever
# writes (see FactPlaceRow in store/models.py): a row per (fact, country), removed when the last
# recipient or event country naming that country goes, updated when the fact's fields change.
PLACE_COLUMNS = "fact_id, country, kind, current, date_start, review_status, confidence"
PLACE_FROM_FACT = "SELECT id, {new}.country, kind, current, date_start, review_status, confidence"
PLACE_GONE = (
    "DELETE FROM fact_places WHERE fact_id = OLD.fact_id AND country = OLD.country "
    "AND NOT EXISTS (SELECT 1 FROM aid_recipients r "
    "WHERE r.fact_id = OLD.fact_id AND r.country = OLD.country) "
    "AND NOT EXISTS (SELECT 1 FROM event_countries c "
    "WHERE c.fact_id = OLD.fact_id AND c.country = OLD.country)"
)
PLACE_FOLLOWS = (
    "UPDATE fact_places SET current = NEW.current, date_start = NEW.date_start, "
    "review_status = NEW.review_status, confidence = NEW.confidence WHERE fact_id = NEW.id"
)
FACT_FIELDS = "current, date_start, review_status, confidence"


def _sqlite_place_triggers() -> list[str]:
    add = (
        f"INSERT OR IGNORE INTO fact_places ({PLACE_COLUMNS}) "
        f"{PLACE_FROM_FACT.format(new='NEW')} FROM facts WHERE id = NEW.fact_id"
    )
    statements = []
    for table in ("aid_recipients", "event_countries"):
        statements += [
            f"CREATE TRIGGER {table}_place_add AFTER INSERT ON {table} "
            f"WHEN NEW.country IS NOT NULL BEGIN {add}; END",
            f"CREATE TRIGGER {table}_place_gone AFTER DELETE ON {table} "
            f"WHEN OLD.country IS NOT NULL BEGIN {PLACE_GONE}; END",
            f"CREATE TRIGGER {table}_place_moved AFTER UPDATE OF fact_id, country ON {table} "
            f"BEGIN {PLACE_GONE}; {add}; END",
        ]
    statements.append(
        f"CREATE TRIGGER facts_place_fields AFTER UPDATE OF {FACT_FIELDS} ON facts "
        f"BEGIN {PLACE_FOLLOWS}; END"
    )
    return statements


def _postgres_place_triggers() -> list[str]:
    add = (
        f"INSERT INTO fact_places ({PLACE_COLUMNS}) {PLACE_FROM_FACT.format(new='NEW')} "
        "FROM facts WHERE id = NEW.fact_id ON CONFLICT DO NOTHING"
    )
    sync = (
        "CREATE FUNCTION fact_places_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP <> 'INSERT' THEN IF OLD.country IS NOT NULL THEN "
        f"{PLACE_GONE}; END IF; END IF; "
        "IF TG_OP <> 'DELETE' THEN IF NEW.country IS NOT NULL THEN "
        f"{add}; END IF; END IF; "
        "RETURN NULL; END $$"
    )
    follow = (
        "CREATE FUNCTION fact_places_follow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"{PLACE_FOLLOWS}; RETURN NULL; END $$"
    )
    statements = [sync, follow]
    for table in ("aid_recipients", "event_countries"):
        statements.append(
            f"CREATE TRIGGER fact_places_sync AFTER INSERT OR DELETE OR UPDATE OF fact_id, country "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION fact_places_sync()"
        )
    statements.append(
        f"CREATE TRIGGER fact_places_follow AFTER UPDATE OF {FACT_FIELDS} ON facts "
        "FOR EACH ROW EXECUTE FUNCTION fact_places_follow()"
    )
    return statements


def _create_fact_places() -> None:
    op.create_table(
        "fact_places",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("review_status", sa.String(length=12), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("fact_id", "country"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("fact_places", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fact_places_map",
            ["current", "kind", "date_start", "country", "review_status", "confidence", "fact_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_fact_places_country",
            ["country", "current", "kind", "date_start", "review_status", "confidence", "fact_id"],
            unique=False,
        )
    dialect = op.get_bind().dialect.name
    triggers = {"sqlite": _sqlite_place_triggers, "postgresql": _postgres_place_triggers}
    for statement in triggers[dialect]() if dialect in triggers else []:
        op.execute(statement)


def _protect_audit_log() -> None:
    """The audit trail must not be rewritten, even by a buggy release: the database refuses."""
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": APPEND_ONLY_SQLITE, "postgresql": APPEND_ONLY_POSTGRES}.get(dialect, [])
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=True),
        sa.Column(
            "before",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "after",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_fact_id"), ["fact_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("raw_hash", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_from", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_raw_hash"), ["raw_hash"], unique=False)

    op.create_table(
        "extraction_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("engine", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("facts", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column(
            "counts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("extraction_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_extraction_runs_extractor_version"), ["extractor_version"], unique=False
        )

    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ingest_errors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingest_errors_kind"), ["kind"], unique=False)

    op.create_table(
        "document_extractions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("facts", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["extraction_runs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash", "extractor_version"),
    )
    with op.batch_alter_table("document_extractions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_extractions_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("review_status", sa.String(length=12), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["extraction_runs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facts_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_facts_kind_date", ["kind", "date_start"], unique=False)
        batch_op.create_index("ix_facts_kind_status", ["kind", "review_status"], unique=False)
        batch_op.create_index(
            "ix_facts_dashboard",
            ["current", "kind", "date_start", "review_status", "confidence"],
            unique=False,
        )
        batch_op.create_index(
            "ix_facts_current_date", ["current", "date_start", "id"], unique=False
        )

    op.create_table(
        "aid_deliveries",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("donor_name", sa.Text(), nullable=False),
        sa.Column("donor_country", sa.String(length=3), nullable=True),
        sa.Column("donor_channel", sa.String(length=12), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("value_amount", sa.Float(), nullable=True),
        sa.Column("value_currency", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("fact_id"),
    )
    with op.batch_alter_table("aid_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_aid_deliveries_donor_channel"), ["donor_channel"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_aid_deliveries_donor_country"), ["donor_country"], unique=False
        )
        batch_op.create_index(
            "ix_aid_deliveries_channel_fact", ["donor_channel", "fact_id"], unique=False
        )

    op.create_table(
        "aid_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("aid_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aid_items_fact_id"), ["fact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_aid_items_item"), ["item"], unique=False)

    op.create_table(
        "aid_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("institution_type", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("aid_recipients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aid_recipients_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_aid_recipients_fact_id"), ["fact_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "countries",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("fact_id"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_kind"), ["kind"], unique=False)

    op.create_table(
        "entities",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("actor_id", sa.String(length=60), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("fact_id"),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_entities_type"), ["type"], unique=False)

    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actors_fact_id"), ["fact_id"], unique=False)

    op.create_table(
        "event_countries",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("fact_id", "country"),
    )
    with op.batch_alter_table("event_countries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_countries_country"), ["country"], unique=False)

    op.create_table(
        "event_quantities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event_quantities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_quantities_fact_id"), ["fact_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("fact_id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_category"), ["category"], unique=False)
        batch_op.create_index("ix_events_category_fact", ["category", "fact_id"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_fact_id"), ["fact_id"], unique=False)

    op.create_table(
        "quantities",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("fact_id"),
    )
    op.create_table(
        "quotes",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("speaker_role", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("fact_id"),
    )
    _create_fact_places()
    _protect_audit_log()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
        for table in ("aid_recipients", "event_countries"):
            op.execute(f"DROP TRIGGER IF EXISTS fact_places_sync ON {table}")
        op.execute("DROP TRIGGER IF EXISTS fact_places_follow ON facts")
        op.execute("DROP FUNCTION IF EXISTS fact_places_sync()")
        op.execute("DROP FUNCTION IF EXISTS fact_places_follow()")
    op.drop_table("fact_places")
    op.drop_table("quotes")
    op.drop_table("quantities")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_fact_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_document_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_category_fact")
        batch_op.drop_index(batch_op.f("ix_events_category"))

    op.drop_table("events")
    with op.batch_alter_table("event_quantities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_quantities_fact_id"))

    op.drop_table("event_quantities")
    with op.batch_alter_table("event_countries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_countries_country"))

    op.drop_table("event_countries")
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_actors_fact_id"))

    op.drop_table("event_actors")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_type"))
        batch_op.drop_index(batch_op.f("ix_entities_country"))

    op.drop_table("entities")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_kind"))

    op.drop_table("claims")
    with op.batch_alter_table("aid_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aid_recipients_fact_id"))
        batch_op.drop_index(batch_op.f("ix_aid_recipients_country"))

    op.drop_table("aid_recipients")
    with op.batch_alter_table("aid_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aid_items_item"))
        batch_op.drop_index(batch_op.f("ix_aid_items_fact_id"))

    op.drop_table("aid_items")
    with op.batch_alter_table("aid_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_aid_deliveries_channel_fact")
        batch_op.drop_index(batch_op.f("ix_aid_deliveries_donor_country"))
        batch_op.drop_index(batch_op.f("ix_aid_deliveries_donor_channel"))

    op.drop_table("aid_deliveries")
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.drop_index("ix_facts_current_date")
        batch_op.drop_index("ix_facts_dashboard")
        batch_op.drop_index("ix_facts_kind_status")
        batch_op.drop_index("ix_facts_kind_date")
        batch_op.drop_index(batch_op.f("ix_facts_document_id"))

    op.drop_table("facts")
    with op.batch_alter_table("document_extractions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_extractions_document_id"))

    op.drop_table("document_extractions")
    with op.batch_alter_table("ingest_errors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingest_errors_kind"))

    op.drop_table("ingest_errors")
    with op.batch_alter_table("extraction_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extraction_runs_extractor_version"))

    op.drop_table("extraction_runs")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_raw_hash"))
        batch_op.drop_index(batch_op.f("ix_documents_published"))

    op.drop_table("documents")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_fact_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
