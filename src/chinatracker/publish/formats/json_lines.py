"""JSON Lines: one nested record per line (the original `chinatracker export` format)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from chinatracker.publish.contract import Contract
from chinatracker.publish.formats._streams import text_output

if TYPE_CHECKING:
    from chinatracker.publish.datasets import Dataset


class JsonLinesFormat:
    name = "jsonl"
    suffix = ".jsonl"
    binary = False

    def write(self, records: Iterable[Contract], dataset: Dataset, out: Path | None) -> int:
        count = 0
        with text_output(out) as stream:
            for record in records:
                stream.write(record.model_dump_json() + "\n")
                count += 1
        return count
