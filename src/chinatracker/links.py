"""Which addresses may become links: http(s) only, everywhere a link is written.

A document's `url` comes from its input (JSON Lines, Markdown front matter, a feed item), so it
may be `javascript:…`, `data:…` or `file:…`. Written as `<a href>` in a report, a PDF or a web
page, or as a cell an analyst clicks in an export, such a link runs script or opens local files.
Ingest drops them and records why (`sources/ingest.py`); the writers check again, because a store
filled before that rule may still hold one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
# Control characters and spaces: browsers strip some of them inside a scheme ("java\tscript:").
_UNSAFE = {chr(c) for c in range(0x21)} | {"\x7f"}


def is_web_url(url: str | None) -> bool:
    """True for an absolute http(s) address with a host, and nothing else."""
    if not url or any(ch in _UNSAFE for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def web_url(url: str | None) -> str | None:
    """`url` if it may be written as a link, else None (the writer shows no link at all)."""
    return url if is_web_url(url) else None


def is_link_target(href: str) -> bool:
    """What a report may link to: an anchor inside itself (`#…`) or an http(s) address."""
    return href.startswith("#") or is_web_url(href)
