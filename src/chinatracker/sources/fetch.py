"""Fetching a document from a URL, with a size limit and a total deadline enforced while
downloading.

httpx's timeout bounds each read, not the whole download: a server that trickles a byte every
two seconds never trips it. So the download also has a deadline of `timeout` seconds in all.
"""

from __future__ import annotations

import io
import time
from urllib.parse import urlparse

import httpx

from chinatracker import __version__
from chinatracker.errors import InputError
from chinatracker.sources.base import RawInput

USER_AGENT = f"chinatracker/{__version__} (+https://github.com/chinatracker)"


def is_url(item: str) -> bool:
    return urlparse(item).scheme in ("http", "https")


def fetch_url(url: str, *, max_bytes: int, timeout: float) -> RawInput:
    deadline = time.monotonic() + timeout
    try:
        with httpx.stream(
            "GET", url, follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT}
        ) as response:
            if response.status_code >= 400:
                raise InputError("fetch", f"the server answered HTTP {response.status_code}")
            buffer = bytearray()
            for chunk in response.iter_bytes():
                buffer.extend(chunk)
                if time.monotonic() > deadline:
                    raise InputError(
                        "fetch",
                        f"the download took longer than {timeout:g} s in all "
                        f"({len(buffer):,} bytes so far; fetch_timeout)",
                    )
                if len(buffer) > max_bytes:
                    raise InputError(
                        "too_large", f"over the {max_bytes:,}-byte limit (max_file_bytes)"
                    )
            content_type = response.headers.get("content-type")
    except httpx.HTTPError as exc:
        raise InputError("fetch", f"cannot fetch: {type(exc).__name__}: {exc}") from exc
    data = bytes(buffer)
    name = urlparse(url).path.rsplit("/", 1)[-1] or "index"
    return RawInput(
        source=url,
        name=name,
        size=len(data),
        opener=lambda: io.BytesIO(data),
        content_type=content_type,
    )
