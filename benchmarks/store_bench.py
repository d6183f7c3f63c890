"""Store benchmark: insert throughput and dashboard latency, SQLite vs PostgreSQL, in one run.

    python benchmarks/store_bench.py                    # 100k facts (what `make bench` runs)
    python benchmarks/store_bench.py --facts 1000000    # the issue's figure
    python benchmarks/store_bench.py --compare-indexes  # also time without the dashboard indexes
    python benchmarks/store_bench.py --write-cost-since 0006_search_by_batch  # what 0007 costs

1. Insert, the extraction path: `store.facts.save_outcomes` (rows prepared per batch, one
   executemany per table, one transaction per 50 documents of ~15 facts), as `chinatracker
   extract` writes.
2. Insert, bulk: SQLAlchemy Core executemany of synthetic facts (benchmarks/synthetic_facts.py).
3. Dashboard: `store.dashboard` queries for analyst-like filter sets (period, category, channel,
   country or region, review status, confidence) over the bulk-loaded facts; p50/p95 latency,
   from the tallies and, as the baseline in the same run, from the facts alone.

PostgreSQL: `--pg URL` (an admin URL: the benchmark creates and drops its own databases),
CHINATRACKER_BENCH_PG or CHINATRACKER_TEST_PG, else a throwaway local cluster.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from common import machine, postgres, summary_ms
from sqlalchemy import text
from synthetic_facts import CHANNELS, countries_by_weight, load_facts

from chinatracker.records import (
    Actor,
    AidDelivery,
    AidItem,
    DateSpan,
    Document,
    Donor,
    Event,
    Evidence,
    Extraction,
    Mention,
    Quantity,
    Quote,
    Recipient,
)
from chinatracker.reference.taxonomy import taxonomy
from chinatracker.scale import pgcluster
from chinatracker.scale.runs import refresh_statistics
from chinatracker.store import dashboard as dash
from chinatracker.store import documents as stored
from chinatracker.store.database import SQLITE_CACHE_KIB, Store, alembic_config
from chinatracker.store.facts import DocumentOutcome, save_outcomes

DASHBOARD_INDEXES = {
    "facts": ["ix_facts_dashboard", "ix_facts_current_date"],
    "fact_places": ["ix_fact_places_map", "ix_fact_places_country"],
    "events": ["ix_events_category_fact"],
    "aid_deliveries": ["ix_aid_deliveries_channel_fact"],
}


# Backends ------------------------------------------------------------------------------------


class Backend:
    """Fresh databases on one backend, removed afterwards."""

    def __init__(self, name: str, folder: Path, admin_url: str | None = None) -> None:
        self.name, self.folder, self.admin_url = name, folder, admin_url
        self.created: list[str] = []

    def fresh(self) -> str:
        label = f"bench_{uuid.uuid4().hex[:10]}"
        if self.admin_url is None:
            return str(self.folder / f"{label}.sqlite")
        self.created.append(label)
        return pgcluster.create_database(self.admin_url, label)

    def cleanup(self) -> None:
        for label in self.created:
            if self.admin_url is not None:
                pgcluster.drop_database(self.admin_url, label)


# 1. Insert through the extraction path -------------------------------------------------------


def synthetic_extraction(document_id: int, rng: random.Random) -> Extraction:
    """About 15 facts, shaped like one news article's extraction."""

    def ev(start: int) -> tuple[Evidence, ...]:
        return (Evidence(document_id=document_id, start=start, end=start + 80, quote="x" * 80),)

    date = DateSpan(start=dt.date(2020, 4, rng.randint(1, 28)), precision="day")
    return Extraction(
        document_id=document_id,
        extractor_version="bench",
        mentions=tuple(
            Mention(
                text="Laos",
                type="country",
                canonical="Laos",
                country="LAO",
                start=i * 50,
                end=i * 50 + 4,
            )
            for i in range(8)
        ),
        quantities=tuple(
            Quantity(
                value=10_000.0, unit="masks", text="10,000 masks", start=i * 40, end=i * 40 + 12
            )
            for i in range(3)
        ),
        aid=(
            AidDelivery(
                donor=Donor(name="PLA", country="CHN", channel="military"),
                recipients=(Recipient(country="LAO", institution_type="defense"),),
                items=(AidItem(item="masks", quantity=10_000, unit="masks", text="10,000 masks"),),
                date=date,
                evidence=ev(0),
                confidence=0.9,
            ),
        ),
        events=tuple(
            Event(
                category="diplomacy.military_aid",
                title="PLA donates masks to Laos",
                summary="The PLA handed over masks to the Lao People's Army.",
                date=date,
                countries=("CHN", "LAO"),
                actors=(Actor(name="PLA", country="CHN"),),
                evidence=ev(100),
                confidence=0.8,
            )
            for _ in range(2)
        ),
        quotes=(
            Quote(
                speaker="A spokesperson", text="A friend in need.", evidence=ev(300), confidence=0.7
            ),
        ),
    )


