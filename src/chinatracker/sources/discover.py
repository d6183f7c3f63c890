"""Turn command-line inputs (files, folders, URLs) into a stream of raw inputs.

Whatever a folder holds, each entry is one input or one recorded problem, never a crash or a
hang: a broken symlink or a symlink loop is an `io` problem; a FIFO, socket or device is
`not_regular` (opening a FIFO waits for a writer for ever); a file name that is not UTF-8 is
`name` (the store keeps names as UTF-8 text, and one such name used to lose the whole batch).
"""

from __future__ import annotations

import os
import stat
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
                yield open_file(file)
        elif path.exists() or path.is_symlink():
            yield open_file(path)
        else:
            yield shown(path), InputError("io", "no such file or folder")


def shown(path: Path) -> str:
    """The path as UTF-8 text: bytes that are not UTF-8 are written as `\\xNN`."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def open_file(path: Path) -> RawInput | tuple[str, InputError]:
    """One file as a raw input, or why it cannot be one."""
    source = shown(path)
    if source != str(path):
        return source, InputError("name", "the file name is not UTF-8: rename the file to read it")
    try:
        info = path.stat()
    except OSError as exc:  # broken symlink, symlink loop, permission
        reason = "broken symlink" if path.is_symlink() and exc.errno == 2 else exc.strerror
        return source, InputError("io", f"cannot read the file: {reason}")
    if not stat.S_ISREG(info.st_mode):
        return source, InputError(
            "not_regular", "not a regular file (a FIFO, socket or device): skipped"
        )
    return RawInput.from_path(path)
