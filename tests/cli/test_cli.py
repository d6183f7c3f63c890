"""The command line as a user runs it: output, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

INGEST = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chinatracker", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ingest_stats_and_documents(tmp_path: Path) -> None:
    db = str(tmp_path / "t.sqlite")
    first = run(
        "--db",
        db,
        "ingest",
        str(INGEST / "front-matter.md"),
        str(INGEST / "page.html"),
        cwd=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    assert "2 documents added, 0 exact duplicates skipped, 0 failed" in first.stdout
    again = run("--db", db, "ingest", str(INGEST / "front-matter.md"), cwd=tmp_path)
    assert "0 documents added, 1 exact duplicate skipped" in again.stdout
    stats = run("--db", db, "stats", cwd=tmp_path)
    assert stats.returncode == 0
    assert "md: 1" in stats.stdout
    listing = run("--db", db, "documents", "list", "--format", "tsv", cwd=tmp_path)
    rows = [line.split("\t") for line in listing.stdout.splitlines()]
    assert rows[0][:5] == ["id", "published", "format", "words", "title"]
    assert [r[1:3] for r in rows[1:]] == [["2020-03-22", "html"], ["2020-05-14", "md"]]
    assert rows[1][4] == "Serbia receives Chinese medical team"
    as_json = run("--db", db, "documents", "list", "--format", "json", cwd=tmp_path)
    assert '"title": "Province sends test kits to sister region"' in as_json.stdout
    shown = run("--db", db, "documents", "show", "1", cwd=tmp_path)
    assert "published: 2020-05-14" in shown.stdout
    assert "20,000 test kits" in shown.stdout


def test_default_database_is_tracker_sqlite_in_the_working_directory(tmp_path: Path) -> None:
    result = run("ingest", str(INGEST / "page.html"), cwd=tmp_path)
    assert result.returncode == 0
    assert (tmp_path / "tracker.sqlite").is_file()


def test_environment_variable_chooses_the_database(tmp_path: Path) -> None:
    env_db = tmp_path / "env.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "chinatracker", "ingest", str(INGEST / "page.html")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"CHINATRACKER_DB": str(env_db), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert env_db.is_file()


def test_partial_failure_exits_3_and_lists_reasons(tmp_path: Path) -> None:
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 4)
    result = run(
        "--db",
        str(tmp_path / "t.sqlite"),
        "ingest",
        str(INGEST / "page.html"),
        str(tmp_path / "junk.bin"),
        cwd=tmp_path,
    )
    assert result.returncode == 3
    assert "1 failed" in result.stdout
    assert "junk.bin: binary content" in result.stdout


def test_user_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "missing" / "t.sqlite"), "stats", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: cannot create database")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    missing = run("--db", str(tmp_path / "t.sqlite"), "documents", "show", "99", cwd=tmp_path)
    assert (missing.returncode, missing.stderr.strip()) == (1, "error: no document with id 99")


@pytest.mark.parametrize(
    "command",
    [[], ["ingest"], ["stats"], ["documents"], ["documents", "list"], ["documents", "show"]],
)
def test_help_everywhere(command: list[str], tmp_path: Path) -> None:
    result = run(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Usage" in result.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("ingest", cwd=tmp_path).returncode == 2
    assert run("no-such-command", cwd=tmp_path).returncode == 2
