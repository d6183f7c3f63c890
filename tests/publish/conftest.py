"""The demo corpus through the whole pipeline once, and a tracker issue and release from it.

Built once per test session: ingest, extract and resolve the demo corpus into a temporary
SQLite file, then write the report (HTML, Markdown and, where Chromium is installed, PDF) and
a release of every dataset, as `make demo` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.publish.browser import find_chromium
from chinatracker.publish.release import export_release
from chinatracker.publish.report import ReportOptions, build_issue, write_issue
from chinatracker.publish.scope import Scope
from chinatracker.resolve.runner import run_resolve
from chinatracker.sources.ingest import ingest
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
from chinatracker.store.documents import to_document
from chinatracker.store.models import DocumentRow

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo" / "corpus"
PERIOD = Scope(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))


@dataclass(frozen=True)
class Written:
    folder: Path
    html: Path
    markdown: Path
    pdf: Path | None
    figures: Path
    skipped: dict[str, str]


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    settings = Settings(db=str(tmp_path_factory.mktemp("publish") / "demo.sqlite"))
    store = Store(settings.db)
    ingest([str(DEMO)], store, settings)
    extractor = Extractor()
    with store.transaction() as session:
        outcomes = []
        for row in session.scalars(select(DocumentRow)):
            document = to_document(row)
            assert document.id is not None
            outcomes.append(
                fact_store.DocumentOutcome(
                    document.id, document.content_hash, extraction=extractor.extract(document)
                )
            )
        fact_store.save_outcomes(session, outcomes, extractor.version, None)
    run_resolve(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def report(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Written:
    folder = tmp_path_factory.mktemp("report")
    built = build_issue(demo_store, ReportOptions(scope=PERIOD))
    formats = ["html", "md", "pdf"] if find_chromium() else ["html", "md"]
    outcomes = write_issue(built.issue, folder, formats=formats, db=demo_store.display_url)
    skipped = {o.format: o.skipped for o in outcomes if o.skipped}
    pdf = folder / "report.pdf"
    return Written(
        folder=folder,
        html=folder / "report.html",
        markdown=folder / "report.md",
        pdf=pdf if pdf.exists() else None,
        figures=folder / "report-figures.json",
        skipped={k: v for k, v in skipped.items() if v},
    )


@pytest.fixture(scope="session")
def release(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("datasets")
    export_release(demo_store, folder)
    return folder
