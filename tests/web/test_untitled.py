"""A document without a title is shown by its first sentence, in the list and on its page."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from chinatracker.config import Settings
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import Store
from chinatracker.store.models import DocumentRow
from chinatracker.web.app import create_app

from .conftest import sign_in

BODY = (
    "BEIJING - Officials in Dili said on Tuesday that a shipment of masks had arrived from "
    "Beijing, the third such delivery this year. More would follow before the rains."
)


def test_an_untitled_document_shows_its_first_sentence(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    source = tmp_path / "untitled.txt"
    source.write_text(BODY + "\n", encoding="utf-8")
    ingest([str(source)], sqlite_demo_store, Settings(db=str(tmp_path / "unused.sqlite")))
    with sqlite_demo_store.reading() as session:
        row = session.scalars(select(DocumentRow).where(DocumentRow.path == str(source))).one()
        document_id, title = row.id, row.title
    assert title is None
    app = create_app(sqlite_demo_store, background_resolve=False)
    with TestClient(app) as client:
        sign_in(client, "root")
        page = client.get(f"/documents/{document_id}").text
        listing = client.get("/documents?q=untitled.txt").text
    sentence = "Officials in Dili said on Tuesday that a shipment of masks had arrived from Beijing"
    assert '<h1><span class="untitled"' in page and sentence in page.split("</h1>")[0]
    assert sentence in listing
