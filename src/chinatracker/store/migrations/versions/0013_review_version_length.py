"""Review examples hold the extractor version as long as the facts do.

The version names every model that made a fact (English events, the aid decision, the Chinese
passes and model), about 85 characters, over the 80 that migration 0009 gave review examples;
PostgreSQL refused to record a review of such a fact. The column takes the 100 of the facts.

Revision ID: 0013_review_version_length
Revises: 0012_chinese_search
Create Date: 2026-12-07 01:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_review_version_length"
down_revision = "0012_chinese_search"
branch_labels = None
depends_on = None


def _length(old: int, new: int) -> None:
    # No trigger or virtual table refers to review_examples, so SQLite's batch copy is safe.
    with op.batch_alter_table("review_examples") as batch:
        batch.alter_column(
            "extractor_version",
            existing_type=sa.String(old),
            type_=sa.String(new),
            existing_nullable=False,
        )


def upgrade() -> None:
    _length(80, 100)


def downgrade() -> None:
    _length(100, 80)
