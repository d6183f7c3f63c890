"""Store tests run on SQLite and PostgreSQL: `store` here is parametrized over both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chinatracker.config import Settings
from chinatracker.store.database import Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(settings: Settings) -> Iterator[Store]:
    """For what only SQLite has (pragmas, files)."""
    opened = Store(settings.db)
    yield opened
    opened.close()
