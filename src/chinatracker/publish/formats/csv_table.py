"""CSV: one flat row per record (see `publish/flatten.py`), UTF-8, a header row first.

Columns are the same for every export of a dataset (they come from the contract); lists are
joined with "; ", so use JSON for values that themselves contain "; ". A text cell a spreadsheet
would run as a formula gets a leading `'` (`publish/cells.py`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from chinatracker.publish.cells import safe_cell
from chinatracker.publish.contract import Contract
from chinatracker.publish.flatten import as_text, columns, flatten
from chinatracker.publish.formats._streams import text_output

if TYPE_CHECKING:
    from chinatracker.publish.datasets import Dataset


class CsvFormat:
    name = "csv"
    suffix = ".csv"
    binary = False

    def write(self, records: Iterable[Contract], dataset: Dataset, out: Path | None) -> int:
        cols = columns(dataset.model)
        count = 0
        with text_output(out, newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=[c.name for c in cols])
            writer.writeheader()
            for record in records:
                cells = as_text(flatten(record, cols))
                writer.writerow({name: safe_cell(value) for name, value in cells.items()})
                count += 1
        return count
