"""Turn command-line inputs (files, folders, URLs) into a stream of raw inputs."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from chinatracker.errors import InputError
from chinatracker.sources.base import RawInput
from chinatracker.sources.fetch import fetch_url, is_url


def walk_folder(folder: Path) -> Iterator[Path]:
    """Files under a folder in a stable order, skipping hidden ones (.git, .DS_Store)."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(root) / name


def discover(
    inputs: Iterable[str], *, max_bytes: int, timeout: float
) -> Iterator[RawInput | tuple[str, InputError]]:
    """Yield each input, or (input, error) for one that cannot even be opened."""
    for item in inputs:
        if is_url(item):
            try:
                yield fetch_url(item, max_bytes=max_bytes, timeout=timeout)
            except InputError as exc:
                yield item, exc
            continue
        path = Path(item)
        if path.is_dir():
            for file in walk_folder(path):
                yield RawInput.from_path(file)
        elif path.is_file():
            yield RawInput.from_path(path)
        else:
            yield item, InputError("io", "no such file or folder")
