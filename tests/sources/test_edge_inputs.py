"""Inputs that once crashed, hung or lost a batch: each is now one recorded failure, and the
rest of the batch is stored.

Every ingest here runs in a thread with a time limit, so a regression shows as a failed test,
not a test run that never ends.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from chinatracker.config import Settings
from chinatracker.sources.html import MAX_HTML_BYTES
from chinatracker.sources.ingest import IngestSummary, ingest
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentRow, IngestErrorRow

INGEST = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
GOOD = ["2020-04-02-pla-masks-plain.txt", "front-matter.md", "page.html"]


def good_folder(root: Path) -> Path:
    folder = root / "inbox"
    folder.mkdir()
    for name in GOOD:
        (folder / name).write_bytes((INGEST / name).read_bytes())
    return folder


def ingest_within(
    seconds: float, inputs: list[str], store: Store, settings: Settings
) -> IngestSummary:
    result: list[IngestSummary | BaseException] = []

    def run() -> None:
        try:
            result.append(ingest(inputs, store, settings))
        except BaseException as exc:
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"ingest still running after {seconds} s"
    [outcome] = result
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def stored_names(store: Store) -> set[str]:
    with store.reading() as session:
        return {Path(p).name for p in session.scalars(select(DocumentRow.path))}


def recorded(store: Store) -> list[tuple[str, str, str]]:
    with store.reading() as session:
        rows = session.scalars(select(IngestErrorRow)).all()
    return [(Path(r.source).name, r.kind, r.reason) for r in rows]


def test_symlink_loop_and_broken_symlink_are_recorded_and_the_folder_stored(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    folder = good_folder(tmp_path)
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    summary = ingest_within(60, [str(folder)], store, settings)
    assert stored_names(store) == set(GOOD)
    assert summary.failed == 2
    problems = {name: (kind, reason) for name, kind, reason in recorded(store)}
    assert problems["gone.txt"] == ("io", "cannot read the file: broken symlink")
    assert problems["loop"][0] == "io"


def test_a_fifo_is_skipped_not_waited_on(tmp_path: Path, store: Store, settings: Settings) -> None:
    folder = good_folder(tmp_path)
    os.mkfifo(folder / "pipe.txt")
    summary = ingest_within(60, [str(folder), str(folder / "pipe.txt")], store, settings)
    assert stored_names(store) == set(GOOD)
    assert summary.failed == 2  # in the folder, and named on its own
    assert {(name, kind) for name, kind, _ in recorded(store)} == {("pipe.txt", "not_regular")}


def test_a_file_name_that_is_not_utf8_is_recorded_and_the_batch_stored(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    folder = good_folder(tmp_path)
    bad = os.fsencode(folder) + b"/r\xe9sum\xe9-latin1.txt"
    with open(bad, "wb") as stream:
        stream.write((INGEST / GOOD[0]).read_bytes().replace(b"PLA", b"The PLA Navy"))
    summary = ingest_within(60, [str(folder)], store, settings)
    assert stored_names(store) == set(GOOD)
    assert summary.failed == 1
    [(name, kind, reason)] = recorded(store)
    assert (name, kind) == ("r\\xe9sum\\xe9-latin1.txt", "name")
    assert "not UTF-8" in reason


@pytest.fixture
def trickling_server() -> Iterator[str]:
    """A server that answers 200 and then sends one byte every half second, for ever."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=trickle, args=(connection,), daemon=True).start()

    def trickle(connection: socket.socket) -> None:
        with connection:
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            while not stop.is_set():
                try:
                    connection.sendall(b"a")
                except OSError:
                    return
                time.sleep(0.5)

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow.txt"
    stop.set()
    server.join(5)
    listener.close()


def test_a_trickling_url_is_stopped_at_its_deadline(
    trickling_server: str, tmp_path: Path, store: Store
) -> None:
    settings = Settings(db=store.url, fetch_timeout=2.0)
    started = time.monotonic()
    summary = ingest_within(30, [trickling_server, str(INGEST / GOOD[0])], store, settings)
    assert time.monotonic() - started < 15
    assert summary.added == 1
    [problem] = summary.problems
    assert problem.kind == "fetch"
    assert "longer than 2 s in all" in problem.reason


def test_html_over_its_limit_is_refused_with_the_reason(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    folder = good_folder(tmp_path)
    paragraph = b"<p>The ministry confirmed the donation of gloves to the army hospital.</p>\n"
    body = paragraph * (MAX_HTML_BYTES // len(paragraph) + 10)
    (folder / "huge.html").write_bytes(b"<html><body>" + body + b"</body></html>")
    summary = ingest_within(60, [str(folder)], store, settings)
    assert stored_names(store) == set(GOOD)
    assert summary.failed == 1
    [(name, kind, reason)] = recorded(store)
    assert (name, kind) == ("huge.html", "too_large")
    assert "limit for HTML" in reason
