"""PDF files: text of every page and the document information (pypdf)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

from pypdf import PdfReader

from chinatracker.errors import InputError
from chinatracker.sources.base import Draft, RawInput, register

# pypdf logs every oddity of a damaged file; we report one clear line per file instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def pdf_to_draft(data: bytes) -> Draft:
    if not data.startswith(b"%PDF-"):
        raise InputError("parse", "not a PDF file (missing %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("parse", "the PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on damaged files
        raise InputError("parse", f"broken PDF: {type(exc).__name__}: {exc}") from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise InputError("empty", "the PDF has no extractable text (scanned images?)")
    title = author = None
    published = None
    if info is not None:
        title = (info.title or "").strip() or None
        author = (info.author or "").strip() or None
        try:
            created = info.creation_date
        except Exception:  # a malformed date string in the info dictionary
            created = None
        published = created.date() if created is not None else None
    return Draft(
        text=text,
        raw=data,
        format="pdf",
        title=title,
        author=author,
        published=published,
        published_is_stamp=True,
    )


class PdfReaderPlugin:
    name = "pdf"
    extensions: tuple[str, ...] = (".pdf",)
    container = False

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"%PDF-")

    def read(self, raw: RawInput, max_bytes: int) -> Iterator[Draft | InputError]:
        yield pdf_to_draft(raw.read_bytes(max_bytes))


register(PdfReaderPlugin())
