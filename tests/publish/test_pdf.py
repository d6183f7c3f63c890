"""The PDF edition, checked as a reader would see it: text via pdftotext, pages via pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from chinatracker.reference.taxonomy import taxonomy

from .conftest import Written

pytestmark = pytest.mark.slow


def _pdf(report: Written) -> Path:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    if report.pdf is None:
        pytest.skip(f"no PDF was written: {report.skipped.get('pdf', 'unknown reason')}")
    return report.pdf


def test_pdf_text_has_every_section_in_order(report: Written) -> None:
    pdf = _pdf(report)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    headings = [
        "HIGHLIGHTS",
        "FOCUS TOPIC",
        *[s.label for s in taxonomy().sections],
        "Methodology",
        "Sources",
    ]
    found = [lines.index(h) if h in lines else -1 for h in headings]
    assert all(p >= 0 for p in found), [h for h, p in zip(headings, found, strict=True) if p < 0]
    assert found == sorted(found)
    # An event's own words reach the PDF: the PLA's handover rests on the aid frame, so it holds
    # whatever the event model (the Galwan clash was a borderline guess of a wrong category).
    assert "PLA delivers protective supplies" in text
    assert "1 / " in text  # page numbers in the footer


def test_pdf_pages_render(report: Written, tmp_path: Path) -> None:
    pdf = _pdf(report)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    assert all(p.stat().st_size > 5000 for p in pages)
