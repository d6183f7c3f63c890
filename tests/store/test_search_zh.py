"""Search on Chinese text (migration 0012), on SQLite and PostgreSQL: terms of any length, either
script finding either script, evidence of facts, and snippets on the stored characters.

The texts are our own, written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, text

from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.scale.runs import run_local
from chinatracker.sources.fingerprint import content_hash, raw_hash
from chinatracker.store.database import Store
from chinatracker.store.documents import add_documents
from chinatracker.store.models import DocumentRow
from chinatracker.store.search import (
    MARK_END,
    MARK_START,
    search_documents,
    search_facts,
    zh_snippet,
)

SIMPLIFIED = "中国人民解放军5月12日向老挝军队援助一批防疫物资，包括口罩5万只和防护服2000套。"
TRADITIONAL = "中國駐緬甸大使館5月10日向緬甸衛生部捐贈了疫苗和醫療物資。"
ENGLISH = "The Chinese embassy handed masks and protective suits to Laos on 12 May."


def _add(store: Store, body: str, language: str, title: str) -> int:
    document = Document(
        path=f"{title}.md",
        format="md",
        title=title,
        text=body + "\n",
        language=language,
        published=dt.date(2020, 5, 15),
        content_hash=content_hash(body),
        raw_hash=raw_hash(body.encode()),
    )
    with store.transaction() as session:
        [document_id] = add_documents(session, [document])
    return document_id


@pytest.fixture
def filled(store: Store) -> dict[str, int]:
    return {
        "simplified": _add(store, SIMPLIFIED, "zh-Hans", "解放军援助老挝"),
        "traditional": _add(store, TRADITIONAL, "zh-Hant", "使館捐贈疫苗"),
        "english": _add(store, ENGLISH, "en", "Embassy hands over masks"),
    }


def _found(store: Store, query: str) -> set[int]:
    with store.reading() as session:
        return {hit.document_id for hit in search_documents(session, query).hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("口罩", {"simplified"}),  # two characters: shorter than a trigram
        ("防护服", {"simplified"}),  # three: the trigram index
        ("解放军 老挝", {"simplified"}),  # every term must occur
        ("疫苗", {"traditional"}),  # a simplified query finds traditional text
        ("衛生部", {"traditional"}),  # and a traditional query too
        ("醫療物資", {"traditional"}),
        ("援助 疫苗", set()),
    ],
)
def test_chinese_queries_find_chinese_documents_in_either_script(
    store: Store, filled: dict[str, int], query: str, expected: set[str]
) -> None:
    assert _found(store, query) == {filled[name] for name in expected}


def test_english_search_is_unchanged_beside_chinese_documents(
    store: Store, filled: dict[str, int]
) -> None:
    assert _found(store, "masks") == {filled["english"]}


def test_snippets_mark_the_stored_characters(store: Store, filled: dict[str, int]) -> None:
    with store.reading() as session:
        [hit] = search_documents(session, "疫苗").hits
    assert f"{MARK_START}疫苗{MARK_END}" in hit.snippet
    with store.reading() as session:
        [hit] = search_documents(session, "卫生部").hits
    assert f"{MARK_START}衛生部{MARK_END}" in hit.snippet  # the traditional text, as stored


def test_facts_are_found_through_chinese_evidence(store: Store, filled: dict[str, int]) -> None:
    run_local(store, Extractor(engine="rules"), batch_size=5)
    with store.reading() as session:
        page = search_facts(session, "防疫物资", kinds=["aid"])
    assert page.total >= 1
    assert {hit.document_id for hit in page.hits} == {filled["simplified"]}
    assert MARK_START in page.hits[0].snippet


def test_a_deleted_document_leaves_the_chinese_index(store: Store, filled: dict[str, int]) -> None:
    with store.transaction() as session:
        session.execute(delete(DocumentRow).where(DocumentRow.id == filled["traditional"]))
    assert _found(store, "疫苗") == set()


def test_wildcards_in_a_chinese_query_are_plain_characters(
    store: Store, filled: dict[str, int]
) -> None:
    assert _found(store, "口罩%") == set()
    assert _found(store, "口_") == set()
    assert _found(store, "防护服*") == {filled["simplified"]}  # a prefix star means nothing here


def test_the_sqlite_index_holds_only_chinese_documents(
    sqlite_store: Store,
) -> None:
    _add(sqlite_store, ENGLISH, "en", "english")
    chinese_id = _add(sqlite_store, TRADITIONAL, "zh-Hant", "chinese")
    with sqlite_store.reading() as session:
        rows = session.execute(text("SELECT rowid, text FROM documents_zh_fts")).all()
    assert [row[0] for row in rows] == [chinese_id]
    assert "卫生部" in rows[0][1]  # indexed simplified


def test_snippet_windows_long_text() -> None:
    body = "甲" * 100 + "口罩" + "乙" * 100
    snippet = zh_snippet(body, ["口罩"], width=10)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert f"{MARK_START}口罩{MARK_END}" in snippet
