"""Batches: deduplication, transactions, real corpora, URLs."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chinatracker.config import Settings
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentRow

INGEST = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def count(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(DocumentRow)) or 0


def test_ingesting_twice_adds_nothing(store: Store, settings: Settings) -> None:
    first = ingest([str(INGEST)], store, settings)
    second = ingest([str(INGEST)], store, settings)
    assert first.added == count(store) > 5
    assert second.added == 0
    assert second.duplicates == first.added


def test_same_text_in_another_file_with_other_spacing_is_a_duplicate(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    original = (INGEST / "2020-04-02-pla-masks-plain.txt").read_text()
    (tmp_path / "copy.txt").write_text("  " + original.replace(" ", "  ").upper() + "\n\n")
    ingest([str(INGEST / "2020-04-02-pla-masks-plain.txt")], store, settings)
    summary = ingest([str(tmp_path / "copy.txt")], store, settings)
    assert (summary.added, summary.duplicates) == (0, 1)


def test_committed_batches_survive_an_interrupted_run(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "t.sqlite"), ingest_batch_size=1)
    store = Store(settings.db)
    seen: list[str] = []

    def stop_after_three(source: str) -> None:
        seen.append(source)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([str(INGEST)], store, settings, on_input=stop_after_three)
    stored = count(store)
    assert stored >= 2
    resumed = ingest([str(INGEST)], store, settings)
    assert resumed.duplicates == stored
    assert count(store) == stored + resumed.added


def test_the_seed_articles_ingest(shared_corpus: Path, store: Store, settings: Settings) -> None:
    summary = ingest([str(shared_corpus / "seeds")], store, settings)
    assert (summary.added, summary.failed) == (3, 0)
    with store.reading() as session:
        row = session.scalars(select(DocumentRow).where(DocumentRow.path.like("%003_%"))).one()
    as_read = (shared_corpus / "seeds" / "003_b5431f1753da667a.txt").read_text(encoding="utf-8")
    # The text as read is kept; the clean view has plain spaces for no-break ones, same length.
    assert row.raw_text == as_read
    assert "\u00a0" in as_read and "\u00a0" not in row.text
    assert len(row.text) == len(as_read)
    assert row.published is None  # no date in the name or text metadata: unknown, never today


@pytest.mark.slow
def test_the_china_media_file_streams_in(shared_corpus: Path, tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "t.sqlite"), ingest_batch_size=500)
    store = Store(settings.db)
    summary = ingest([str(shared_corpus / "china_media" / "articles.jsonl")], store, settings)
    assert summary.failed == 0
    assert summary.added + summary.duplicates == 1686
    assert summary.added == count(store)


@pytest.fixture
def web_server(tmp_path: Path) -> Iterator[str]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "article.html").write_bytes((INGEST / "page.html").read_bytes())
    (site / "feed").write_bytes((INGEST / "feed.atom").read_bytes())
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_urls_are_fetched_and_read_by_content_type(
    web_server: str, store: Store, settings: Settings
) -> None:
    summary = ingest([f"{web_server}/article.html", f"{web_server}/missing.html"], store, settings)
    assert summary.added == 1
    [problem] = summary.problems
    assert problem.kind == "fetch"
    assert "HTTP 404" in problem.reason
    with store.reading() as session:
        row = session.scalars(select(DocumentRow)).one()
    assert row.path == f"{web_server}/article.html"
    assert row.url == f"{web_server}/article.html"
    assert row.format == "html"
