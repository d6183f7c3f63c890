"""Source notes: one numbered note per source document, numbered in reading order.

An issue cites documents, not facts: a document cited by three items keeps one number, the
way a printed tracker's endnotes do. The note gives the publisher, the headline, the
publication date and the link (or, for a file without one, its name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from chinatracker.links import web_url
from chinatracker.publish.dates import long_date
from chinatracker.resolve.records import DocumentInfo


@dataclass(frozen=True)
class Note:
    number: int
    document: DocumentInfo

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"

    @property
    def publisher(self) -> str | None:
        return self.document.publisher

    @property
    def title(self) -> str:
        document = self.document
        return document.title or document.first_sentence or PurePath(document.path).name

    @property
    def date(self) -> str | None:
        return long_date(self.document.published) if self.document.published else None

    @property
    def url(self) -> str | None:
        """The link, if it is http(s): the report, its Markdown and PDF write it as a link."""
        return web_url(self.document.url)

    @property
    def file(self) -> str | None:
        """The source file's name (and line) when the document has no link."""
        if self.url:
            return None
        name = PurePath(self.document.path).name
        return f"{name}, {self.document.locator}" if self.document.locator else name

    def text(self) -> str:
        """The note as one line of plain text."""
        parts = [p for p in (self.publisher, f"“{self.title}”", self.date) if p]
        if self.document.copies:
            count = len(self.document.copies)
            parts.append(f"the same story {count} more time{'' if count == 1 else 's'}")
        tail = self.url or self.file
        return ", ".join(parts) + (f". {tail}" if tail else ".")


class Notes:
    """Numbers documents the first time they are cited."""

    def __init__(self) -> None:
        self._by_document: dict[int, Note] = {}

    def cite(self, documents: Iterable[DocumentInfo]) -> tuple[Note, ...]:
        """The notes of these documents (numbered now if new), oldest publication first."""

        def order(d: DocumentInfo) -> tuple[dt.date, int]:
            return (d.published or dt.date.max, d.id)

        cited = []
        for document in sorted(documents, key=order):
            note = self._by_document.get(document.id)
            if note is None:
                note = Note(len(self._by_document) + 1, document)
                self._by_document[document.id] = note
            cited.append(note)
        return tuple(cited)

    def __iter__(self) -> Iterator[Note]:
        return iter(sorted(self._by_document.values(), key=lambda n: n.number))

    def __len__(self) -> int:
        return len(self._by_document)
