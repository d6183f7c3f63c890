"""The Dask engine: same facts as the local engine, on a local cluster or a scheduler of its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from chinatracker.config import Settings
from chinatracker.errors import ConfigError
from chinatracker.extract.pipeline import Extractor
from chinatracker.scale import dask_engine
from chinatracker.scale.engines import EngineOptions, engine_names, get_engine
from chinatracker.scale.pgcluster import free_port
from chinatracker.scale.runs import run_local
from chinatracker.scale.synthetic import write_jsonl
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentExtractionRow, EvidenceRow, ExtractionRunRow, FactRow

DOCUMENTS = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    write_jsonl(path, DOCUMENTS, seed=3)
    return path


def filled(db: str, corpus: Path) -> Store:
    store = Store(db)
    ingest([str(corpus)], store, Settings(db=db))
    return store


def facts_by_document(store: Store) -> list[tuple[int, str, int, int]]:
    with store.reading() as session:
        rows = session.execute(
            select(FactRow.document_id, FactRow.kind, EvidenceRow.start, EvidenceRow.end)
            .join(EvidenceRow, EvidenceRow.fact_id == FactRow.id)
            .order_by(FactRow.document_id, FactRow.kind, EvidenceRow.start, EvidenceRow.end)
        ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def test_dask_is_a_registered_engine() -> None:
    assert {"local", "dask"} <= set(engine_names())
    assert get_engine("dask") is dask_engine.run_dask
    with pytest.raises(ConfigError, match="unknown engine 'spark'"):
        get_engine("spark")


def test_a_worker_refuses_a_batch_for_another_extractor_version() -> None:
    version = Extractor().version
    assert dask_engine.worker_extractor(version).version == version
    with pytest.raises(ConfigError, match="install the same chinatracker release"):
        dask_engine.worker_extractor("rules-0.0.1")


@pytest.mark.slow
def test_local_workers_leave_the_gil_to_the_extractor() -> None:
    """Each wake-up of a worker's event loop takes the GIL from the task: with Dask's defaults
    (health checks 50 times a second, a profiler 100) workers spent 5 to 11% more time
    extracting than one plain process, 3 to 9% with ours (benchmarks/dask_overhead.py)."""

    def wake_ups(dask_worker: Any) -> dict[str, float]:
        """Milliseconds between a worker's periodic wake-ups, by name. (Defined here, it travels
        to the worker by value: the worker cannot import the tests.)"""
        return {name: pc.callback_time for name, pc in dask_worker.periodic_callbacks.items()}

    with dask_engine.connect(None, 1) as client:
        (callbacks,) = client.run(wake_ups).values()
    assert "profile" not in callbacks
    assert min(callbacks.values()) >= 1000, callbacks


@pytest.mark.slow
def test_a_local_cluster_writes_the_same_facts_as_one_process(
    db_url: str, tmp_path: Path, corpus: Path
) -> None:
    local = filled(str(tmp_path / "local.sqlite"), corpus)
    run_local(local, Extractor(), batch_size=7)
    store = filled(db_url, corpus)
    batches: list[int] = []
    summary = dask_engine.run_dask(
        store, Extractor(), EngineOptions(batch_size=7, workers=2, on_batch=batches.append)
    )
    assert (summary.engine, summary.documents, summary.failures) == ("dask", DOCUMENTS, 0)
    assert sum(batches) == DOCUMENTS
    assert facts_by_document(store) == facts_by_document(local)
    with store.reading() as session:
        run = session.scalars(select(ExtractionRunRow)).one()
        assert (run.engine, run.status, run.documents) == ("dask", "done", DOCUMENTS)
        assert run.counts == summary.counts
        assert sum(run.counts.values()) == summary.facts
        done = select(func.count()).select_from(DocumentExtractionRow)
        assert session.scalar(done) == DOCUMENTS
    again = dask_engine.run_dask(store, Extractor(), EngineOptions(batch_size=7, workers=1))
    assert (again.documents, again.facts) == (0, 0)


@pytest.fixture
def scheduler() -> Iterator[str]:
    """`dask scheduler` and one `dask worker`, as docs/scaling.md starts them on real machines."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    started = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            start_new_session=True,
            **quiet,
        ),
        subprocess.Popen(
            [*dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
            start_new_session=True,
            **quiet,
        ),
    ]
    try:
        yield address
    finally:
        for process in started:
            os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.mark.slow
def test_the_command_runs_on_a_scheduler_given_by_address(
    scheduler: str, db_url: str, tmp_path: Path, corpus: Path
) -> None:
    """On PostgreSQL the worker writes its batches; on SQLite, this process writes them."""
    store = filled(db_url, corpus)
    deadline = time.monotonic() + 60
    while True:  # the scheduler takes a moment to listen
        command = ["--db", db_url, "extract", "--engine", "dask", "--scheduler", scheduler]
        result = subprocess.run(
            [sys.executable, "-m", "chinatracker", *command, "--batch-size", "20"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert result.returncode == 0, result.stderr
    assert f"(dask): {DOCUMENTS} documents" in result.stdout
    local = filled(str(tmp_path / "local.sqlite"), corpus)
    run_local(local, Extractor(), batch_size=20)
    assert facts_by_document(store) == facts_by_document(local)


@pytest.mark.parametrize(
    ("database", "scheduler", "expected"),
    [
        ("postgresql://u@db.example.org/t", None, True),
        ("postgresql://u@db.example.org/t", "tcp://10.0.0.2:8786", True),
        ("local.sqlite", None, True),  # local workers open the same file
        ("local.sqlite", "tcp://10.0.0.2:8786", False),  # remote workers cannot
    ],
)
def test_workers_write_wherever_they_reach_the_database(
    tmp_path: Path, database: str, scheduler: str | None, expected: bool
) -> None:
    if database.endswith(".sqlite"):
        database = str(tmp_path / database)
    store = Store(database, upgrade=False)  # no connection is made
    assert dask_engine.workers_write(store, scheduler) is expected
