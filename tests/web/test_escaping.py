"""Hostile text in documents is shown as text, never run: in the document view, search
snippets, fact pages, the dashboard and the review queue."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from chinatracker.records import (
    AidDelivery,
    AidItem,
    DateSpan,
    Document,
    Donor,
    Evidence,
    Extraction,
    Quote,
    Recipient,
)
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
from chinatracker.store.documents import add_documents
from chinatracker.web import accounts
from chinatracker.web.app import create_app
from chinatracker.web.highlight import Span, marked_snippet, segments

SCRIPT = "<script>alert('owned')</script>"
ATTRIBUTE = '" onmouseover="alert(1)'
TITLE = f"Masks {SCRIPT} arrive"
TEXT = (
    f"BELGRADE -- The PLA delivered 100,000 masks {SCRIPT} to Serbia's army on 4 June 2020.\n"
    f'"Thank you {ATTRIBUTE} <img src=x onerror=alert(2)>," said a Serbian officer & friend.\n'
)


def _span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


@pytest.fixture
def hostile(db_url: str) -> Iterator[tuple[Store, int]]:
    store = Store(db_url)
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    document = Document(
        path="hostile.txt",
        format="txt",
        title=TITLE,
        publisher=ATTRIBUTE,
        url="javascript:alert(3)",
        published=None,
        text=TEXT,
        content_hash=digest,
        raw_hash=digest,
    )
    aid_start, aid_end = _span(f"The PLA delivered 100,000 masks {SCRIPT} to Serbia's army")
    quote_start, quote_end = _span(f"Thank you {ATTRIBUTE} <img src=x onerror=alert(2)>,")
    with store.transaction() as session:
        [document_id] = add_documents(session, [document])
        aid = AidDelivery(
            donor=Donor(name=f"PLA {SCRIPT}", country="CHN", channel="military"),
            recipients=(Recipient(country="SRB", name=ATTRIBUTE, institution_type="defense"),),
            items=(AidItem(item="masks", quantity=100000, text=f"masks {SCRIPT}"),),
            date=DateSpan(start=__import__("datetime").date(2020, 6, 4), precision="day"),
            evidence=(Evidence(start=aid_start, end=aid_end, quote=TEXT[aid_start:aid_end]),),
            confidence=0.5,
        )
        quote = Quote(
            speaker=SCRIPT,
            text=TEXT[quote_start:quote_end],
            evidence=(
                Evidence(start=quote_start, end=quote_end, quote=TEXT[quote_start:quote_end]),
            ),
            confidence=0.5,
        )
        extraction = Extraction(
            document_id=document_id, extractor_version="test", aid=(aid,), quotes=(quote,)
        )
        outcome = fact_store.DocumentOutcome(document_id, digest, extraction=extraction)
        fact_store.save_outcomes(session, [outcome], "test", None)
        accounts.add_user(session, "ana", "analyst", "analyst-password-1", by="setup")
    yield store, document_id
    store.close()


def _unsafe(html: str) -> list[str]:
    """Any of the payloads as live markup."""
    return [
        p for p in (SCRIPT, "<img src=x", 'onmouseover="alert', 'href="javascript:') if p in html
    ]


def test_every_page_escapes_hostile_text(hostile: tuple[Store, int], login) -> None:
    store, document_id = hostile
    session = login(TestClient(create_app(store, background_resolve=False)), "ana")
    facts = session.client.get(f"/api/documents/{document_id}").json()["facts"]
    assert {f["kind"] for f in facts} == {"aid", "quote"}
    pages = [
        f"/documents/{document_id}",
        "/dashboard",
        "/search?q=masks",
        "/search?q=thank&scope=facts",
        "/review",
        "/documents",
        *(f"/facts/{f['id']}" for f in facts),
        f"/facts/{facts[0]['id']}?edit=1",
    ]
    for path in pages:
        html = session.client.get(path).text
        assert not _unsafe(html), (path, _unsafe(html))
        assert "&lt;script&gt;" in html or "&#34; onmouseover" in html or "&quot;" in html, path
    document = session.client.get(f"/documents/{document_id}").text
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in document
    assert "&lt;img src=x onerror=alert(2)&gt;" in document


def test_highlights_are_cut_at_offsets_and_each_piece_escaped(
    hostile: tuple[Store, int], login
) -> None:
    store, document_id = hostile
    session = login(TestClient(create_app(store, background_resolve=False)), "ana")
    html = session.client.get(f"/documents/{document_id}").text
    # The highlighted passage is a link to its fact, with the payload inside it as text.
    assert 'class="hl hl-aid"' in html
    assert "masks &lt;script&gt;" in html


def test_json_data_island_cannot_close_its_script_tag(hostile: tuple[Store, int], login) -> None:
    store, document_id = hostile
    session = login(TestClient(create_app(store, background_resolve=False)), "ana")
    html = session.client.get(f"/documents/{document_id}").text
    island = html.split('id="facts-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in island


def test_segments_cover_the_text_exactly_with_overlaps_and_bad_spans() -> None:
    text = "Hello <b>world</b>!"
    spans = [
        Span(1, "aid", 0, 12),
        Span(2, "entity", 6, 9),
        Span(3, "quote", 40, 50),
        Span(4, "aid", 5, 5),
    ]
    pieces = segments(text, spans)
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.facts) for p in pieces] == [
        ("Hello ", (1,)),
        ("<b>", (1, 2)),
        ("wor", (1,)),
        ("ld</b>!", ()),
    ]
    assert pieces[1].kind == "aid"


def test_snippets_are_escaped_then_marked() -> None:
    assert (
        str(marked_snippet("a <b>\x02x\x03</b> \x02y")) == "a &lt;b&gt;<mark>x</mark>&lt;/b&gt; y"
    )


def test_responses_carry_a_strict_content_security_policy(
    hostile: tuple[Store, int], login
) -> None:
    store, _ = hostile
    response = TestClient(create_app(store, background_resolve=False)).get("/login")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
