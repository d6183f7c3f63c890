"""`chinatracker report` and `export` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run

from chinatracker.store.database import Store


def test_report_without_chromium_still_writes_html_and_markdown(
    demo_store: Store, tmp_path: Path
) -> None:
    db = demo_store.engine.url.database
    assert db
    result = run(
        "--db",
        db,
        "report",
        "--from",
        "2020-03-01",
        "--to",
        "2020-06-30",
        "--out",
        str(tmp_path),
        "--chromium",
        str(tmp_path / "no-such-chromium"),
        "--focus",
        "diplomacy",
        "--min-records",
        "3",
        "--eval",
        f"demo={tmp_path / 'missing.json'}",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "pdf     skipped: Chromium is not installed" in result.stderr
    assert "evaluation figures 'demo' left out" in result.stderr
    assert (tmp_path / "report.html").exists() and (tmp_path / "report.md").exists()
    assert not (tmp_path / "report.pdf").exists()
    figures = json.loads((tmp_path / "report-figures.json").read_text(encoding="utf-8"))
    assert figures["focus"] == "category"


def test_report_rejects_a_bad_focus_and_period(demo_store: Store, tmp_path: Path) -> None:
    db = demo_store.engine.url.database
    assert db
    bad = run(
        "--db",
        db,
        "report",
        "--from",
        "2020-01-01",
        "--to",
        "2020-12-31",
        "--focus",
        "nonsense",
        cwd=tmp_path,
    )
    assert bad.returncode == 1 and "unknown focus 'nonsense'" in bad.stderr
    backwards = run(
        "--db", db, "report", "--from", "2020-12-31", "--to", "2020-01-01", cwd=tmp_path
    )
    assert backwards.returncode == 1 and "before it starts" in backwards.stderr


def test_export_formats(demo_store: Store, tmp_path: Path) -> None:
    db = demo_store.engine.url.database
    assert db
    csv = run("--db", db, "export", "aid-records", "--format", "csv", cwd=tmp_path)
    assert csv.returncode == 0 and csv.stdout.startswith("id,donor.channel,")
    geo = run("--db", db, "export", "aid-records", "--format", "geojson", cwd=tmp_path)
    assert json.loads(geo.stdout)["type"] == "FeatureCollection"
    wrong = run("--db", db, "export", "documents", "--format", "geojson", cwd=tmp_path)
    assert wrong.returncode == 1 and "GeoJSON is written for" in wrong.stderr
    parquet = run("--db", db, "export", "sources", "--format", "parquet", cwd=tmp_path)
    assert parquet.returncode == 1 and "--output" in parquet.stderr
