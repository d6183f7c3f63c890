"""The open datasets: name → contract model, description and the records it holds.

| dataset         | one record per                                   | model            |
|-----------------|--------------------------------------------------|------------------|
| aid             | extracted aid fact (one statement in one source) | `AidOut`         |
| events          | extracted event fact                             | `EventOut`       |
| entities        | entity mention                                   | `EntityOut`      |
| aid-records     | canonical delivery to one recipient country      | `AidRecordOut`   |
| event-records   | canonical security event                         | `EventRecordOut` |
| documents       | ingested document (metadata, never the text)     | `DocumentOut`    |
| sources         | canonical record × source document, with quotes  | `SourceOut`      |

`aid-records` and `event-records` also export as GeoJSON of countries with counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy.orm import Session

from chinatracker.publish import geo, records_out
from chinatracker.publish.contract import (
    AidOut,
    AidRecordOut,
    Contract,
    CountryCollectionOut,
    DocumentOut,
    EntityOut,
    EventOut,
    EventRecordOut,
    SourceOut,
)
from chinatracker.publish.exports import export_records
from chinatracker.reference import Reference
from chinatracker.store import canonical as stored
from chinatracker.yaml_io import safe_load

Records = Callable[[Session, Reference, bool], Iterator[Contract]]
Countries = Callable[[Session, Reference], CountryCollectionOut]


@cache
def descriptions() -> dict[str, Any]:
    text = (files("chinatracker.publish") / "data" / "codebook.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = safe_load(text)
    return data


@dataclass(frozen=True)
class Dataset:
    name: str
    model: type[Contract]
    records: Records
    canonical: bool
    countries: Countries | None = None

    @property
    def description(self) -> str:
        return str(descriptions()["datasets"][self.name]["description"])

    @property
    def unit(self) -> str:
        return str(descriptions()["datasets"][self.name]["unit"])


def _facts(what: str) -> Records:
    def records(
        session: Session, reference: Reference, include_rejected: bool
    ) -> Iterator[Contract]:
        return export_records(session, what, include_rejected=include_rejected)

    return records


def _aid_records(session: Session, reference: Reference, _: bool) -> Iterator[Contract]:
    return records_out.aid_records(session, reference)


def _event_records(session: Session, reference: Reference, _: bool) -> Iterator[Contract]:
    return records_out.event_records(session, reference)


def _documents(session: Session, reference: Reference, _: bool) -> Iterator[Contract]:
    return records_out.documents(session, reference)


def _sources(session: Session, reference: Reference, _: bool) -> Iterator[Contract]:
    return records_out.sources(session, reference)


def _aid_countries(session: Session, reference: Reference) -> CountryCollectionOut:
    return geo.aid_countries(stored.load_canonical_aid(session), reference)


def _event_countries(session: Session, reference: Reference) -> CountryCollectionOut:
    return geo.event_countries(stored.load_canonical_events(session), reference)


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("aid", AidOut, _facts("aid"), canonical=False),
        Dataset("events", EventOut, _facts("events"), canonical=False),
        Dataset("entities", EntityOut, _facts("entities"), canonical=False),
        Dataset("aid-records", AidRecordOut, _aid_records, True, _aid_countries),
        Dataset("event-records", EventRecordOut, _event_records, True, _event_countries),
        Dataset("documents", DocumentOut, _documents, canonical=False),
        Dataset("sources", SourceOut, _sources, canonical=True),
    )
}


def dataset(name: str) -> Dataset:
    return DATASETS[name]
