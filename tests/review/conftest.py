"""Review tests build small stores by hand: a few documents and facts whose merging is known."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select

from chinatracker.records import (
    AidDelivery,
    AidItem,
    DateSpan,
    Document,
    Donor,
    Event,
    Evidence,
    Extraction,
    Quote,
    Recipient,
)
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
from chinatracker.store.documents import add_documents
from chinatracker.store.models import FactRow

RECORD_KINDS = ("aid", "event", "quote", "claim")


def aid(
    country: str = "ZWE",
    day: int = 4,
    *,
    quantity: float = 62000,
    confidence: float = 0.7,
    recipients: tuple[str, ...] = (),
) -> AidDelivery:
    countries = recipients or (country,)
    return AidDelivery(
        donor=Donor(name="People's Liberation Army", country="CHN", channel="military"),
        recipients=tuple(Recipient(country=c, institution_type="defense") for c in countries),
        items=(
            AidItem(item="masks", quantity=quantity, unit="mask", text=f"{quantity:,.0f} masks"),
        ),
        date=DateSpan(start=dt.date(2020, 6, day), precision="day"),
        evidence=(Evidence(start=0, end=20, quote="The PLA delivered ma"),),
        confidence=confidence,
    )


def event(confidence: float = 0.9) -> Event:
    return Event(
        category="diplomacy.exercises_port_calls",
        title="Sea Guardians 2020 concludes",
        summary="A joint naval exercise of China and Pakistan.",
        date=DateSpan(start=dt.date(2020, 1, 14), precision="day"),
        countries=("CHN", "PAK"),
        evidence=(Evidence(start=0, end=20, quote="The PLA delivered ma"),),
        confidence=confidence,
    )


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def add_document(store: Store) -> Callable[..., list[int]]:
    """`add_document(aid=[...], events=[...], quotes=[...])`: a new document and its facts' ids."""
    counter = iter(range(1, 1000))

    def add(
        aid: tuple[AidDelivery, ...] = (),
        events: tuple[Event, ...] = (),
        quotes: tuple[Quote, ...] = (),
        publisher: str | None = None,
    ) -> list[int]:
        n = next(counter)
        text = f"The PLA delivered masks to the armed forces. Story {n}."
        digest = hashlib.sha256(text.encode()).hexdigest()
        with store.transaction() as session:
            [document_id] = add_documents(
                session,
                [
                    Document(
                        path=f"story-{n}.txt", format="txt", title=f"Story {n}", text=text,
                        publisher=publisher or f"Wire {n}", published=dt.date(2020, 6, 10),
                        content_hash=digest, raw_hash=digest,
                    )
                ],
            )  # fmt: skip
            extraction = Extraction(
                document_id=document_id,
                extractor_version="test",
                aid=tuple(aid),
                events=tuple(events),
                quotes=tuple(quotes),
            )
            outcome = fact_store.DocumentOutcome(document_id, digest, extraction=extraction)
            fact_store.save_outcomes(session, [outcome], "test", None)
            query = (
                select(FactRow.id)
                .where(FactRow.document_id == document_id, FactRow.kind.in_(RECORD_KINDS))
                .order_by(FactRow.id)
            )
            return list(session.scalars(query))

    return add
