"""Labelled examples from analysts' reviews, for `chinatracker train`.

Every accept, correct or reject writes one row per evidence span of the fact: what the fact now
says it is (an event's category and status, or the fact's kind) or `none` for a rejection, with
the analyst and the time. The audit log keeps the same decisions as before-and-after values;
this table keeps them in the shape training reads, and survives re-extraction, which retires
the facts but never the analysts' word.

Revision ID: 0009_review_examples
Revises: 0008_event_status
Create Date: 2026-12-06 21:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_review_examples"
down_revision = "0008_event_status"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_examples",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fact_id", sa.Integer, nullable=False, index=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("status", sa.String(12)),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("extractor_version", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_examples")
