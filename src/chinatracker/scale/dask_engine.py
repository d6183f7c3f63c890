"""Extraction spread over a Dask cluster: workers extract, this process writes.

`chinatracker extract --engine dask [--scheduler tcp://HOST:PORT]` reads pending documents a
batch at a time, submits each batch to the cluster, and writes every result through
`runs.save_batch` as it comes back (in completion order), keeping at most two batches per
worker in flight, so memory stays flat whatever the corpus size. Without a scheduler address it
starts a local cluster of worker processes, one thread each (the extractor is pure Python: the
GIL makes threads useless).

Workers never touch the database: SQLite takes one writer at a time, and one writer keeps the
idempotency check (document hash + extractor version) in a single place. Each worker builds its
own `Extractor` once and refuses batches meant for another extractor version, so a cluster
running mixed releases fails loudly instead of writing facts under the wrong version.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from chinatracker.errors import ConfigError
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.scale.runs import (
    RunSummary,
    finish_run,
    pending_batches,
    prepare,
    save_batch,
    start_run,
)
from chinatracker.store.database import Store
from chinatracker.store.facts import PreparedBatch

if TYPE_CHECKING:
    from distributed import Client, Future

    from chinatracker.scale.engines import EngineOptions

# Batches queued per worker: one running, one waiting, so no worker idles while we write.
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT = "20s"
WORKER_TIMEOUT = 120  # seconds to wait for the first worker of a remote cluster

_worker_extractor: Extractor | None = None


def worker_extractor(version: str) -> Extractor:
    """The extractor of this worker process, built on first use (loading the gazetteer once)."""
    global _worker_extractor
    if _worker_extractor is None:
        _worker_extractor = Extractor()
    if _worker_extractor.version != version:
        raise ConfigError(
            f"a Dask worker runs extractor {_worker_extractor.version}, the client "
            f"{version}: install the same chinatracker release on every worker"
        )
    return _worker_extractor


def extract_on_worker(documents: list[Document], version: str, run_id: int) -> PreparedBatch:
    """The task each worker runs: extract and prepare rows; pure, no database."""
    return prepare(worker_extractor(version), documents, run_id)


@contextmanager
def connect(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """A client of the given scheduler, or of a local cluster of worker processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def run_dask(store: Store, extractor: Extractor, options: EngineOptions) -> RunSummary:
    """Extract every pending document on a Dask cluster; see the module docstring."""
    from distributed import as_completed

    version = extractor.version
    with connect(options.scheduler, options.workers) as client:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        summary = RunSummary(
            run_id=start_run(store, version, "dask"), version=version, engine="dask"
        )
        status = "failed"
        try:
            in_flight = as_completed()
            for documents in pending_batches(store, version, options.batch_size):
                # Scattered, the texts go straight to a worker; passed as arguments they would
                # travel through the scheduler, which keeps a copy of recent task graphs.
                (texts,) = client.scatter([documents], hash=False)
                in_flight.add(
                    client.submit(extract_on_worker, texts, version, summary.run_id, pure=False)
                )
                del texts  # the task holds it now; it is freed when the task is done
                # Workers may join or leave a real cluster during the run: ask every batch.
                while in_flight.count() >= IN_FLIGHT_PER_WORKER * max(1, len(client.nthreads())):
                    _write(store, summary, next(in_flight), options)
            for future in in_flight:
                _write(store, summary, future, options)
            status = "done"
        finally:
            finish_run(store, summary, status)
    return summary


def _write(store: Store, summary: RunSummary, future: Future, options: EngineOptions) -> None:
    batch: PreparedBatch = future.result()
    future.release()
    save_batch(store, summary, batch)
    if options.on_batch is not None:
        options.on_batch(len(batch.documents))
