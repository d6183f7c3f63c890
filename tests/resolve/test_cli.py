"""`chinatracker resolve` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner, Result

from chinatracker.cli.app import app
from chinatracker.store.database import Store


def run(db: str, *args: str) -> Result:
    """The command in this process (fast); `run_main` checks the real entry point."""
    import chinatracker.cli.resolve  # noqa: F401  (registers the commands)

    return CliRunner().invoke(app, ["--db", db, *args], env={"COLUMNS": "160"})


def run_main(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chinatracker", "--db", db, *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_resolve_list_show_link_and_unlink(filled: Store, db_url: str) -> None:
    db = db_url
    first = run(db, "resolve")
    assert first.exit_code == 0, first.output
    assert (
        "resolve: 2 aid facts became 2 aid records, one per recipient (1 merged from several facts)"
        in (first.stdout)
    )
    listing = json.loads(run(db, "resolve", "list", "--format", "json", "--merged").stdout)
    [zimbabwe] = listing
    assert zimbabwe["recipient_country"] == "ZWE"
    shown = run(db, "resolve", "show", zimbabwe["id"])
    assert shown.exit_code == 0, shown.output
    assert "recipient: Zimbabwe [ZWE], defense" in shown.stdout
    assert "why: Merged 2 reports from 2 documents" in shown.stdout
    assert "\u201cquote 2\u201d" in shown.stdout
    fact_a, fact_b = (m["fact_id"] for m in zimbabwe["members"])
    linked = run(db, "resolve", "link", str(fact_a), str(fact_b), "--cannot", "--reason", "two")
    assert linked.exit_code == 0, linked.output
    assert "constraint 1: cannot_link" in linked.stdout
    assert "2 aid facts became 3 aid records, one per recipient" in run(db, "resolve").stdout
    assert "two" in run(db, "resolve", "constraints").stdout
    assert run(db, "resolve", "unlink", "1").exit_code == 0
    assert "became 2 aid records" in run(db, "resolve").stdout


def test_resolve_errors_are_one_line(filled: Store, db_url: str) -> None:
    missing = run_main(db_url, "resolve", "show", "nope")
    assert missing.returncode == 1
    assert missing.stderr.strip().startswith("error: no canonical record with id nope")
    bad_link = run_main(db_url, "resolve", "link", "1", "999")
    assert bad_link.returncode == 1
    assert "no current fact with id 999" in bad_link.stderr
