"""Only http(s) addresses may become links (`chinatracker/links.py`)."""

from __future__ import annotations

import pytest

from chinatracker.links import is_link_target, is_web_url, web_url


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a?b=c", "http://127.0.0.1:8000/", "HTTPS://EXAMPLE.ORG/"],
)
def test_http_and_https_addresses_are_links(url: str) -> None:
    assert is_web_url(url)
    assert web_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "https:evil",
        "http://[::1",
        "",
        None,
    ],
)
def test_anything_else_is_not(url: str | None) -> None:
    assert not is_web_url(url)
    assert web_url(url) is None


def test_a_report_may_link_to_its_own_anchors() -> None:
    assert is_link_target("#note-3")
    assert not is_link_target("javascript:alert(1)")
