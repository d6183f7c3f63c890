"""What a reader is, and the registry that picks one for an input.

Adding a format means adding one module with a `Reader` and calling `register()` in it; the
registry chooses by file extension first, then by sniffing the first bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from chinatracker.errors import InputError


@dataclass(frozen=True)
class RawInput:
    """One input as found: a file on disk or bytes fetched from a URL."""

    source: str
    name: str
    size: int
    opener: Callable[[], BinaryIO]
    content_type: str | None = None

    @classmethod
    def from_path(cls, path: Path, source: str | None = None) -> RawInput:
        return cls(
            source=source or str(path),
            name=path.name,
            size=path.stat().st_size,
            opener=lambda: path.open("rb"),
        )

    def read_bytes(self, limit: int) -> bytes:
        if self.size > limit:
            raise InputError(
                "too_large",
                f"{self.size:,} bytes is over the {limit:,}-byte limit (max_file_bytes)",
            )
        with self.opener() as stream:
            return stream.read(limit + 1)

    @property
    def extension(self) -> str:
        return Path(self.name).suffix.lower()


@dataclass
class Draft:
    """A document as a reader found it, before hashing and date resolution."""

    text: str
    raw: bytes
    format: str
    locator: str | None = None
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    # True when `published` is only a file's creation stamp, which a dated file name beats.
    published_is_stamp: bool = False
    warnings: list[InputError] = field(default_factory=list)


class Reader(Protocol):
    """Turns one raw input into drafts; a container format (JSON Lines, feeds) yields many.

    A reader raises InputError for an input it cannot read at all, and yields an InputError
    for one bad record inside a container so the other records still get in.
    """

    name: str
    extensions: tuple[str, ...]
    # Containers stream their records and are not bound by the single-file size limit.
    container: bool

    def sniff(self, head: bytes) -> bool: ...

    def read(self, raw: RawInput, max_bytes: int) -> Iterator[Draft | InputError]: ...


_READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    _READERS[reader.name] = reader
    return reader


def readers() -> list[Reader]:
    return list(_READERS.values())


_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "text/markdown": "markdown",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/plain": "text",
}


def reader_for(raw: RawInput) -> Reader:
    """Pick a reader by declared content type, extension, then content; text is the last resort."""
    if raw.content_type:
        declared = _CONTENT_TYPES.get(raw.content_type.split(";")[0].strip().lower())
        if declared in _READERS:
            return _READERS[declared]
    for reader in _READERS.values():
        if raw.extension in reader.extensions:
            return reader
    with raw.opener() as stream:
        head = stream.read(4096)
    for reader in _READERS.values():
        if reader.sniff(head):
            return reader
    return _READERS["text"]
