"""The whole china_media corpus (1,686 scraped articles) through ingest, extract, resolve and
the default report, as a new user would run it: the issue-17 checks on real mess."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from chinatracker.sources.titles import is_furniture_title

ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chinatracker", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_the_china_media_corpus_end_to_end(shared_corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "cm.sqlite")
    corpus = shared_corpus / "china_media" / "articles.jsonl"
    ingested = run("--db", db, "ingest", str(corpus), cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    assert "copies of a story already stored" in ingested.stdout
    assert run("--db", db, "extract", cwd=tmp_path).returncode == 0
    resolved = run("--db", db, "resolve", cwd=tmp_path)
    assert " became " in resolved.stdout and "->" not in resolved.stdout

    with sqlite3.connect(db) as connection:
        titles = [t for (t,) in connection.execute("SELECT title FROM documents") if t]
        quotes = [q for (q,) in connection.execute("SELECT quote FROM evidence")]
        tables = [
            n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        # Every stored value of every fact and record table, the documents' clean text too.
        values = [
            value
            for table in tables
            if table not in ("documents", "ingest_errors", "alembic_version")
            and not table.startswith(("search", "documents_fts"))
            for row in connection.execute(f'SELECT * FROM "{table}"')
            for value in row
            if isinstance(value, str)
        ]
        values += [t for (t,) in connection.execute("SELECT text FROM documents")]
        spans = connection.execute(
            "SELECT e.quote, substr(d.text, e.start + 1, e.end - e.start) "
            "FROM evidence e JOIN documents d ON d.id = e.document_id"
        ).fetchall()
        copy_facts = connection.execute(
            "SELECT count(*) FROM documents WHERE story_id IS NOT NULL AND story_id != id"
        ).fetchone()[0]
    assert titles and not [t for t in titles if is_furniture_title(t)]
    assert not [t for t in titles if ENTITY.search(t)]
    assert quotes and not [q for q in quotes if ENTITY.search(q)]
    assert not [v[:80] for v in values if ENTITY.search(v)]
    assert all(quote == span for quote, span in spans)
    assert copy_facts > 0

    out = tmp_path / "out"
    report = run(
        "--db", db, "report", "--from", "2023-01-01", "--to", "2024-12-31",
        "--format", "md", "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    if report.returncode == 1:  # the default focus rests on too few records: one line says so
        assert len(report.stderr.strip().splitlines()) == 1, report.stderr
        assert "under the minimum of 10" in report.stderr and "--allow-thin" in report.stderr
        assert not (out / "report.md").exists()
        focus = re.search(r"enough records: (\w+) \(", report.stderr)
        assert focus, report.stderr
        report = run(
            "--db", db, "report", "--from", "2023-01-01", "--to", "2024-12-31",
            "--focus", focus.group(1), "--format", "md", "--out", str(out), cwd=tmp_path,
        )  # fmt: skip
    assert report.returncode == 0, report.stderr
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert not ENTITY.search(markdown)
    leads = re.findall(r'^- <a id="ev-[^"]+"></a>\*\*(.+?)\*\*', markdown, flags=re.MULTILINE)
    printed_twice = sorted({lead for lead in leads if leads.count(lead) > 1})
    assert leads and not printed_twice, printed_twice  # no story printed twice
    for lead in leads:
        assert not is_furniture_title(lead.rstrip("."))
