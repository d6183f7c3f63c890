"""Each input format becomes the right document text and metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chinatracker.config import Settings
from chinatracker.records import Document, IngestProblem
from chinatracker.sources.base import RawInput
from chinatracker.sources.ingest import read_input

INGEST = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def read_all(path: Path, settings: Settings) -> tuple[list[Document], list[IngestProblem]]:
    results = list(read_input(RawInput.from_path(path), settings))
    docs = [r for r in results if isinstance(r, Document)]
    problems = [r for r in results if isinstance(r, IngestProblem)]
    return docs, problems


def test_plain_text_is_kept_exactly_and_dated_from_file_name(settings: Settings) -> None:
    path = INGEST / "2020-04-02-pla-masks-plain.txt"
    [doc], problems = read_all(path, settings)
    assert problems == []
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.published == dt.date(2020, 4, 2)
    assert doc.published_from == "filename"
    assert doc.title == "PLA aircraft deliver masks to Laos"
    assert doc.format == "txt"
    assert doc.language == "en"


def test_markdown_front_matter_gives_title_date_and_body(settings: Settings) -> None:
    [doc], problems = read_all(INGEST / "front-matter.md", settings)
    assert problems == []
    assert doc.title == "Province sends test kits to sister region"
    assert doc.published == dt.date(2020, 5, 14)
    assert doc.published_from == "metadata"
    assert doc.author == "Mei Lin"
    assert doc.publisher == "Demo Wire"
    assert doc.url == "https://demo.chinatracker.example/2020/05/14/test-kits"
    assert not doc.text.startswith("---")
    assert "20,000 test kits" in doc.text


def test_html_main_text_without_navigation_ads_or_link_lists(settings: Settings) -> None:
    [doc], problems = read_all(INGEST / "page.html", settings)
    assert problems == []
    assert "landed in Belgrade on Saturday evening" in doc.text
    for clutter in ("READ NEXT", "umbrellas", "Local team wins", "All rights reserved"):
        assert clutter not in doc.text
    assert doc.title == "Serbia receives Chinese medical team"
    assert doc.published == dt.date(2020, 3, 22)
    assert doc.author == "Ana Petrovic"
    assert doc.publisher == "Demo News"


def test_pdf_text_and_title_and_creation_stamp(
    tmp_path: Path, pdf_bytes: bytes, settings: Settings
) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes(pdf_bytes)
    [doc], problems = read_all(path, settings)
    assert problems == []
    assert "Timor-Leste" in doc.text
    assert doc.title == "PLA statement on medical supplies"
    assert doc.format == "pdf"
    assert doc.published == dt.date(2026, 1, 1)


def test_pdf_file_name_date_beats_its_creation_stamp(
    tmp_path: Path, pdf_bytes: bytes, settings: Settings
) -> None:
    path = tmp_path / "2020-05-25-statement.pdf"
    path.write_bytes(pdf_bytes)
    [doc], _ = read_all(path, settings)
    assert doc.published == dt.date(2020, 5, 25)
    assert doc.published_from == "filename"


def test_json_lines_one_document_per_record_bad_lines_reported(settings: Settings) -> None:
    docs, problems = read_all(INGEST / "articles.jsonl", settings)
    assert [d.title for d in docs] == ["Cutters near the shoal", "Joint naval drill opens", None]
    assert docs[0].published == dt.date(2024, 3, 4)
    assert docs[0].publisher == "Demo Manila"
    assert docs[0].url == "https://demo.chinatracker.example/shoal"
    assert [d.locator for d in docs] == ["line 1", "line 2", "line 5"]
    by_line = {p.locator: p for p in problems}
    assert by_line["line 3"].kind == "parse"
    assert by_line["line 4"].kind == "empty"
    assert by_line["line 5"].severity == "warning"
    assert "malformed date" in by_line["line 5"].reason
    assert docs[2].published is None


def test_rss_items_become_documents_and_empty_items_are_reported(settings: Settings) -> None:
    docs, problems = read_all(INGEST / "feed.rss", settings)
    assert [d.title for d in docs] == [
        "Navy escort task force sails for the Gulf of Aden",
        "Peacekeepers rotate in South Sudan",
    ]
    assert docs[0].published == dt.date(2020, 4, 9)
    assert docs[0].publisher == "Demo Security Wire"
    assert "<p>" not in docs[0].text
    assert "Gulf of Aden" in docs[0].text
    assert [(p.locator, p.kind) for p in problems] == [("item 3", "empty")]


def test_atom_entries_become_documents(settings: Settings) -> None:
    [doc], problems = read_all(INGEST / "feed.atom", settings)
    assert problems == []
    assert doc.url == "https://demo.chinatracker.example/2020/06/att"
    assert doc.published == dt.date(2020, 6, 20)
    assert doc.text.startswith("China's top legislature voted")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("latin1-windows.txt", "Le ministère de la Défense"),
        ("utf16-bom.txt", "capital’s main hospital"),
    ],
)
def test_legacy_and_bom_encodings_are_decoded(name: str, expected: str, settings: Settings) -> None:
    [doc], problems = read_all(INGEST / name, settings)
    assert problems == []
    assert expected in doc.text
    assert not doc.text.startswith("\ufeff")


def test_unknown_extension_is_sniffed(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "download"
    path.write_bytes((INGEST / "page.html").read_bytes())
    [doc], _ = read_all(path, settings)
    assert doc.format == "html"
