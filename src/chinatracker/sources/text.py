"""Plain text files, kept exactly as decoded so evidence offsets point at the file's characters."""

from __future__ import annotations

from collections.abc import Iterator

from chinatracker.errors import InputError
from chinatracker.sources.base import Draft, RawInput, register
from chinatracker.sources.decoding import decode_text


class TextReader:
    name = "text"
    extensions: tuple[str, ...] = (".txt", ".text")
    container = False

    def sniff(self, head: bytes) -> bool:
        return False

    def read(self, raw: RawInput, max_bytes: int) -> Iterator[Draft | InputError]:
        data = raw.read_bytes(max_bytes)
        yield Draft(text=decode_text(data), raw=data, format="txt")


register(TextReader())
