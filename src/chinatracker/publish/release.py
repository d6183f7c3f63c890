"""Exporting datasets: one dataset in one format, or a whole stamped release.

A release folder holds every dataset in every format it supports, the codebook and JSON
Schemas it follows, and `release.json`: the export date, the extractor and resolver
versions, and each file's size and SHA-256, so a reuser can cite and check what they have.
Canonical datasets are exported from freshly resolved records (`ensure_resolved`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from chinatracker import __version__
from chinatracker.errors import ConfigError
from chinatracker.publish.codebook import SCHEMA_DIR, write_codebook
from chinatracker.publish.contract import ReleaseDatasetOut, ReleaseFileOut, ReleaseOut
from chinatracker.publish.datasets import DATASETS, Dataset
from chinatracker.publish.formats import ALL_FORMATS, GEOJSON, formats
from chinatracker.publish.formats._streams import text_output
from chinatracker.reference import Reference
from chinatracker.resolve.runner import ensure_resolved
from chinatracker.store import canonical as stored
from chinatracker.store.database import Store
from chinatracker.store.models import FactRow

MANIFEST = "release.json"
TITLE = "China Security Tracker open data"


@dataclass(frozen=True)
class Written:
    dataset: str
    format: str
    path: Path | None
    records: int


def supports(dataset: Dataset, fmt: str) -> bool:
    return fmt != GEOJSON or dataset.countries is not None


def export_dataset(
    store: Store,
    name: str,
    fmt: str,
    out: Path | None,
    *,
    include_rejected: bool = False,
    reference: Reference | None = None,
    resolve: bool = True,
) -> Written:
    """Write one dataset in one format to a file (or standard output for text formats)."""
    dataset = DATASETS[name]
    if not supports(dataset, fmt):
        geo = ", ".join(n for n, d in DATASETS.items() if d.countries)
        raise ConfigError(f"GeoJSON is written for {geo} only, not {name}")
    reference = reference or Reference.load()
    if resolve and (dataset.canonical or fmt == GEOJSON):
        ensure_resolved(store)
    with store.reading() as session:
        if fmt == GEOJSON:
            assert dataset.countries is not None
            collection = dataset.countries(session, reference)
            with text_output(out) as stream:
                stream.write(collection.model_dump_json(exclude_none=False) + "\n")
            return Written(name, fmt, out, len(collection.features))
        records = dataset.records(session, reference, include_rejected)
        count = formats()[fmt].write(records, dataset, out)
    return Written(name, fmt, out, count)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions(store: Store) -> tuple[list[str], str | None]:
    with store.reading() as session:
        extractors = sorted(
            session.scalars(select(FactRow.extractor_version).where(FactRow.current).distinct())
        )
        run = stored.latest_run(session)
        return extractors, run.resolver_version if run else None


def export_release(
    store: Store,
    folder: Path,
    *,
    names: Sequence[str] | None = None,
    wanted_formats: Sequence[str] = ALL_FORMATS,
) -> ReleaseOut:
    """Every dataset in every format it supports, the codebook, schemas and `release.json`."""
    folder.mkdir(parents=True, exist_ok=True)
    ensure_resolved(store)
    reference = Reference.load()
    today = dt.date.today()
    extractors, resolver = _versions(store)
    entries = []
    for name in names or list(DATASETS):
        dataset = DATASETS[name]
        files, count = [], 0
        for fmt in wanted_formats:
            if not supports(dataset, fmt):
                continue
            suffix = ".geojson" if fmt == GEOJSON else formats()[fmt].suffix
            path = folder / f"{name}{suffix}"
            written = export_dataset(store, name, fmt, path, reference=reference, resolve=False)
            if fmt != GEOJSON:
                count = written.records
            files.append(
                ReleaseFileOut(
                    path=path.name, format=fmt, bytes=path.stat().st_size, sha256=_sha256(path)
                )
            )
        entries.append(
            ReleaseDatasetOut(
                name=name,
                description=dataset.description,
                records=count,
                schema_file=f"{SCHEMA_DIR}/{name}.schema.json",
                files=files,
            )
        )
    stamp = (
        f"Release of {today.isoformat()}: extractor {', '.join(extractors) or 'none'}, "
        f"resolver {resolver or 'none'}, chinatracker {__version__}."
    )
    write_codebook(folder, stamp=stamp)
    release = ReleaseOut(
        title=TITLE,
        release_date=today,
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        chinatracker_version=__version__,
        extractor_versions=extractors,
        resolver_version=resolver,
        codebook="codebook.md",
        datasets=entries,
    )
    (folder / MANIFEST).write_text(release.model_dump_json(indent=1) + "\n", encoding="utf-8")
    return release
