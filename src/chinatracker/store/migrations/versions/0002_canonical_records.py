"""Canonical records: link constraints, resolve runs, canonical aid and events with members.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:56:19.091030
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_constraints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("fact_a", sa.Integer(), nullable=False),
        sa.Column("fact_b", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("link_constraints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_constraints_fact_a"), ["fact_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_link_constraints_fact_b"), ["fact_b"], unique=False)

    op.create_table(
        "resolve_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolver_version", sa.String(length=40), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aid_facts", sa.Integer(), nullable=False),
        sa.Column("event_facts", sa.Integer(), nullable=False),
        sa.Column("aid_records", sa.Integer(), nullable=False),
        sa.Column("event_records", sa.Integer(), nullable=False),
        sa.Column("constraints", sa.Integer(), nullable=False),
        sa.Column(
            "policy",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("resolve_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resolve_runs_fingerprint"), ["fingerprint"], unique=False
        )

    op.create_table(
        "canonical_aid",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("donor_channel", sa.String(length=12), nullable=False),
        sa.Column("donor_country", sa.String(length=3), nullable=True),
        sa.Column(
            "donor_names",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("recipient_country", sa.String(length=3), nullable=True),
        sa.Column("recipient_label", sa.Text(), nullable=False),
        sa.Column(
            "recipient_names",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("institution_type", sa.String(length=20), nullable=False),
        sa.Column(
            "items",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "quantities",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("value_amount", sa.Float(), nullable=True),
        sa.Column("value_currency", sa.String(length=3), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("batch_countries", sa.Integer(), nullable=False),
        sa.Column(
            "sources",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("corroboration", sa.Integer(), nullable=False),
        sa.Column("official", sa.Boolean(), nullable=False),
        sa.Column("quality", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column(
            "conflicts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["run_id"], ["resolve_runs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("canonical_aid", schema=None) as batch_op:
        batch_op.create_index(
            "ix_canonical_aid_channel_country", ["donor_channel", "recipient_country"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_canonical_aid_date_start"), ["date_start"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_canonical_aid_recipient_country"), ["recipient_country"], unique=False
        )

    op.create_table(
        "canonical_events",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column(
            "countries",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "actors",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "quantities",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "sources",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("corroboration", sa.Integer(), nullable=False),
        sa.Column("official", sa.Boolean(), nullable=False),
        sa.Column("quality", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column(
            "conflicts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["run_id"], ["resolve_runs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("canonical_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_canonical_events_category"), ["category"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_canonical_events_date_start"), ["date_start"], unique=False
        )

    op.create_table(
        "canonical_aid_members",
        sa.Column("canonical_id", sa.String(length=40), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("review_status", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["canonical_id"], ["canonical_aid.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("canonical_id", "fact_id"),
    )
    with op.batch_alter_table("canonical_aid_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_canonical_aid_members_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_canonical_aid_members_fact_id"), ["fact_id"], unique=False
        )

    op.create_table(
        "canonical_event_members",
        sa.Column("canonical_id", sa.String(length=40), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("review_status", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["canonical_id"], ["canonical_events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("canonical_id", "fact_id"),
    )
    with op.batch_alter_table("canonical_event_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_canonical_event_members_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_canonical_event_members_fact_id"), ["fact_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("canonical_event_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canonical_event_members_fact_id"))
        batch_op.drop_index(batch_op.f("ix_canonical_event_members_document_id"))

    op.drop_table("canonical_event_members")
    with op.batch_alter_table("canonical_aid_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canonical_aid_members_fact_id"))
        batch_op.drop_index(batch_op.f("ix_canonical_aid_members_document_id"))

    op.drop_table("canonical_aid_members")
    with op.batch_alter_table("canonical_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canonical_events_date_start"))
        batch_op.drop_index(batch_op.f("ix_canonical_events_category"))

    op.drop_table("canonical_events")
    with op.batch_alter_table("canonical_aid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canonical_aid_recipient_country"))
        batch_op.drop_index(batch_op.f("ix_canonical_aid_date_start"))
        batch_op.drop_index("ix_canonical_aid_channel_country")

    op.drop_table("canonical_aid")
    with op.batch_alter_table("resolve_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resolve_runs_fingerprint"))

    op.drop_table("resolve_runs")
    with op.batch_alter_table("link_constraints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_constraints_fact_b"))
        batch_op.drop_index(batch_op.f("ix_link_constraints_fact_a"))

    op.drop_table("link_constraints")
