"""Small hand-built aid and event facts, and a small real store, for the resolve tests."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from chinatracker.records import (
    AidDelivery,
    AidItem,
    DateSpan,
    Document,
    Donor,
    Event,
    Evidence,
    Extraction,
    Recipient,
)
from chinatracker.resolve import AidFact, DocumentInfo, EventFact
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
from chinatracker.store.documents import add_documents

DONORS = {
    "military": "People's Liberation Army",
    "government": "Chinese central government",
    "private": "Jack Ma Foundation",
    "subnational": "Hainan Provincial Government",
    "unknown": "unnamed Chinese firm",
}


def document(
    document_id: int,
    publisher: str | None = None,
    published: dt.date = dt.date(2020, 6, 30),
    **extra: Any,
) -> DocumentInfo:
    return DocumentInfo(
        id=document_id,
        path=f"doc-{document_id}.txt",
        publisher=publisher,
        published=published,
        content_hash=f"hash-{document_id}",
        **extra,
    )


def span(start: str | None, end: str | None = None, precision: str = "day") -> DateSpan | None:
    if start is None:
        return None
    return DateSpan(
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end) if end else None,
        precision=precision,  # type: ignore[arg-type]
    )


AidMaker = Callable[..., AidFact]


@pytest.fixture
def aid() -> AidMaker:
    """Build an AidFact: aid(fact_id, document_id, ["KOR"], items={"masks": 1000}, ...)."""

    def make(
        fact_id: int,
        document_id: int,
        recipients: Sequence[str | Recipient],
        *,
        channel: str = "military",
        donor: str | None = None,
        items: dict[str, float | None] | None = None,
        date: str | None = "2020-06-04",
        date_end: str | None = None,
        precision: str = "day",
        mode: str = "donation",
        status: str = "delivered",
        institution: str = "defense",
        publisher: str | None = None,
        review_status: str = "pending",
        url: str | None = None,
        published: str = "2020-06-30",
    ) -> AidFact:
        people = tuple(
            r
            if isinstance(r, Recipient)
            else Recipient(country=r, name=f"armed forces of {r}", institution_type=institution)  # type: ignore[arg-type]
            for r in recipients
        )
        record = AidDelivery(
            donor=Donor(name=donor or DONORS[channel], country="CHN", channel=channel),  # type: ignore[arg-type]
            recipients=people,
            items=tuple(
                AidItem(item=k, quantity=v)  # type: ignore[arg-type]
                for k, v in (items if items is not None else {"masks": None}).items()
            ),
            date=span(date, date_end, precision),
            mode=mode,  # type: ignore[arg-type]
            status=status,  # type: ignore[arg-type]
            evidence=(Evidence(document_id=document_id, start=0, end=4, quote="text"),),
            confidence=0.9,
        )
        return AidFact(
            fact_id=fact_id,
            record=record,
            document=document(document_id, publisher, dt.date.fromisoformat(published), url=url),
            review_status=review_status,  # type: ignore[arg-type]
        )

    return make


EventMaker = Callable[..., EventFact]


@pytest.fixture
def event() -> EventMaker:
    def make(
        fact_id: int,
        document_id: int,
        countries: Sequence[str],
        *,
        category: str = "diplomacy.military_aid",
        title: str = "PLA delivers medical supplies",
        date: str | None = "2020-06-04",
        precision: str = "day",
    ) -> EventFact:
        record = Event(
            category=category,
            title=title,
            summary=title,
            date=span(date, None, precision),
            countries=tuple(countries),
            evidence=(Evidence(document_id=document_id, start=0, end=4, quote="text"),),
            confidence=0.8,
        )
        return EventFact(fact_id=fact_id, record=record, document=document(document_id))

    return make


# A real store -------------------------------------------------------------------------------

VERSION = "test-1"
JUNE_4 = DateSpan(start=dt.date(2020, 6, 4), precision="day")


def _document(name: str, text: str) -> Document:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        path=f"{name}.txt",
        format="txt",
        title=name,
        publisher=name,
        published=dt.date(2020, 6, 5),
        text=text,
        content_hash=digest,
        raw_hash=digest,
    )


def _aid(document_id: int, countries: list[str], masks: float | None) -> AidDelivery:
    return AidDelivery(
        donor=Donor(name="People's Liberation Army", country="CHN", channel="military"),
        recipients=tuple(
            Recipient(country=c, name=f"{c} armed forces", institution_type="defense")
            for c in countries
        ),
        items=(AidItem(item="masks", quantity=masks),),
        date=JUNE_4,
        evidence=(
            Evidence(document_id=document_id, start=0, end=10, quote=f"quote {document_id}"),
        ),
        confidence=0.9,
    )


def _event(document_id: int) -> Event:
    return Event(
        category="diplomacy.military_aid",
        title="PLA supplies for Zimbabwe",
        summary="",
        date=JUNE_4,
        countries=("CHN", "ZWE"),
        evidence=(Evidence(document_id=document_id, start=0, end=10, quote="e"),),
        confidence=0.8,
    )


@pytest.fixture
def filled(db_url: str) -> Iterator[Store]:
    """Two documents: an airlift to ZWE and RWA, and a handover in ZWE (62,000 masks).

    On SQLite and on PostgreSQL (the `db_url` fixture runs each test on both).
    """
    store = Store(db_url)
    with store.transaction() as session:
        ids = add_documents(
            session, [_document("airlift", "PLA airlift story"), _document("herald", "ZDF story")]
        )
        outcomes = [
            fact_store.DocumentOutcome(
                document_id=i,
                content_hash=f"h{i}",
                extraction=Extraction(
                    document_id=i,
                    extractor_version=VERSION,
                    aid=(
                        _aid(i, ["ZWE", "RWA"] if n == 0 else ["ZWE"], None if n == 0 else 62000),
                    ),
                    events=(_event(i),),
                ),
            )
            for n, i in enumerate(ids)
        ]
        fact_store.save_outcomes(session, outcomes, VERSION, None)
    yield store
    store.close()
