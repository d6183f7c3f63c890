"""Migrations and models agree, on SQLite and PostgreSQL, and migrate both ways."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from chinatracker.store import accounts  # noqa: F401  (the web app's tables)
from chinatracker.store.database import Store, alembic_config
from chinatracker.store.models import Base
from chinatracker.store.search import include_name

DASHBOARD_INDEXES = {
    "facts": {"ix_facts_dashboard", "ix_facts_current_date", "ix_facts_topic_date"},
    "aid_deliveries": {"ix_aid_deliveries_channel_fact"},
    "fact_places": {"ix_fact_places_map", "ix_fact_places_country", "ix_fact_places_topic"},
    "events": {"ix_events_category_fact"},
    "fact_tallies": {"ix_fact_tallies_area"},
}


def test_autogenerate_against_a_fresh_database_finds_no_difference(store: Store) -> None:
    """What `alembic revision --autogenerate` would see (the same filter as migrations/env.py)."""
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []


def test_the_dashboard_indexes_exist(store: Store) -> None:
    inspector = inspect(store.engine)
    for table, indexes in DASHBOARD_INDEXES.items():
        assert indexes <= {i["name"] for i in inspector.get_indexes(table)}


def test_downgrade_to_nothing_and_upgrade_again(store: Store) -> None:
    config = alembic_config(store.engine)
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert "ix_facts_dashboard" in {i["name"] for i in inspect(store.engine).get_indexes("facts")}
