"""Extraction runs: what a run leaves behind for the query planner."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from chinatracker.config import Settings
from chinatracker.scale.runs import refresh_statistics
from chinatracker.scale.synthetic import write_jsonl
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import SQLITE_CACHE_KIB, Store


def test_statistics_refresh_fills_sqlite_stat1_and_gives_the_cache_back(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    """ANALYZE runs on a small page cache of its own (its sample is read once), and the
    connection goes back to the pool with the store's cache size."""
    corpus = tmp_path / "articles.jsonl"
    write_jsonl(corpus, 30, seed=2)
    ingest([str(corpus)], store, settings)
    refresh_statistics(store)
    with store.engine.connect() as connection:
        stats = connection.execute(
            text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'documents'")
        )
        assert stats.scalar_one() > 0
        assert connection.execute(text("PRAGMA cache_size")).scalar() == -SQLITE_CACHE_KIB
