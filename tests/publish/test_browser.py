"""The HTML issue in a real headless Chromium: the map colours exactly the recipient countries."""

from __future__ import annotations

import json

import pytest

from chinatracker.publish.browser import find_chromium, open_page
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store

from .conftest import Written

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return found


def test_map_shows_the_recipient_countries(
    report: Written, demo_store: Store, chromium: str
) -> None:
    sidecar = json.loads(report.figures.read_text(encoding="utf-8"))
    with demo_store.reading() as session:
        records = {r.id: r for r in stored.load_canonical_aid(session)}
    expected = {records[i].recipient_country for i in sidecar["annex_records"]}
    requests: list[str] = []
    with open_page(chromium) as page:
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.html.as_uri(), wait_until="load")
        shaded = page.eval_on_selector_all(
            "svg.world-map .has-records[data-iso3]",
            "els => els.map(e => [e.dataset.iso3, e.tagName, getComputedStyle(e).fill])",
        )
        neutral = page.eval_on_selector(
            "svg.world-map path.country:not(.has-records)", "e => getComputedStyle(e).fill"
        )
        tooltip = page.eval_on_selector(
            'svg.world-map [data-iso3="ZWE"] title', "e => e.textContent"
        )
        visible = page.eval_on_selector("svg.world-map", "e => e.getBoundingClientRect().width")
    assert {iso3 for iso3, _, _ in shaded} == expected
    assert all(fill != neutral for _, _, fill in shaded)
    assert "Zimbabwe" in tooltip and "military" in tooltip
    assert ("TTO", "circle") in {(iso3, tag) for iso3, tag, _ in shaded}  # a small state, a point
    assert visible > 500
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
