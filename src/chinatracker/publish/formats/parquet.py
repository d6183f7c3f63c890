"""Parquet (via pyarrow): the flat rows of the CSV, with typed columns, in row groups."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chinatracker.errors import ConfigError
from chinatracker.publish.contract import Contract
from chinatracker.publish.flatten import Column, columns, flatten, joined

if TYPE_CHECKING:
    from chinatracker.publish.datasets import Dataset

BATCH = 5000


def _pyarrow() -> Any:
    # pyarrow ships no type information; keep it an Any at this edge.
    return importlib.import_module("pyarrow")


def arrow_schema(cols: list[Column]) -> Any:
    pa = _pyarrow()
    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
    }
    return pa.schema([pa.field(c.name, pa.string() if joined(c) else types[c.kind]) for c in cols])


def _batches(records: Iterable[Contract], cols: list[Column]) -> Iterator[list[dict[str, Any]]]:
    batch = []
    for record in records:
        batch.append(flatten(record, cols))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class ParquetFormat:
    name = "parquet"
    suffix = ".parquet"
    binary = True

    def write(self, records: Iterable[Contract], dataset: Dataset, out: Path | None) -> int:
        if out is None:
            raise ConfigError("Parquet is a binary format: name a file with --output")
        pa = _pyarrow()
        parquet = importlib.import_module("pyarrow.parquet")
        cols = columns(dataset.model)
        schema = arrow_schema(cols)
        count = 0
        with parquet.ParquetWriter(str(out), schema, compression="zstd") as writer:
            for batch in _batches(records, cols):
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
            if count == 0:
                writer.write_table(schema.empty_table())
        return count
