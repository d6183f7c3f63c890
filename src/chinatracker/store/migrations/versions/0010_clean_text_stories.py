"""Documents keep the text as read beside the clean view, and belong to a story.

`raw_text` holds the text as read when cleaning (entities, tags, page furniture) changed it;
`text` is the clean view that evidence offsets point into. `story_id` names the first stored
copy of a near-duplicate story (wire copies, re-posts), `minhash` the document's signature that
finds those copies at ingest. Documents stored before this migration have neither: each is its
own story until `chinatracker documents restory` groups them.

Revision ID: 0010_clean_text_stories
Revises: 0009_review_examples
Create Date: 2026-12-06 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_clean_text_stories"
down_revision = "0009_review_examples"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("raw_text", sa.Text, nullable=True))
        batch.add_column(sa.Column("story_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("minhash", sa.LargeBinary, nullable=True))
        batch.create_index("ix_documents_story_id", ["story_id"])


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL), not a batch copy: copying
    # `documents` means dropping it, which SQLite refuses while its search triggers are live.
    op.drop_index("ix_documents_story_id", table_name="documents")
    for column in ("minhash", "story_id", "raw_text"):
        op.drop_column("documents", column)
