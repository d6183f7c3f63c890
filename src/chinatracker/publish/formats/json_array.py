"""JSON: one array of nested records, written as it streams (never held in memory)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from chinatracker.publish.contract import Contract
from chinatracker.publish.formats._streams import text_output

if TYPE_CHECKING:
    from chinatracker.publish.datasets import Dataset


class JsonFormat:
    name = "json"
    suffix = ".json"
    binary = False

    def write(self, records: Iterable[Contract], dataset: Dataset, out: Path | None) -> int:
        count = 0
        with text_output(out) as stream:
            stream.write("[")
            for record in records:
                stream.write(",\n" if count else "\n")
                stream.write(record.model_dump_json())
                count += 1
            stream.write("\n]\n" if count else "]\n")
        return count
