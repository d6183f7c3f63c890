"""Extraction runs: find pending documents, extract them with an engine, write results safely.

Engines only decide where `extract_batch` runs and which process writes; writing is always
here, in one transaction per batch, through `store.facts.save_prepared`, which skips work already
recorded. That is what makes every engine resumable: kill a run at any point, start it again, and
it finishes the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.store import facts as fact_store
from chinatracker.store.database import SQLITE_CACHE_KIB, Store
from chinatracker.store.documents import to_document
from chinatracker.store.models import DocumentRow, ExtractionRunRow


@dataclass
class RunSummary:
    run_id: int
    version: str
    engine: str
    documents: int = 0
    facts: int = 0
    failures: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def extract_batch(
    extractor: Extractor, documents: Sequence[Document]
) -> list[fact_store.DocumentOutcome]:
    """Extract each document; an error in one document is recorded, never fatal to the batch."""
    outcomes = []
    for document in documents:
        assert document.id is not None
        try:
            extraction = extractor.extract(document)
            outcomes.append(
                fact_store.DocumentOutcome(
                    document.id, document.content_hash, extraction=extraction
                )
            )
        except Exception as exc:  # a bug or a pathological text must not stop a 100k-document run
            message = f"{type(exc).__name__}: {exc}"[:500]
            outcomes.append(
                fact_store.DocumentOutcome(document.id, document.content_hash, error=message)
            )
    return outcomes


def pending_ids(store: Store, version: str, batch_size: int) -> Iterator[list[int]]:
    """Ids of pending documents in id order, a batch at a time, so memory stays flat."""
    after = 0
    while True:
        with store.reading() as session:
            pending = fact_store.pending_documents(
                session, version, after_id=after, limit=batch_size
            )
        if not pending:
            return
        after = pending[-1][0]
        yield [i for i, _ in pending]


def load_documents(store: Store, ids: Sequence[int]) -> list[Document]:
    with store.reading() as session:
        rows = session.scalars(
            select(DocumentRow).where(DocumentRow.id.in_(ids)).order_by(DocumentRow.id)
        )
        return [to_document(row) for row in rows]


def pending_batches(store: Store, version: str, batch_size: int) -> Iterator[list[Document]]:
    """Pending documents in id order, a batch at a time."""
    for ids in pending_ids(store, version, batch_size):
        yield load_documents(store, ids)


def start_run(store: Store, version: str, engine: str) -> int:
    with store.transaction() as session:
        run = ExtractionRunRow(extractor_version=version, engine=engine)
        session.add(run)
        session.flush()
        return run.id


def prepare(
    extractor: Extractor, documents: Sequence[Document], run_id: int | None
) -> fact_store.PreparedBatch:
    """Extract a batch and turn it into rows: everything but the write, and pure."""
    outcomes = extract_batch(extractor, documents)
    return fact_store.prepare_batch(outcomes, extractor.version, run_id)


def extract_and_save(
    store: Store, extractor: Extractor, ids: Sequence[int], run_id: int
) -> fact_store.Written:
    """Load, extract and write one batch, in a process that reaches the database itself (a
    Dask worker); the caller adds what was written to the run with `count_batch`."""
    batch = prepare(extractor, load_documents(store, ids), run_id)
    with store.transaction() as session:
        return fact_store.save_prepared(session, batch)


def save_batch(store: Store, summary: RunSummary, batch: fact_store.PreparedBatch) -> None:
    """Write one prepared batch and the run's running totals, in one transaction."""
    with store.transaction() as session:
        written = fact_store.save_prepared(session, batch)
        _add_to_run(session, summary, written, len(batch.documents))


def count_batch(
    store: Store, summary: RunSummary, written: fact_store.Written, submitted: int
) -> None:
    """Add a batch written elsewhere (by a Dask worker) to the run's running totals."""
    with store.transaction() as session:
        _add_to_run(session, summary, written, submitted)


def _add_to_run(
    session: Session, summary: RunSummary, written: fact_store.Written, submitted: int
) -> None:
    summary.documents += written.documents
    summary.facts += written.facts
    summary.failures += written.failures
    summary.skipped += submitted - written.documents
    for kind, n in written.kinds.items():
        summary.counts[kind] = summary.counts.get(kind, 0) + n
    run = session.get(ExtractionRunRow, summary.run_id)
    assert run is not None
    run.documents, run.facts, run.failures = summary.documents, summary.facts, summary.failures
    run.counts = dict(summary.counts)


def finish_run(store: Store, summary: RunSummary, status: str) -> None:
    with store.transaction() as session:
        run = session.get(ExtractionRunRow, summary.run_id)
        assert run is not None
        run.status = status
        run.finished_at = dt.datetime.now(dt.UTC)
    if summary.facts >= REFRESH_STATISTICS_AFTER:
        refresh_statistics(store)


# Facts written by a run after which the query planner's statistics are refreshed.
REFRESH_STATISTICS_AFTER = 10_000
# Index entries SQLite's ANALYZE samples per index (migration 0005 uses the same).
ANALYSIS_SAMPLE = 10_000
ANALYSIS_CACHE_KIB = 2048


def refresh_statistics(store: Store) -> None:
    """Give SQLite's planner fresh statistics after a large write.

    The dashboard's plans (a skip-scan over countries, index-only ranges) depend on them, and
    SQLite, unlike PostgreSQL's autovacuum, never gathers them by itself. `analysis_limit` samples
    each index, so this takes a fraction of a second even at millions of rows (0.16 s at 1M
    facts). A sample of 1,000 entries was too small: it made `fact_places`' topic index look no
    better than the map index, and pages filtered by place and category read a whole period.
    """
    if store.dialect != "sqlite":
        return
    with store.engine.connect() as connection:
        # The sampled pages are read once: a small cache keeps them from filling this
        # connection's (SQLITE_CACHE_KIB), which would then hold them for the process's life.
        connection.exec_driver_sql(f"PRAGMA cache_size=-{ANALYSIS_CACHE_KIB}")
        connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_SAMPLE}")
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")


def run_local(
    store: Store,
    extractor: Extractor,
    *,
    batch_size: int = 50,
    on_batch: Callable[[int], None] | None = None,
) -> RunSummary:
    """Extract every pending document in this process."""
    summary = RunSummary(
        run_id=start_run(store, extractor.version, "local"),
        version=extractor.version,
        engine="local",
    )
    status = "failed"
    try:
        for documents in pending_batches(store, extractor.version, batch_size):
            save_batch(store, summary, prepare(extractor, documents, summary.run_id))
            if on_batch is not None:
                on_batch(len(documents))
        status = "done"
    finally:
        finish_run(store, summary, status)
    return summary
