"""Build the one PDF of the demo corpus from its plain-text source.

The source, ``peacekeeping_brief.txt`` beside this script, is the text we wrote; the PDF is a
rendering of it so that the ingestion of PDF files has something real to read. Gold anchors for
the PDF are checked against this source (with whitespace collapsed) and, when a PDF text
extractor is installed, against the text extracted from the PDF.

Usage (fpdf2 is not a project dependency; use a throwaway environment):

    python3 -m venv /tmp/demoenv && /tmp/demoenv/bin/pip install fpdf2 pyyaml
    /tmp/demoenv/bin/python demo/tools/make_pdf.py

The output is written to ``demo/corpus/reports/2020-07-01-peacekeeping-brief.pdf``. The PDF's
creation date is pinned so that rebuilding it gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "peacekeeping_brief.txt"
TARGET = HERE.parent / "corpus" / "reports" / "2020-07-01-peacekeeping-brief.pdf"
CREATED = dt.datetime(2020, 7, 1, 9, 0, 0, tzinfo=dt.UTC)


def build(source: Path = SOURCE, target: Path = TARGET) -> Path:
    lines = source.read_text(encoding="ascii").splitlines()
    pdf = FPDF(format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_title(lines[0])
    pdf.set_author("Demo Security Tracker")
    pdf.set_subject(lines[1])
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for number, line in enumerate(lines):
        if number == 0:
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(width, 8, line, new_x="LMARGIN", new_y="NEXT")
        elif number in (1, 2):
            pdf.set_font("Helvetica", "I", 10)
            pdf.multi_cell(width, 6, line, new_x="LMARGIN", new_y="NEXT")
        elif not line.strip():
            pdf.ln(3)
        elif line[:2] in {"1.", "2.", "3."}:
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(width, 7, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(width, 6, line, new_x="LMARGIN", new_y="NEXT")
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(target))
    return target


if __name__ == "__main__":
    print(build())
