"""End to end in a real headless Chromium (Debian's, driven by Playwright): sign in, filter the
dashboard, open a document, correct a fact's quantity, and see the change and its audit entry
on the dashboard; screenshots of every step go to out/screenshots (or CHINATRACKER_SCREENSHOTS).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chinatracker.store.database import Store
from chinatracker.web.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("CHINATRACKER_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("CHINATRACKER_SCREENSHOTS", REPO / "out" / "screenshots"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(sqlite_demo_store: Store) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread."""
    uvicorn = pytest.importorskip("uvicorn")
    port = _free_port()
    app = create_app(sqlite_demo_store)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(10)
    app.state.resolver.wait()


@pytest.fixture
def page(server: str) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and shutil.which(CHROMIUM) is None:
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=server)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield tab
        browser.close()
        assert errors == [], errors


def _shot(page, name: str, *, full: bool = False) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def test_sign_in_filter_open_a_document_correct_a_quantity_and_see_it(page) -> None:
    # Signing in: the dashboard sends a stranger to the login form, and back after it.
    page.goto("/dashboard")
    page.wait_for_url(re.compile(r"/login\?next="))
    _shot(page, "01-login")
    page.fill("#name", "ana")
    page.fill("#password", "analyst-password-1")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard$"))

    # Filtering: each choice applies at once and lands in a shareable URL.
    page.select_option("#f-channel", "military")
    page.wait_for_url(re.compile(r"channel=military"))
    page.select_option("#f-country", "ZWE")
    page.wait_for_url(re.compile(r"channel=military&country=ZWE"))
    assert "from=" not in page.url  # empty filters stay out of the URL
    assert page.locator(".chip").count() == 2
    _shot(page, "02-dashboard-filtered", full=True)
    # A delivery whose first item is masks with a number.
    row = (
        page.locator("#records tbody tr")
        .filter(has=page.locator("[data-summary]", has_text=re.compile(r"^masks \d")))
        .first
    )
    fact_id = row.get_attribute("data-fact")
    before = row.locator("[data-summary]").inner_text()
    old = re.search(r"masks ([\d,]+)", before).group(1)

    # The document: the fact's evidence is highlighted, and clicking it opens the fact.
    row.locator("a", has_text="document").click()
    page.wait_for_url(re.compile(r"/documents/\d+#fact-" + fact_id))
    mark = page.locator(f'#doc-text a.hl[data-facts~="{fact_id}"]').first
    assert mark.is_visible()
    _shot(page, "03-document")
    if len(mark.get_attribute("data-facts").split()) > 1:
        mark.click()
        page.locator(".popover").wait_for()
        _shot(page, "04-document-popover")
        page.locator(f'.popover a[href="/facts/{fact_id}"]').click()
    else:
        mark.click()
    page.wait_for_url(re.compile(rf"/facts/{fact_id}$"))

    # Correcting the quantity: `e` opens the form.
    page.keyboard.press("e")
    quantity = page.locator('input[name="items.0.quantity"]')
    quantity.wait_for()
    new = "77,777" if old != "77,777" else "88,888"
    quantity.fill(new)
    page.fill("#f-reason", "the handover certificate says " + new)
    _shot(page, "05-correct-form")
    page.click("#correct-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/facts/{fact_id}$"))
    assert "corrected: items.0.quantity" in page.locator(".flash").inner_text()
    history = page.locator("#history").inner_text()
    assert "ana" in history and new in history and old in history
    _shot(page, "06-fact-corrected", full=True)

    # The dashboard shows the new quantity, the status, and the audit entry.
    page.goto("/dashboard?channel=military&country=ZWE")
    row = page.locator(f'#records tr[data-fact="{fact_id}"]')
    assert f"masks {new}" in row.locator("[data-summary]").inner_text()
    assert row.locator("[data-status]").inner_text() == "corrected"
    activity = page.locator("#activity li").first.inner_text()
    assert f"ana corrected fact {fact_id}" in activity and new in activity
    _shot(page, "07-dashboard-after", full=True)


def test_review_queue_keyboard_shortcuts(page) -> None:
    page.goto("/login")
    page.fill("#name", "ana")
    page.fill("#password", "analyst-password-1")
    page.click("button[type=submit]")
    page.goto("/review")
    first = page.locator("#queue tbody tr").nth(0)
    second = page.locator("#queue tbody tr").nth(1)
    assert "selected" in first.get_attribute("class")
    page.keyboard.press("j")
    assert "selected" in second.get_attribute("class")
    page.keyboard.press("k")
    page.keyboard.press("a")
    page.locator("#queue-note.success").wait_for()
    assert first.locator("[data-status]").inner_text() == "accepted"
    assert "selected" in second.get_attribute("class")
    _shot(page, "08-review-queue")