def insert_extraction_path(store: Store, documents: int, batch: int = 50) -> tuple[int, float]:
    rng = random.Random(3)
    texts = [f"Synthetic document {i} about aid to Laos. " * 20 for i in range(documents)]
    with store.transaction() as session:
        ids = stored.add_documents(
            session,
            [
                Document(
                    path=f"{i}.txt",
                    format="txt",
                    text=t,
                    content_hash=f"{i:064x}",
                    raw_hash=f"{i:064x}",
                )
                for i, t in enumerate(texts)
            ],
        )
    outcomes = [
        DocumentOutcome(i, f"{n:064x}", extraction=synthetic_extraction(i, rng))
        for n, i in enumerate(ids)
    ]
    facts = 0
    start = time.perf_counter()
    for first in range(0, len(outcomes), batch):
        with store.transaction() as session:
            facts += save_outcomes(session, outcomes[first : first + batch], "bench", None)[1]
    return facts, time.perf_counter() - start


def write_cost(backend: Backend, revision: str, documents: int, rounds: int = 3) -> None:
    """The extraction path on stores at `revision` and at head, in alternating rounds: what the
    migrations since cost every write (SQLite: the tallies' triggers above all)."""
    rates: dict[str, list[float]] = {revision: [], "head": []}
    for _ in range(rounds):
        for at in rates:
            store = Store(backend.fresh())
            if at != "head":
                config = alembic_config(store.engine)
                with store.engine.begin() as connection:
                    config.attributes["connection"] = connection
                    command.downgrade(config, revision)
            facts, seconds = insert_extraction_path(store, documents)
            store.close()
            rates[at].append(facts / seconds)
    before, now = (statistics.fmean(rates[at]) for at in (revision, "head"))
    print(
        f"insert, extraction path, mean of {rounds} alternating rounds: at {revision} "
        f"{before:,.0f} facts/s, at head {now:,.0f} facts/s: head / {revision} {now / before:.2f}x"
    )


# 2. Bulk load --------------------------------------------------------------------------------


# A bulk load of a million facts is one transaction whose indexes outgrow the store's page cache
# (SQLITE_CACHE_KIB): every insert then re-reads index pages, one system call each, and the load
# took over half an hour here. A one-off load gets a cache that holds its working set; the
# dashboard queries afterwards run with the store's own.
BULK_CACHE_KIB = 2 * 1024 * 1024


def bulk_load(store: Store, facts: int) -> tuple[int, float]:
    start = time.perf_counter()
    sqlite = store.dialect == "sqlite"
    with store.engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
            connection.commit()
        with connection.begin():
            rows = load_facts(connection, facts)
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            connection.commit()
    # What an extraction run leaves behind: sampled statistics on SQLite (runs.finish_run),
    # autovacuum's on PostgreSQL (forced here, the load being seconds old).
    refresh_statistics(store)
    if not sqlite:
        with store.engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
    return rows, time.perf_counter() - start


# 3. Dashboard queries ------------------------------------------------------------------------


def filter_sets(count: int, seed: int = 11) -> list[dash.DashboardFilters]:
    """What analysts pick: mostly a period, sometimes a category, channel, place or status."""
    rng = random.Random(seed)
    codes, weights = countries_by_weight()
    categories = [c.code for c in taxonomy().categories]
    regions = ["Africa", "South-eastern Asia", "Europe", "Latin America and the Caribbean"]
    sets = [dash.DashboardFilters()]  # the landing view: everything
    while len(sets) < count:
        values: dict[str, Any] = {}
        period = rng.choices(["all", "year", "quarter", "month"], weights=[2, 4, 2, 2])[0]
        if period != "all":
            year = rng.randint(2016, 2026)
            first = dt.date(year, rng.choice([1, 4, 7, 10]) if period != "year" else 1, 1)
            days = {"year": 365, "quarter": 91, "month": 30}[period]
            values.update(date_from=first, date_to=first + dt.timedelta(days=days - 1))
        topic = rng.random()
        if topic < 0.3:
            values["categories"] = (rng.choice(categories),)
        elif topic < 0.5:
            values["channels"] = (rng.choice([c for c, _ in CHANNELS]),)
        place = rng.random()
        if place < 0.2:
            values["countries"] = (rng.choices(codes, weights=weights)[0],)
        elif place < 0.3:
            values["regions"] = (rng.choice(regions),)
        if rng.random() < 0.3:
            values["review_statuses"] = rng.choice([("accepted", "corrected"), ("pending",)])
        if rng.random() < 0.3:
            values["min_confidence"] = rng.choice([0.5, 0.8])
        sets.append(dash.DashboardFilters(**values))
    return sets


QUERIES: dict[str, Callable[..., Any]] = {
    "counts by kind": dash.counts_by_kind,
    "map (per country)": dash.counts_by_country,
    "timeline (month)": dash.timeline,
    "page of 50 records": dash.records,
}


