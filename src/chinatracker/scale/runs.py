"""Extraction runs: find pending documents, extract them with an engine, write results safely.

Engines only decide where `extract_batch` runs; writing is always here, in one transaction per
batch, through `store.facts.save_outcomes`, which skips work already recorded. That is what makes
every engine resumable: kill a run at any point, start it again, and it finishes the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
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


def pending_batches(store: Store, version: str, batch_size: int) -> Iterator[list[Document]]:
    """Pending documents in id order, a batch at a time, so memory stays flat."""
    after = 0
    while True:
        with store.reading() as session:
            ids = [
                i
                for i, _ in fact_store.pending_documents(
                    session, version, after_id=after, limit=batch_size
                )
            ]
            if not ids:
                return
            rows = session.scalars(
                select(DocumentRow).where(DocumentRow.id.in_(ids)).order_by(DocumentRow.id)
            )
            documents = [to_document(row) for row in rows]
        after = ids[-1]
        yield documents


def start_run(store: Store, version: str, engine: str) -> int:
    with store.transaction() as session:
        run = ExtractionRunRow(extractor_version=version, engine=engine)
        session.add(run)
        session.flush()
        return run.id


def save_batch(
    store: Store, summary: RunSummary, outcomes: Sequence[fact_store.DocumentOutcome]
) -> None:
    with store.transaction() as session:
        written, facts, failures = fact_store.save_outcomes(
            session, outcomes, summary.version, summary.run_id
        )
        run = session.get(ExtractionRunRow, summary.run_id)
        assert run is not None
        summary.documents += written
        summary.facts += facts
        summary.failures += failures
        summary.skipped += len(outcomes) - written
        for outcome in outcomes:
            if outcome.extraction is not None:
                _count(summary.counts, outcome)
        run.documents, run.facts, run.failures = summary.documents, summary.facts, summary.failures
        run.counts = dict(summary.counts)


def _count(counts: dict[str, int], outcome: fact_store.DocumentOutcome) -> None:
    extraction = outcome.extraction
    assert extraction is not None
    for kind, items in (
        ("aid", extraction.aid),
        ("event", extraction.events),
        ("quote", extraction.quotes),
        ("claim", extraction.claims),
        ("entity", extraction.mentions),
        ("quantity", extraction.quantities),
    ):
        counts[kind] = counts.get(kind, 0) + len(items)


def finish_run(store: Store, summary: RunSummary, status: str) -> None:
    with store.transaction() as session:
        run = session.get(ExtractionRunRow, summary.run_id)
        assert run is not None
        run.status = status
        run.finished_at = dt.datetime.now(dt.UTC)


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
            save_batch(store, summary, extract_batch(extractor, documents))
            if on_batch is not None:
                on_batch(len(documents))
        status = "done"
    finally:
        finish_run(store, summary, status)
    return summary
