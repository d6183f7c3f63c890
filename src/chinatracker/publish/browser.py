"""Headless Chromium for printing and checking pages: the system's browser, via Playwright.

Playwright's own browser download is never used (`playwright install` is not part of the
setup): the browser is Debian's `chromium`, found on the PATH or named with `--chromium` /
`CHINATRACKER_CHROMIUM`. Launch flags keep it offline and quiet.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from chinatracker.errors import TrackerError

if TYPE_CHECKING:
    from playwright.sync_api import Page

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--font-render-hinting=none",
]


class BrowserMissing(TrackerError):
    """No Chromium to print with."""


def find_chromium(explicit: str | None = None) -> str | None:
    """The Chromium executable to use, or None when none is installed."""
    wanted = explicit or os.environ.get("CHINATRACKER_CHROMIUM")
    if wanted:
        return shutil.which(wanted) or (wanted if os.access(wanted, os.X_OK) else None)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def open_page(
    chromium: str | None = None, *, width: int = 1200, height: int = 900
) -> Iterator[Page]:
    """A fresh page of a headless Chromium, closed afterwards."""
    executable = find_chromium(chromium)
    if executable is None:
        raise BrowserMissing(
            "Chromium is not installed (apt-get install chromium, or pass --chromium PATH)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dependency
        raise BrowserMissing(f"Playwright is not installed ({exc})") from exc
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()
