"""Bad input gets a clear one-line reason, is recorded, and never stops the batch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from chinatracker.config import Settings
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentRow, IngestErrorRow

INGEST = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
GOOD = "2020-04-02-pla-masks-plain.txt"


def junk_folder(root: Path) -> dict[str, bytes]:
    """One good file next to one file of every kind of bad input."""
    files = {
        GOOD: (INGEST / GOOD).read_bytes(),
        "binary.txt": os.urandom(512) + b"\x00\x00\x01\x02",
        "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "empty.txt": b"",
        "blank.md": b"   \n\n  \t\n",
        "too-short.txt": b"Just a stub.\n",
        "broken.html": b"<html><head><title>x</title></head><body><div><span>",
        "truncated.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R",
        "fake.pdf": b"this file only pretends to be a PDF document, it is plain words",
        "broken-feed.rss": b"<?xml version='1.0'?><rss><channel><item><title>unclosed",
        "huge.txt": b"The PLA Navy sailed again. " * 200,
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    return files


@pytest.fixture
def junk_result(tmp_path: Path) -> tuple[Store, object]:
    folder = tmp_path / "inbox"
    folder.mkdir()
    junk_folder(folder)
    settings = Settings(db=str(tmp_path / "t.sqlite"), max_file_bytes=4000)
    store = Store(settings.db)
    summary = ingest([str(folder)], store, settings)
    return store, summary


def reasons(store: Store) -> dict[str, tuple[str, str]]:
    with store.reading() as session:
        rows = session.scalars(select(IngestErrorRow)).all()
    return {Path(r.source).name: (r.kind, r.reason) for r in rows}


def test_folder_with_junk_ingests_the_good_file(junk_result: tuple[Store, object]) -> None:
    store, summary = junk_result
    with store.reading() as session:
        paths = [Path(p).name for p in session.scalars(select(DocumentRow.path))]
    assert paths == [GOOD]
    assert summary.added == 1  # type: ignore[attr-defined]
    assert summary.failed == 10  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "kind", "words"),
    [
        ("binary.txt", "binary", "binary content"),
        ("image.png", "binary", "binary content"),
        ("empty.txt", "empty", "empty"),
        ("blank.md", "empty", "empty"),
        ("too-short.txt", "empty", "fewer than 40 characters"),
        ("broken.html", "parse", "no article text"),
        ("truncated.pdf", "parse", "broken PDF"),
        ("fake.pdf", "parse", "not a PDF"),
        ("broken-feed.rss", "parse", "broken feed XML"),
        ("huge.txt", "too_large", "over the 4,000-byte limit"),
    ],
)
def test_each_kind_of_bad_input_is_recorded_with_a_reason(
    junk_result: tuple[Store, object], name: str, kind: str, words: str
) -> None:
    store, _ = junk_result
    recorded_kind, reason = reasons(store)[name]
    assert recorded_kind == kind
    assert words in reason
    assert "\n" not in reason


def test_bad_input_never_loses_what_was_stored(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "t.sqlite"))
    store = Store(settings.db)
    first = ingest([str(INGEST / "front-matter.md"), str(INGEST / "page.html")], store, settings)
    assert first.added == 2
    folder = tmp_path / "junk"
    folder.mkdir()
    junk_folder(folder)
    ingest([str(folder)], store, settings)
    with store.reading() as session:
        titles = set(session.scalars(select(DocumentRow.title)))
    assert {
        "Province sends test kits to sister region",
        "Serbia receives Chinese medical team",
    } <= titles


def test_missing_path_is_an_io_problem_not_a_crash(store: Store, settings: Settings) -> None:
    summary = ingest(["/no/such/place.txt", str(INGEST / GOOD)], store, settings)
    assert summary.added == 1
    assert [(p.source, p.kind) for p in summary.problems] == [("/no/such/place.txt", "io")]


def test_malformed_front_matter_date_keeps_the_document_with_a_warning(
    store: Store, settings: Settings
) -> None:
    summary = ingest([str(INGEST / "bad-date.md")], store, settings)
    assert summary.added == 1
    assert summary.failed == 0
    [warning] = summary.problems
    assert warning.severity == "warning"
    assert "malformed date" in warning.reason
    with store.reading() as session:
        row = session.scalars(select(DocumentRow)).one()
    assert row.published is None
    assert row.published_from == "unknown"


def test_invalid_yaml_front_matter_is_a_warning_and_the_body_is_kept(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    path = tmp_path / "broken-header.md"
    path.write_text(
        "---\ntitle: [unclosed\n---\n"
        "The defence ministry confirmed the donation of gloves and goggles to the army hospital.\n"
    )
    summary = ingest([str(path)], store, settings)
    assert summary.added == 1
    assert summary.problems[0].kind == "front_matter"


HOSTILE_URL = "javascript:alert(document.domain)"
TEXT = "The defence ministry confirmed the donation of gloves and goggles to the army hospital."


def _hostile_inputs(root: Path) -> list[Path]:
    """The three ways a document brings its own `url`: JSON Lines, front matter, a feed link."""
    jsonl = root / "records.jsonl"
    jsonl.write_text(
        '{"id": "a", "url": "' + HOSTILE_URL + '", "title": "Gloves", "text": "' + TEXT + '"}\n'
        '{"id": "b", "url": " https://example.org/ok ", "title": "Ok", "text": "Also. '
        + TEXT
        + '"}\n'
    )
    front = root / "front.md"
    front.write_text(f"---\ntitle: Goggles\nurl: 'data:text/html,<b>x</b>'\n---\nAgain. {TEXT}\n")
    feed = root / "feed.atom"
    feed.write_text(
        (INGEST / "feed.atom")
        .read_text(encoding="utf-8")
        .replace("https://demo.chinatracker.example/2020/06/att", "javascript:alert(1)")
    )
    return [jsonl, front, feed]


def test_a_link_that_is_not_http_is_dropped_with_a_warning_and_the_document_kept(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    summary = ingest([str(p) for p in _hostile_inputs(tmp_path)], store, settings)
    assert summary.failed == 0
    warnings = [p for p in summary.problems if p.kind == "url"]
    assert len(warnings) == 3
    assert all(w.severity == "warning" and "only http(s)" in w.reason for w in warnings)
    with store.reading() as session:
        urls = {r.title: r.url for r in session.scalars(select(DocumentRow))}
    assert urls["Gloves"] is None
    assert urls["Goggles"] is None
    assert urls["Ok"] == "https://example.org/ok"
    assert "Legislature votes to join arms trade treaty" in urls
    assert not any(u and not u.startswith("http") for u in urls.values())
    assert "url" in {kind for kind, _ in reasons(store).values()}
