"""RSS 2.0 and Atom feeds: every item becomes a document (its full content when given)."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

import lxml.html
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from chinatracker.errors import InputError
from chinatracker.sources.base import Draft, RawInput, register
from chinatracker.sources.dates import parse_published

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


def html_fragment_text(fragment: str) -> str:
    """Feed bodies are HTML fragments; keep their words, one block per line."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fromstring(fragment)
    except (lxml.etree.ParserError, ValueError):
        return fragment.strip()
    for block in root.iter("p", "br", "li", "h1", "h2", "h3", "div"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def _child_text(element: Element, *tags: str) -> str | None:
    for tag in tags:
        child = element.find(tag)
        if child is not None and (child.text or "").strip():
            return (child.text or "").strip()
    return None


def _rss_items(root: Element) -> Iterator[dict[str, str | None]]:
    channel = root.find("channel")
    publisher = _child_text(channel, "title") if channel is not None else None
    for item in root.iter("item"):
        yield {
            "title": _child_text(item, "title"),
            "url": _child_text(item, "link", "guid"),
            "published": _child_text(item, "pubDate", DC_DATE),
            "author": _child_text(item, "author", DC_CREATOR),
            "body": _child_text(item, CONTENT, "description"),
            "publisher": publisher,
        }


def _atom_entries(root: Element) -> Iterator[dict[str, str | None]]:
    publisher = _child_text(root, ATOM + "title")
    for entry in root.iter(ATOM + "entry"):
        link = entry.find(ATOM + "link")
        author = entry.find(ATOM + "author")
        yield {
            "title": _child_text(entry, ATOM + "title"),
            "url": link.get("href") if link is not None else None,
            "published": _child_text(entry, ATOM + "published", ATOM + "updated"),
            "author": _child_text(author, ATOM + "name") if author is not None else None,
            "body": _child_text(entry, ATOM + "content", ATOM + "summary"),
            "publisher": publisher,
        }


def parse_feed(data: bytes) -> Iterator[Draft | InputError]:
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise InputError("parse", f"broken feed XML: {exc}") from exc
    if root.tag == "rss" or root.find("channel") is not None:
        entries = _rss_items(root)
    elif root.tag == ATOM + "feed":
        entries = _atom_entries(root)
    else:
        raise InputError("parse", f"XML root <{root.tag}> is neither an RSS nor an Atom feed")
    for number, entry in enumerate(entries, start=1):
        locator = f"item {number}"
        body = html_fragment_text(entry["body"] or "")
        if not body:
            yield InputError("empty", "the feed item has no text", locator)
            continue
        warnings: list[InputError] = []
        published = None
        try:
            published = parse_published(entry["published"])
        except InputError as exc:
            warnings.append(exc)
        yield Draft(
            text=body,
            raw=(entry["url"] or "").encode() + body.encode(),
            format="feed",
            locator=locator,
            title=entry["title"],
            author=entry["author"],
            publisher=entry["publisher"],
            published=published,
            url=entry["url"],
            warnings=warnings,
        )


class FeedReader:
    name = "feed"
    extensions: tuple[str, ...] = (".rss", ".atom", ".xml")
    container = True

    def sniff(self, head: bytes) -> bool:
        start = head.lstrip()[:400]
        return start.startswith(b"<?xml") and (b"<rss" in start or b"<feed" in start)

    def read(self, raw: RawInput, max_bytes: int) -> Iterator[Draft | InputError]:
        yield from parse_feed(raw.read_bytes(max_bytes))


register(FeedReader())
