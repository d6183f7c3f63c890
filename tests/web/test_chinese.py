"""A Chinese document through the web app: search in either script, the document and a fact
page in their own script and language, and the evidence as the source wrote it.

The text is our own, written for this test.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import Session, sign_in

from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.scale.runs import run_local
from chinatracker.sources.fingerprint import content_hash, raw_hash
from chinatracker.store.database import Store
from chinatracker.store.documents import add_documents
from chinatracker.web.app import create_app

TEXT = "中國人民解放軍5月12日向老撾軍隊援助一批防疫物資，包括口罩5萬只和防護服2000套。\n"


@pytest.fixture
def chinese_viewer(sqlite_demo_store: Store) -> Iterator[tuple[Session, int]]:
    document = Document(
        path="zh.md",
        format="md",
        title="解放軍援助老撾軍隊防疫物資",
        text=TEXT,
        language="zh-Hant",
        published=dt.date(2020, 5, 15),
        content_hash=content_hash(TEXT),
        raw_hash=raw_hash(TEXT.encode()),
    )
    with sqlite_demo_store.transaction() as session:
        [document_id] = add_documents(session, [document])
    run_local(sqlite_demo_store, Extractor(engine="rules"), batch_size=50)
    app = create_app(sqlite_demo_store, background_resolve=False)
    with TestClient(app, base_url="http://testserver") as client:
        yield sign_in(client, "vera"), document_id


def test_a_simplified_query_finds_the_traditional_document(chinese_viewer) -> None:
    viewer, document_id = chinese_viewer
    found = viewer.client.get("/api/search?q=防疫物资").json()
    assert [d["document_id"] for d in found["documents"]] == [document_id]
    page = viewer.client.get("/search?q=防护服").text
    assert "防護服" in html.unescape(page)


def test_the_document_page_shows_the_text_as_stored_in_its_language(chinese_viewer) -> None:
    viewer, document_id = chinese_viewer
    page = viewer.client.get(f"/documents/{document_id}")
    assert page.status_code == 200
    assert 'lang="zh-Hant"' in page.text
    assert "防疫物資" in html.unescape(page.text)
    facts = viewer.client.get(f"/api/documents/{document_id}").json()["facts"]
    aid = next(f for f in facts if f["kind"] == "aid")
    fact_page = viewer.client.get(f"/facts/{aid['id']}").text
    assert 'class="evidence" lang="zh-Hant"' in fact_page
    assert "援助一批防疫物資" in html.unescape(fact_page)


def test_the_api_gives_language_neutral_fields(chinese_viewer) -> None:
    viewer, document_id = chinese_viewer
    document = viewer.client.get(f"/api/documents/{document_id}").json()
    assert document["language"] == "zh-Hant"
    aid = next(f for f in document["facts"] if f["kind"] == "aid")
    fact = viewer.client.get(f"/api/facts/{aid['id']}").json()
    assert fact["fields"]["donor"]["channel"] == "military"
    assert [r["country"] for r in fact["fields"]["recipients"]] == ["LAO"]
