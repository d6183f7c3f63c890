"""Reading the packaged data files.

The data ships inside the package (``reference/data/``) so that an installed
``chinatracker`` needs no network and no third-party country libraries at run time.
"""

from __future__ import annotations

import csv
import io
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from chinatracker.yaml_io import safe_load

_PACKAGE = "chinatracker.reference"


def data_file(name: str) -> Traversable:
    """Return the packaged data file ``name`` (a bare file name under ``data/``)."""
    return files(_PACKAGE) / "data" / name


def read_csv(name: str) -> list[dict[str, str]]:
    """Read a packaged CSV into dicts; empty cells stay empty strings."""
    text = data_file(name).read_text(encoding="utf-8")
    return [dict(row) for row in csv.DictReader(io.StringIO(text))]


def read_yaml(name: str) -> Any:
    """Parse a packaged YAML file with the safe loader."""
    return safe_load(data_file(name).read_text(encoding="utf-8"))
