"""`ingest` warns and exits 3 when most documents have no title; `documents retitle` and
`documents stories` repair a store ingested before titles and stories."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy" / "articles.jsonl"
BODY = (
    "Officials in Dili said on Tuesday that a shipment of masks had arrived from Beijing, the "
    "third such delivery this year, and that more would follow before the rainy season."
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chinatracker", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_most_documents_untitled_warns_on_stderr_and_exits_3(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n}.txt").write_text(f"{BODY} Story number {n}, told its own way.\n")
    result = run("--db", str(tmp_path / "t.sqlite"), "ingest", str(folder), cwd=tmp_path)
    assert result.returncode == 3
    assert "12 documents added" in result.stdout
    assert "warning: 12 of the 12 documents added have no title" in result.stderr


def test_a_few_untitled_documents_are_not_suspicious(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(BODY + "\n")
    result = run(
        "--db", str(tmp_path / "t.sqlite"), "ingest", str(tmp_path / "one.txt"), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr


def test_retitle_replaces_furniture_titles_of_an_old_store(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite"
    ingested = run("--db", str(db), "ingest", str(MESSY), cwd=tmp_path)
    assert "1 copy of a story already stored" in ingested.stdout
    assert ingested.returncode == 0, ingested.stderr
    with sqlite3.connect(db) as connection:  # what a store ingested before this looked like
        connection.execute("UPDATE documents SET title = 'Advertisement' WHERE id = 1")
        connection.execute("UPDATE documents SET title = 'BEIJING' WHERE id = 2")
        connection.execute("UPDATE documents SET story_id = NULL, minhash = NULL")
    result = run("--db", str(db), "documents", "retitle", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "retitle: 2 of 3 documents got a new title" in result.stdout
    listed = run("--db", str(db), "documents", "list", "--format", "json", cwd=tmp_path)
    titles = {row["id"]: row["title"] for row in json.loads(listed.stdout)}
    assert titles[1] == "China sends masks and ventilators to Timor-Leste"
    assert titles[2] is None
    stories = run("--db", str(db), "documents", "stories", cwd=tmp_path)
    assert "3 documents filed, 1 of them copies of an earlier story" in stories.stdout
