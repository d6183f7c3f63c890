"""Indexes for dashboard pages filtered by category, channel or place.

A page lists matches newest first. With a topic (event category or aid channel) or a place, the
matches lie in one index range per topic, or per country and topic, each already in date order,
so `store/dashboard.py` reads a window of recent dates in each and widens it until it holds the
page. Both indexes carry kind, review status and confidence after the key, so the remaining
filters are checked without reading the table.

SQLite then refreshes its planner statistics: without them it would not know the new indexes
and keeps seeking on the older ones, which do not hold the topic.

Revision ID: 0005_topic_page_indexes
Revises: 0004_dashboard_tallies
Create Date: 2026-11-23 19:15:00
"""

from __future__ import annotations

from alembic import op

revision = "0005_topic_page_indexes"
down_revision = "0004_dashboard_tallies"
branch_labels = None
depends_on = None

CHECKED = ["kind", "review_status", "confidence"]
INDEXES = {
    "ix_facts_topic_date": ("facts", ["current", "topic", "date_start", "id", *CHECKED]),
    "ix_fact_places_topic": (
        "fact_places",
        ["country", "current", "topic", "date_start", "fact_id", *CHECKED],
    ),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA analysis_limit=10000")
        op.execute("ANALYZE")


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
