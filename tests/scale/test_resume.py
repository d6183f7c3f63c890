"""A run killed mid-way and started again: nothing lost, nothing twice, on every engine and store.

The command runs as a user runs it (`chinatracker extract` in its own process group), is killed
with SIGKILL once some batches are written, then run again to the end. Its facts are compared
with a clean, uninterrupted run over a second store holding the same documents.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.scale import pgcluster
from chinatracker.scale.runs import run_local
from chinatracker.scale.synthetic import write_jsonl
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentExtractionRow, DocumentRow, EvidenceRow, FactRow

DOCUMENTS = 200
KILL_AFTER = 40  # documents recorded before the kill
ENGINES = ["local", "dask"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    write_jsonl(path, DOCUMENTS, seed=7)
    return path


def fill(db: str, corpus: Path) -> None:
    store = Store(db)
    summary = ingest([str(corpus)], store, Settings(db=db))
    store.close()
    assert summary.added == DOCUMENTS


def extract(db: str, engine: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "chinatracker", "--db", db, "extract", "--engine", engine]
    command += ["--batch-size", "5"] + (["--workers", "2"] if engine == "dask" else [])
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill takes Dask's workers too
    )


def recorded(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(DocumentExtractionRow)) or 0


def kill_when_recorded(db: str, engine: str, threshold: int) -> int:
    """Start a run, SIGKILL its process group once `threshold` documents are recorded."""
    process = extract(db, engine)
    watcher = Store(db, upgrade=False)
    deadline = time.monotonic() + 120
    try:
        while (seen := recorded(watcher)) < threshold:
            assert process.poll() is None, f"the run ended before the kill: {process.stderr}"
            assert time.monotonic() < deadline, "no progress within two minutes"
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        _wait_for_group_to_end(process.pid)
        assert seen >= threshold
        return recorded(watcher)
    finally:
        watcher.close()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def _wait_for_group_to_end(group: int) -> None:
    """Dask's worker processes die with the client: none is left behind."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail(f"processes of group {group} still alive 20 s after SIGKILL")


def run_to_the_end(db: str, engine: str) -> str:
    process = extract(db, engine)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out


def evidence_spans(db: str) -> Counter[tuple[int, str, int, int]]:
    store = Store(db, upgrade=False)
    with store.reading() as session:
        rows = session.execute(
            select(FactRow.document_id, FactRow.kind, EvidenceRow.start, EvidenceRow.end).join(
                EvidenceRow, EvidenceRow.fact_id == FactRow.id
            )
        ).all()
    store.close()
    return Counter((r[0], r[1], r[2], r[3]) for r in rows)


def per_kind(db: str) -> dict[str, int]:
    store = Store(db, upgrade=False)
    with store.reading() as session:
        counts = dict(
            session.execute(select(FactRow.kind, func.count()).group_by(FactRow.kind)).all()
        )
    store.close()
    return counts


@pytest.fixture
def second_db(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second, empty store on the same backend as `db_url`."""
    if "://" not in db_url:
        yield str(tmp_path / "clean.sqlite")
        return
    server = request.getfixturevalue("postgres_server")
    name = f"chinatracker_test_{uuid.uuid4().hex[:12]}"
    yield pgcluster.create_database(server, name)
    pgcluster.drop_database(server, name)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_killed_run_finishes_with_no_duplicate_and_no_lost_fact(
    engine: str, db_url: str, second_db: str, corpus: Path
) -> None:
    fill(db_url, corpus)
    fill(second_db, corpus)
    clean = Store(second_db)
    run_local(clean, Extractor())  # every engine writes the same facts: compare with the simplest
    clean.close()

    at_kill = kill_when_recorded(db_url, engine, KILL_AFTER)
    assert KILL_AFTER <= at_kill < DOCUMENTS, "the kill must land mid-run"
    resumed = run_to_the_end(db_url, engine)
    assert f"{DOCUMENTS - at_kill} documents" in resumed

    store = Store(db_url, upgrade=False)
    with store.reading() as session:
        per_document = Counter(
            session.scalars(
                select(DocumentExtractionRow.document_id).where(
                    DocumentExtractionRow.extractor_version == Extractor().version
                )
            )
        )
        documents = set(session.scalars(select(DocumentRow.id)))
    store.close()
    assert set(per_document) == documents
    assert set(per_document.values()) == {1}, "every document processed exactly once"
    assert per_kind(db_url) == per_kind(second_db)
    resumed_spans, clean_spans = evidence_spans(db_url), evidence_spans(second_db)
    assert resumed_spans == clean_spans
    assert max(resumed_spans.values()) == max(clean_spans.values()), "no duplicate evidence"
