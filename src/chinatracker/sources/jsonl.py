"""JSON Lines: one article per line, `{"text", "title", "url", "published", ...}`, streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from chinatracker.errors import InputError
from chinatracker.sources.base import Draft, RawInput, register
from chinatracker.sources.dates import parse_published

TEXT_KEYS = ("text", "content", "body")
DATE_KEYS = ("published", "date", "published_at")


def _field(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def record_to_draft(record: object, line: bytes, locator: str) -> Draft:
    if not isinstance(record, dict):
        raise InputError("parse", "the line is not a JSON object")
    text = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str)), None)
    if text is None or not text.strip():
        raise InputError("empty", "the record has no text")
    warnings: list[InputError] = []
    published = None
    raw_date = next((record[k] for k in DATE_KEYS if record.get(k) not in (None, "", "None")), None)
    try:
        published = parse_published(raw_date)
    except InputError as exc:
        warnings.append(exc)
    return Draft(
        text=text,
        raw=line,
        format="jsonl",
        locator=locator,
        title=_field(record, "title", "headline"),
        author=_field(record, "author", "byline"),
        publisher=_field(record, "publisher", "source", "sitename"),
        published=published,
        url=_field(record, "url", "link"),
        language=_field(record, "language", "lang"),
        warnings=warnings,
    )


class JsonLinesReader:
    name = "jsonl"
    extensions: tuple[str, ...] = (".jsonl", ".ndjson")
    container = True

    def sniff(self, head: bytes) -> bool:
        return head.lstrip().startswith(b"{") and b"\n" in head

    def read(self, raw: RawInput, max_bytes: int) -> Iterator[Draft | InputError]:
        with raw.opener() as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                locator = f"line {number}"
                if len(line) > max_bytes:
                    yield InputError("too_large", "the record is over the size limit", locator)
                    continue
                try:
                    yield record_to_draft(json.loads(line), line, locator)
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    yield InputError("parse", f"invalid JSON ({exc})", locator)
                except InputError as exc:
                    yield InputError(exc.kind, exc.reason, locator)


register(JsonLinesReader())
