"""Export formats, one module each, registered by name.

A format writes a stream of contract records of one dataset to a file (or standard output,
for the text formats). GeoJSON is the exception: it writes the dataset's countries with their
counts (`datasets.Dataset.countries`), not its records.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from chinatracker.publish.contract import Contract

if TYPE_CHECKING:
    from chinatracker.publish.datasets import Dataset


class Format(Protocol):
    name: str
    suffix: str
    binary: bool

    def write(self, records: Iterable[Contract], dataset: Dataset, out: Path | None) -> int:
        """Write the records; return how many were written."""
        ...


def formats() -> dict[str, Format]:
    from chinatracker.publish.formats.csv_table import CsvFormat
    from chinatracker.publish.formats.json_array import JsonFormat
    from chinatracker.publish.formats.json_lines import JsonLinesFormat
    from chinatracker.publish.formats.parquet import ParquetFormat

    found: list[Format] = [CsvFormat(), JsonFormat(), JsonLinesFormat(), ParquetFormat()]
    return {f.name: f for f in found}


RECORD_FORMATS = ("csv", "json", "jsonl", "parquet")
GEOJSON = "geojson"
ALL_FORMATS = (*RECORD_FORMATS, GEOJSON)
