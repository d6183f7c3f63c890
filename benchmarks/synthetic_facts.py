"""Synthetic facts for store benchmarks: a million rows without running the extractor.

Facts look like what extraction writes: aid deliveries (donor channel, recipients), events
(category, countries), quotes and claims, spread over 2013-2026 with more reporting in later
years and a few countries taking most of the coverage (a Zipf law, as in real news). Quotes and
claims carry no date, as the extractor writes them. Rows are produced in chunks so memory stays
flat, and inserted with SQLAlchemy Core executemany (the same path on SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, insert

from chinatracker.reference.countries import country_index
from chinatracker.reference.taxonomy import taxonomy
from chinatracker.store.models import (
    AidDeliveryRow,
    AidRecipientRow,
    ClaimRow,
    DocumentRow,
    EventCountryRow,
    EventRow,
    EvidenceRow,
    ExtractionRunRow,
    FactRow,
    QuoteRow,
)
from chinatracker.store.search import index_evidence

KINDS = (("aid", 0.30), ("event", 0.40), ("quote", 0.20), ("claim", 0.10))
CHANNELS = (
    ("government", 30),
    ("military", 20),
    ("subnational", 15),
    ("soe", 12),
    ("private", 10),
    ("diaspora", 5),
    ("unknown", 8),
)
STATUSES = (("pending", 70), ("accepted", 20), ("corrected", 5), ("rejected", 5))
FACTS_PER_DOCUMENT = 10
FIRST_YEAR, LAST_YEAR = 2013, 2026
VERSION = "bench-1"
Rows = dict[str, list[dict[str, Any]]]


def countries_by_weight() -> tuple[list[str], list[float]]:
    """ISO3 codes with Zipf weights: rank r gets 1/r (China's neighbours and partners first)."""
    codes = [c.iso3 for c in country_index().all() if c.iso3 != "CHN"]
    rng = random.Random(7)
    rng.shuffle(codes)
    return codes, [1 / (rank + 1) for rank in range(len(codes))]


def _date(rng: random.Random) -> dt.date:
    # Coverage grows year on year: weight the year by its position.
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    year = rng.choices(years, weights=range(1, len(years) + 1))[0]
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def fact_chunks(total: int, *, seed: int = 1, chunk: int = 20_000) -> Iterator[Rows]:
    """Rows for `total` facts (and their documents), `chunk` facts at a time; ids from 1."""
    rng = random.Random(seed)
    codes, weights = countries_by_weight()
    categories = [c.code for c in taxonomy().categories]
    category_weights = [3 if c.startswith(("diplomacy", "aid")) else 1 for c in categories]
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    for first in range(1, total + 1, chunk):
        rows: Rows = {name: [] for name in TABLE_ORDER}
        for fact_id in range(first, min(first + chunk, total + 1)):
            document_id = (fact_id - 1) // FACTS_PER_DOCUMENT + 1
            if (fact_id - 1) % FACTS_PER_DOCUMENT == 0:
                rows["documents"].append(_document(document_id, rng, now))
            kind = _pick(rng, KINDS)
            dated = kind in ("aid", "event")
            date = _date(rng) if dated else None
            rows["facts"].append(
                {
                    "id": fact_id,
                    "kind": kind,
                    "document_id": document_id,
                    "run_id": 1,
                    "extractor_version": VERSION,
                    "current": rng.random() > 0.03,
                    "confidence": round(rng.uniform(0.3, 1.0), 2),
                    "review_status": _pick(rng, STATUSES),
                    "date_start": date,
                    "date_end": None,
                    "date_precision": "day" if date else None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            start = rng.randrange(0, 2000)
            rows["evidence"].append(
                {
                    "fact_id": fact_id,
                    "document_id": document_id,
                    "start": start,
                    "end": start + 120,
                    "quote": "The shipment was handed over at the airport on Tuesday.",
                }
            )
            places = rng.choices(codes, weights=weights, k=rng.choice((1, 1, 1, 2, 3)))
            if kind == "aid":
                rows["aid_deliveries"].append(
                    {
                        "fact_id": fact_id,
                        "donor_name": "Chinese donor",
                        "donor_country": "CHN",
                        "donor_channel": _pick(rng, CHANNELS),
                        "mode": "donation",
                        "status": "delivered",
                        "value_amount": None,
                        "value_currency": None,
                    }
                )
                rows["aid_recipients"] += [
                    {
                        "fact_id": fact_id,
                        "position": i,
                        "country": code,
                        "region": None,
                        "name": None,
                        "institution_type": "health",
                    }
                    for i, code in enumerate(dict.fromkeys(places))
                ]
            elif kind == "event":
                category = rng.choices(categories, weights=category_weights)[0]
                rows["events"].append(
                    {
                        "fact_id": fact_id,
                        "category": category,
                        "title": f"Event {fact_id}: {category}",
                        "summary": "A synthetic event for the store benchmark.",
                    }
                )
                rows["event_countries"] += [
                    {"fact_id": fact_id, "country": code} for code in dict.fromkeys(places)
                ]
            elif kind == "quote":
                rows["quotes"].append(
                    {
                        "fact_id": fact_id,
                        "speaker": "A spokesperson",
                        "speaker_role": None,
                        "text": "China is a good friend.",
                    }
                )
            else:
                rows["claims"].append(
                    {
                        "fact_id": fact_id,
                        "kind": "quality_complaint",
                        "text": "Some masks failed inspection.",
                        "countries": list(dict.fromkeys(places)),
                    }
                )
        yield rows


def _document(document_id: int, rng: random.Random, now: dt.datetime) -> dict[str, Any]:
    digest = f"{document_id:064x}"
    return {
        "id": document_id,
        "content_hash": digest,
        "raw_hash": digest,
        "path": f"bench/{document_id}.txt",
        "locator": None,
        "format": "txt",
        "url": None,
        "title": f"Synthetic article {document_id}",
        "author": None,
        "publisher": "Bench Wire",
        "published": _date(rng),
        "published_from": "metadata",
        "language": "en",
        "text": "A synthetic article body.",
        "word_count": 4,
        "ingested_at": now,
    }


TABLES = {
    "documents": DocumentRow,
    "facts": FactRow,
    "evidence": EvidenceRow,
    "aid_deliveries": AidDeliveryRow,
    "aid_recipients": AidRecipientRow,
    "events": EventRow,
    "event_countries": EventCountryRow,
    "quotes": QuoteRow,
    "claims": ClaimRow,
}
TABLE_ORDER = tuple(TABLES)


def load_facts(connection: Connection, total: int, *, seed: int = 1) -> int:
    """Insert `total` synthetic facts (with documents and child rows); returns rows written."""
    connection.execute(
        insert(ExtractionRunRow.__table__),
        [
            {
                "id": 1,
                "extractor_version": VERSION,
                "engine": "bench",
                "status": "done",
                "documents": 0,
                "facts": 0,
                "failures": 0,
                "counts": {},
            }
        ],
    )
    written = 1
    for rows in fact_chunks(total, seed=seed):
        for name in TABLE_ORDER:
            if rows[name]:
                connection.execute(insert(TABLES[name].__table__), rows[name])
                written += len(rows[name])
        index_evidence(connection, [fact["id"] for fact in rows["facts"]])  # as writers do
    return written