def time_queries(
    store: Store, sets: list[dash.DashboardFilters], *, tallies: bool = True
) -> dict[str, list[float]]:
    """Latencies per query; `tallies=False` counts from the facts alone (as before migration
    0004), the baseline for the tallies in the same run."""
    timings: dict[str, list[float]] = {name: [] for name in [*QUERIES, "whole dashboard"]}
    landing: dict[str, list[float]] = {name: [] for name in QUERIES}
    options = {} if tallies else {"tallies": False}
    with store.reading() as session:
        for name, query in QUERIES.items():  # warm the caches once, as a running app would be
            query(session, sets[0], **({} if name == "page of 50 records" else options))
        for index, filters in enumerate(sets):
            total = 0.0
            for name, query in QUERIES.items():
                kwargs = {} if name == "page of 50 records" else options
                start = time.perf_counter()
                query(session, filters, **kwargs)
                took = time.perf_counter() - start
                timings[name].append(took)
                if index == 0:
                    landing[name].append(took)
                total += took
            timings["whole dashboard"].append(total)
    for name, values in landing.items():
        timings[f"  landing view, {name}"] = values
    return timings


def p95_ms(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)] * 1000


def drop_dashboard_indexes(store: Store) -> None:
    with store.engine.begin() as connection:
        for names in DASHBOARD_INDEXES.values():
            for name in names:
                connection.execute(text(f"DROP INDEX IF EXISTS {name}"))
    with store.engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()


# Main ----------------------------------------------------------------------------------------


def bench_backend(backend: Backend, args: argparse.Namespace) -> dict[str, float]:
    figures: dict[str, float] = {}
    print(f"\n== {backend.name} ==")
    extract_store = Store(backend.fresh())
    facts, seconds = insert_extraction_path(extract_store, args.insert_docs)
    extract_store.close()
    figures["extract_facts_per_s"] = facts / seconds
    print(
        f"insert, extraction path (save_outcomes, 50 documents per transaction): "
        f"{facts} facts in {seconds:.2f} s = {facts / seconds:,.0f} facts/s"
    )
    if args.write_cost_since and backend.admin_url is None:
        write_cost(backend, args.write_cost_since, args.insert_docs)
    store = Store(backend.fresh())
    rows, seconds = bulk_load(store, args.facts)
    figures["bulk_rows_per_s"] = rows / seconds
    figures["bulk_facts_per_s"] = args.facts / seconds
    print(
        f"insert, bulk (Core executemany): {args.facts:,} facts = {rows:,} rows in {seconds:.1f} s"
        f" = {rows / seconds:,.0f} rows/s ({args.facts / seconds:,.0f} facts/s)"
    )
    sets = filter_sets(args.queries)
    print(f"dashboard queries at {args.facts:,} facts, {len(sets)} filter sets:")
    timings = time_queries(store, sets)
    for name, values in timings.items():
        print(f"  {name:38s} {summary_ms(values)}")
    figures["dashboard_p95_ms"] = p95_ms(timings["whole dashboard"])
    if not args.no_scan:
        print("  the same, counted from the facts alone (no tallies: the baseline):")
        scanned = time_queries(store, sets, tallies=False)
        for name, values in scanned.items():
            print(f"  {name:38s} {summary_ms(values)}")
        figures["scan_p95_ms"] = p95_ms(scanned["whole dashboard"])
        print(
            f"  whole dashboard p95, facts alone / tallies: "
            f"{figures['scan_p95_ms'] / figures['dashboard_p95_ms']:.1f}x"
        )
    if args.compare_indexes:
        drop_dashboard_indexes(store)
        print("  without the dashboard indexes:")
        for name, values in time_queries(store, sets).items():
            print(f"  {name:38s} {summary_ms(values)}")
    store.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, default=100_000, help="facts for the dashboard")
    parser.add_argument("--queries", type=int, default=200, help="filter sets to time")
    parser.add_argument("--insert-docs", type=int, default=1000, help="documents to write")
    parser.add_argument("--pg", help="PostgreSQL admin URL (default: env or a local cluster)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--compare-indexes", action="store_true")
    parser.add_argument("--no-scan", action="store_true", help="skip the no-tallies baseline")
    parser.add_argument(
        "--write-cost-since",
        metavar="REVISION",
        help="also time the SQLite extraction path at this migration, against head",
    )
    args = parser.parse_args(argv)
    print(f"store benchmark on {machine()}")
    with tempfile.TemporaryDirectory(prefix="chinatracker-bench-") as folder:
        results = {"SQLite": bench_backend(Backend("SQLite", Path(folder)), args)}
        if not args.no_pg:
            with postgres(args.pg) as admin:
                if admin is not None:
                    backend = Backend("PostgreSQL", Path(folder), admin)
                    try:
                        results["PostgreSQL"] = bench_backend(backend, args)
                    finally:
                        backend.cleanup()
    if "PostgreSQL" in results:
        sqlite, pg = results["SQLite"], results["PostgreSQL"]
        print("\n== ratios, SQLite / PostgreSQL (same run) ==")
        for key, label in (
            ("extract_facts_per_s", "insert, extraction path"),
            ("bulk_rows_per_s", "insert, bulk"),
        ):
            print(f"{label}: {sqlite[key] / pg[key]:.2f}x")
        print(
            f"whole dashboard p95: SQLite {sqlite['dashboard_p95_ms']:.1f} ms, "
            f"PostgreSQL {pg['dashboard_p95_ms']:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
