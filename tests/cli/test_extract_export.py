"""`extract` and `export` as a user runs them; exports follow the contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.cli.conftest import run

from chinatracker.publish.contract import AidOut, EntityOut, EventOut
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentRow

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo" / "corpus"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.sqlite"
    assert run("--db", str(db), "ingest", str(DEMO), cwd=folder).returncode == 0
    first = run("--db", str(db), "extract", cwd=folder)
    assert first.returncode == 0, first.stderr
    assert "59 documents" in first.stdout
    return db


def test_extract_skips_finished_documents(demo_db: Path) -> None:
    again = run("--db", str(demo_db), "extract", cwd=demo_db.parent)
    assert again.returncode == 0
    assert ": 0 documents, 0 facts" in again.stdout


@pytest.mark.parametrize(
    ("what", "model"), [("aid", AidOut), ("events", EventOut), ("entities", EntityOut)]
)
def test_exports_follow_the_contract_and_quote_their_documents(
    demo_db: Path, what: str, model: type
) -> None:
    out = demo_db.parent / f"{what}.jsonl"
    result = run(
        "--db",
        str(demo_db),
        "export",
        what,
        "--format",
        "jsonl",
        "-o",
        str(out),
        cwd=demo_db.parent,
    )
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines
    texts = document_texts(demo_db)
    for line in lines:
        record = model.model_validate_json(line)
        for evidence in record.evidence:
            text = texts[evidence.document_id]
            assert " ".join(text[evidence.start : evidence.end].split()) == " ".join(
                evidence.quote.split()
            )


def document_texts(db: Path) -> dict[int, str]:
    """The stored texts, read from the database file itself (one subprocess per document would
    take minutes; `documents show` has its own tests)."""
    store = Store(str(db), upgrade=False)
    try:
        with store.reading() as session:
            rows = session.execute(select(DocumentRow.id, DocumentRow.text))
            return {row.id: row.text for row in rows}
    finally:
        store.close()


def test_aid_export_has_the_zimbabwe_donation(demo_db: Path) -> None:
    result = run("--db", str(demo_db), "export", "aid", cwd=demo_db.parent)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    zimbabwe = [
        r
        for r in records
        if [x["country"] for x in r["recipients"]] == ["ZWE"]
        and r["donor"]["channel"] == "military"
    ]
    assert any(
        {(i["item"], i["quantity"]) for i in r["items"]} >= {("masks", 62000.0), ("ppe", 19000.0)}
        for r in zimbabwe
    )
    assert all(r["document"]["path"].startswith(str(DEMO)) for r in records)
