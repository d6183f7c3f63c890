"""Spreadsheet-safe CSV cells: a cell must never run as a formula (CSV injection).

OWASP's rule: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets, so `=HYPERLINK(…)` or `+cmd|…` taken from a
news article would run when an analyst opens the export. Such a cell gets a leading `'`, which
spreadsheets show as text and do not print. A plain number (`-12.5`, `+3`) runs nothing and stays
as it is, so numeric columns stay numeric. `docs/codebook.md` tells data users.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def safe_cell(value: str) -> str:
    """`value`, or `'` + `value` when a spreadsheet would run it as a formula."""
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
