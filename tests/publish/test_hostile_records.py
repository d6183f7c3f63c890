"""What a hostile source can put in a store must not become script or a formula on the way out.

A copy of the demo store whose documents all link to `javascript:` (as a store filled before
ingest dropped such links may) and whose titles, quotes, names and summaries start with
spreadsheet formulas: the report (HTML, Markdown, PDF) and every dataset are written from it.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from chinatracker.publish.browser import find_chromium
from chinatracker.publish.release import export_release
from chinatracker.publish.report import ReportOptions, build_issue, write_issue
from chinatracker.resolve.runner import run_resolve
from chinatracker.store.database import Store

from .conftest import PERIOD

HOSTILE_URL = "javascript:alert(document.domain)"
FORMULAS = ('=HYPERLINK("http://evil.example","x") ', "+cmd|' /C calc'!A0 ", "@SUM(1+1) ", "-2+3 ")
# OWASP: a cell starting with one of these is run by a spreadsheet; a plain number is not.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


@pytest.fixture(scope="module")
def hostile_store(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("hostile") / "hostile.sqlite"
    source = demo_store.engine.url.database
    assert source
    with sqlite3.connect(source) as original, sqlite3.connect(path) as copy:
        original.backup(copy)
    store = Store(str(path))
    with store.transaction() as session:
        session.execute(text("UPDATE documents SET url = :u"), {"u": HOSTILE_URL})
        for table, column, formula in (
            ("documents", "title", FORMULAS[0]),
            ("documents", "publisher", FORMULAS[1]),
            ("evidence", "quote", FORMULAS[2]),
            ("entities", "text", FORMULAS[3]),
            ("aid_deliveries", "donor_name", FORMULAS[0]),
            ("events", "summary", FORMULAS[1]),
        ):
            session.execute(text(f"UPDATE {table} SET {column} = :f || {column}"), {"f": formula})
    run_resolve(store)
    return store


def test_report_links_only_to_http_and_forbids_script(hostile_store: Store, tmp_path: Path) -> None:
    built = build_issue(hostile_store, ReportOptions(scope=PERIOD))
    formats = ["html", "md", "pdf"] if find_chromium() else ["html", "md"]
    write_issue(built.issue, tmp_path, formats=formats, db=hostile_store.display_url)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "javascript:" not in html.lower()
    assert "javascript:" not in markdown.lower()
    assert re.findall(r'href="(?!#|https?://)', html) == []
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy, "the report carries its Content-Security-Policy"
    assert "default-src 'none'" in unescape(policy.group(1))
    assert "script-src 'none'" in unescape(policy.group(1))
    if (tmp_path / "report.pdf").exists():
        links = pdf_links(tmp_path / "report.pdf")
        assert all(link.startswith(("http://", "https://")) for link in links), links


def pdf_links(path: Path) -> list[str]:
    """The addresses of the PDF's link annotations (internal links have none)."""
    links = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                links.append(str(action["/URI"]))
    return links


def unsafe_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [
            cell
            for row in csv.reader(stream)
            for cell in row
            if cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell)
        ]


def test_no_csv_cell_is_a_formula_and_no_export_holds_a_script_link(
    hostile_store: Store, tmp_path: Path
) -> None:
    export_release(hostile_store, tmp_path)
    written = sorted(tmp_path.glob("*.csv"))
    assert len(written) == 7
    neutralised = 0
    for path in written:
        assert unsafe_cells(path) == [], path.name
        body = path.read_text(encoding="utf-8")
        neutralised += sum(body.count("'" + f.strip()) for f in FORMULAS)
    assert neutralised > 0  # the hostile text reached the CSVs, neutralised
    for path in tmp_path.iterdir():
        if path.is_file() and path.suffix in (".csv", ".json", ".jsonl", ".geojson"):
            assert HOSTILE_URL not in path.read_text(encoding="utf-8"), path.name
