"""Events carry a status: current news, or an earlier event the document recalls.

The learned extractor tells the two apart (docs/extraction.md); reports and highlights are
built from current events, and the web app can still show the background ones. Rows written
before this migration were all reported as news, so they default to `current`.

Revision ID: 0008_event_status
Revises: 0007_all_time_tallies
Create Date: 2026-12-06 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_event_status"
down_revision = "0007_all_time_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(
            sa.Column("status", sa.String(12), nullable=False, server_default="current")
        )


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("status")
