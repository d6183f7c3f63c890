"""Markdown with optional YAML front matter (title, date, author, publisher, url, language)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from chinatracker.errors import InputError
from chinatracker.sources.base import Draft, RawInput, register
from chinatracker.sources.dates import parse_published
from chinatracker.sources.decoding import decode_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
DATE_KEYS = ("published", "date", "pubdate", "published_at")


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text: PyYAML crashes on impossible ones like 2020-13-45."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    assert isinstance(node, yaml.ScalarNode)
    return str(loader.construct_scalar(node))


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[InputError]]:
    """Return (metadata, body, warnings); a broken header is reported, never fatal."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    body = text[match.end() :]
    try:
        meta = yaml.load(match.group(1), Loader=_FrontMatterLoader)
    except (yaml.YAMLError, ValueError) as exc:
        problem = str(exc).splitlines()[0]
        return {}, body, [InputError("front_matter", f"front matter is not valid YAML ({problem})")]
    if not isinstance(meta, dict):
        return {}, body, [InputError("front_matter", "front matter is not a YAML mapping")]
    return {str(k).lower(): v for k, v in meta.items()}, body, []


def _text(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    return str(value).strip() or None


class MarkdownReader:
    name = "markdown"
    extensions: tuple[str, ...] = (".md", ".markdown")
    container = False

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"---\n") or head.startswith(b"---\r\n")

    def read(self, raw: RawInput, max_bytes: int) -> Iterator[Draft | InputError]:
        data = raw.read_bytes(max_bytes)
        meta, body, warnings = split_front_matter(decode_text(data))
        published = None
        for key in DATE_KEYS:
            if key in meta:
                try:
                    published = parse_published(meta[key])
                except InputError as exc:
                    warnings.append(exc)
                break
        yield Draft(
            text=body,
            raw=data,
            format="md",
            title=_text(meta, "title"),
            author=_text(meta, "author"),
            publisher=_text(meta, "publisher") or _text(meta, "source"),
            published=published,
            url=_text(meta, "url"),
            language=_text(meta, "language") or _text(meta, "lang"),
            warnings=warnings,
        )


register(MarkdownReader())
