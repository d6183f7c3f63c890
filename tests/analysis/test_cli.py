"""`chinatracker analyse` as a user runs it, on a store holding the demo corpus's gold aid.

The store's facts are the hand-written gold (tests/gold/demo), so these tests check that the
command prints the hand count whatever the state of the extractor; test_demo_end_to_end.py
runs the real extractor.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from typing import Any

from typer.testing import CliRunner, Result

from chinatracker.cli.app import app
from chinatracker.store.database import Store


def run(store: Store, *args: str) -> Result:
    """The command in this process (fast); errors for users are checked through `main` below."""
    import chinatracker.cli.analyse  # noqa: F401  (registers the commands)

    db = store.engine.url.database
    assert db is not None
    return CliRunner().invoke(app, ["--db", db, *args], env={"COLUMNS": "160"})


def run_main(store: Store, *args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in a subprocess, as a user runs it."""
    db = store.engine.url.database
    assert db is not None
    return subprocess.run(
        [sys.executable, "-m", "chinatracker", "--db", db, *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_compare_prints_the_hand_count(gold_store: Store) -> None:
    result = run_main(gold_store, "analyse", "compare", "--channels", "military,government,private")
    assert result.returncode == 0, result.stderr
    lines = [" ".join(line.replace("│", " ").split()) for line in result.stdout.splitlines()]
    assert "military 46 42 36 (85.7%) 40 (95.2%) 46 (100.0%) 34" in lines
    assert "government 19 12 10 (83.3%) 11 (91.7%) 0 (0.0%) 5" in lines
    assert "private 8 8 4 (50.0%) 5 (62.5%) 0 (0.0%) 3" in lines
    assert "military 42 6 4" in lines
    assert "reached by all: KHM PAK" in lines
    assert "only government: BFA CIV IRN IRQ KOR" in lines
    assert "only private: JPN NLD USA" in lines
    assert "not BRI members when military gave: ARG COD" in lines


def test_compare_as_json_matches_the_hand_count(gold_store: Store, hand_count: Any) -> None:
    result = run(gold_store, "analyse", "compare", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for summary in data["summaries"]:
        figures = hand_count.figures(summary["channel"])
        assert summary["country_list"].split() == figures["countries"]
        assert summary["developing"] == figures["developing"]
        assert summary["bri"] == figures["bri"]
        assert summary["only_list"].split() == figures["only"]
    assert data["common"] == ["KHM", "PAK"]
    assert data["summaries"][0]["record_ids"]["ARG"]


def test_breakdown_as_csv(gold_store: Store) -> None:
    result = run(gold_store, "analyse", "breakdown", "channel", "bri", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    military_non_bri = next(
        r for r in rows if (r["channel"], r["bri"]) == ("military", "non-member")
    )
    assert military_non_bri["countries"] == "2"


def test_breakdown_table_and_series(gold_store: Store) -> None:
    table = run(gold_store, "analyse", "breakdown", "region", "--sort", "countries", "--top", "2")
    assert table.exit_code == 0, table.output
    assert "Africa" in table.stdout
    series = run(gold_store, "analyse", "series", "--freq", "month", "--format", "json")
    months = {(r["month"], r["channel"]): r["records"] for r in json.loads(series.stdout)}
    assert months[("2020-06", "military")] >= 20


def test_trace_names_documents_and_quotes(gold_store: Store) -> None:
    result = run(
        gold_store,
        "analyse",
        "trace",
        "--channel",
        "military",
        "--country",
        "ZWE",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    paths = {r["path"] for r in rows}
    assert "demo/corpus/news/2020-06-05-zimbabwe-defence-forces-receive-pla-donation.txt" in paths
    assert any("62,000 masks" in (r["quote"] or "") for r in rows)


def test_bad_options_are_one_line_errors(gold_store: Store) -> None:
    one = run(gold_store, "analyse", "compare", "--channels", "military")
    assert one.exit_code == 2
    unknown = run_main(gold_store, "analyse", "breakdown", "colour")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("error: unknown dimension 'colour'")
