"""Extraction spread over a Dask cluster.

`chinatracker extract --engine dask [--scheduler tcp://HOST:PORT]` reads the ids of pending
documents a batch at a time and submits each batch to the cluster, keeping at most two batches
per worker in flight, so memory stays flat whatever the corpus size. Without a scheduler address
it starts a local cluster of worker processes, one thread each (the extractor is pure Python: the
GIL makes threads useless).

Who writes depends on whether the workers reach the database:

- PostgreSQL, or SQLite with a local cluster (workers on this machine open the same file): each
  worker loads its batch, extracts it and writes it in one transaction, and returns only counts.
  This process merely hands out ids and keeps the run's totals, so it takes no core from the
  workers, and neither texts nor facts cross the network.
- SQLite with a remote cluster: this process loads the texts, scatters them to the workers, and
  writes what comes back (in completion order).

Either way a batch goes through `runs.save_batch`/`runs.extract_and_save`, whose check on
(document hash + extractor version) in the writing transaction keeps reruns and concurrent
writers from duplicating a document's facts. Each worker builds its own `Extractor` once and
refuses batches meant for another extractor version, so a cluster running mixed releases fails
loudly instead of writing facts under the wrong version.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from chinatracker.errors import ConfigError
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.scale.runs import (
    RunSummary,
    count_batch,
    extract_and_save,
    finish_run,
    load_documents,
    pending_ids,
    prepare,
    save_batch,
    start_run,
)
from chinatracker.store.database import Store
from chinatracker.store.facts import PreparedBatch, Written

if TYPE_CHECKING:
    from dask.typing import Key
    from distributed import Client, Future

    from chinatracker.scale.engines import EngineOptions

# Batches queued per worker: one running, one waiting, so no worker idles between batches.
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT = "20s"
WORKER_TIMEOUT = 120  # seconds to wait for the first worker of a remote cluster
# Settings of the local cluster (its scheduler, nannies and workers). A worker runs its task in
# a thread beside an event loop, and every wake-up of that loop takes the GIL from the
# extractor. Dask's defaults wake it 50 times a second to check its own health (`tick`), 10
# times to read memory and twice for system statistics, and sample the task's stack 100 times
# for a profiler whose dashboard we never start. With the defaults (profiler off) workers spent
# 5 to 11% more time extracting than one plain process, with these 3 to 9%, in three comparisons:
# the same way each time, but of the order of the machine's noise (benchmarks/dask_overhead.py,
# docs/scaling.md). Memory limits are checked once a second instead of ten times; one batch
# never grows a worker's memory that fast.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}

_worker_extractor: Extractor | None = None
_worker_stores: dict[str, Store] = {}


def worker_extractor(version: str) -> Extractor:
    """The extractor of this worker process, built on first use (loading the gazetteer once)."""
    global _worker_extractor
    if _worker_extractor is None:
        _worker_extractor = Extractor.for_version(version)
    if _worker_extractor.version != version:
        raise ConfigError(
            f"a Dask worker runs extractor {_worker_extractor.version}, the client "
            f"{version}: install the same chinatracker release on every worker"
        )
    return _worker_extractor


def extract_on_worker(documents: list[Document], version: str, run_id: int) -> PreparedBatch:
    """The task when this process writes: extract and prepare rows; pure, no database."""
    return prepare(worker_extractor(version), documents, run_id)


def worker_store(url: str) -> Store:
    """This process's store for `url`: one engine (connection pool) per process and database."""
    store = _worker_stores.get(url)
    if store is None:
        store = _worker_stores[url] = Store(url, upgrade=False)
    return store


def close_worker_stores() -> None:
    """Close every store `worker_store` opened in this process."""
    for store in _worker_stores.values():
        store.close()
    _worker_stores.clear()


def extract_and_save_on_worker(url: str, ids: list[int], version: str, run_id: int) -> Written:
    """The task when workers write: load, extract and write a batch; returns the counts."""
    return extract_and_save(worker_store(url), worker_extractor(version), ids, run_id)


def workers_write(store: Store, scheduler: str | None) -> bool:
    """Whether the workers reach the database: see the module docstring."""
    return store.dialect != "sqlite" or scheduler is None


@contextmanager
def connect(
    scheduler: str | None, workers: int | None, config: Mapping[str, Any] = LOCAL_CLUSTER_CONFIG
) -> Iterator[Client]:
    """A client of the given scheduler, or of a local cluster of worker processes started with
    `config` (benchmarks/dask_overhead.py compares it with Dask's defaults)."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with dask.config.set(dict(config)):  # nannies hand their config to their workers
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
    writes_there = workers_write(store, options.scheduler)
    with connect(options.scheduler, options.workers) as client:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        summary = RunSummary(
            run_id=start_run(store, version, "dask"), version=version, engine="dask"
        )
        status = "failed"
        try:
            in_flight = as_completed()
            sizes: dict[Key, int] = {}  # documents per batch in flight, by task key
            for ids in pending_ids(store, version, options.batch_size):
                future = _submit(client, store, ids, summary, writes_there)
                sizes[future.key] = len(ids)
                in_flight.add(future)
                # Workers may join or leave a real cluster during the run: ask every batch.
                while in_flight.count() >= IN_FLIGHT_PER_WORKER * max(1, len(client.nthreads())):
                    _finish(store, summary, next(in_flight), sizes, options)
            for future in in_flight:
                _finish(store, summary, future, sizes, options)
            status = "done"
        finally:
            finish_run(store, summary, status)
    return summary


def _submit(
    client: Client, store: Store, ids: list[int], summary: RunSummary, writes_there: bool
) -> Future[PreparedBatch | Written]:
    if writes_there:
        return client.submit(
            extract_and_save_on_worker, store.url, ids, summary.version, summary.run_id, pure=False
        )
    # Scattered, the texts go straight to a worker; passed as arguments they would travel
    # through the scheduler, which keeps recent task graphs. The task holds them from here.
    (texts,) = client.scatter([load_documents(store, ids)], hash=False)
    return client.submit(extract_on_worker, texts, summary.version, summary.run_id, pure=False)


def _finish(
    store: Store,
    summary: RunSummary,
    future: Future,
    sizes: dict[Key, int],
    options: EngineOptions,
) -> None:
    """Write a batch extracted by a worker, or count one a worker wrote."""
    result: PreparedBatch | Written = future.result()
    submitted = sizes.pop(future.key)
    future.release()
    if isinstance(result, PreparedBatch):
        save_batch(store, summary, result)
    else:
        count_batch(store, summary, result, submitted)
    if options.on_batch is not None:
        options.on_batch(submitted)
