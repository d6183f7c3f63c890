"""Helpers shared by the benchmark scripts: timing, percentiles, memory, a PostgreSQL server."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CHINATRACKER_SHARED", REPO.parent / "shared"))
PG_ENV = ("CHINATRACKER_BENCH_PG", "CHINATRACKER_TEST_PG")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation: a reported p95 is a latency that happened)."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"p50 {percentile(ms, 50):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms  "
        f"max {max(ms):7.1f} ms  mean {statistics.fmean(ms):6.1f} ms  (n={len(ms)})"
    )


class Timer:
    def __init__(self) -> None:
        self.seconds = 0.0

    @contextmanager
    def run(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - start


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mib() -> float:
    """The largest peak RSS among waited-for child processes."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    """An admin URL: the one given, one from the environment, or a throwaway local cluster."""
    from chinatracker.errors import StoreError
    from chinatracker.scale import pgcluster

    url = url or next((os.environ[v] for v in PG_ENV if os.environ.get(v)), None)
    if url:
        yield url
        return
    with ExitStack() as stack:
        try:
            # Same durability trade-off as SQLite in WAL mode with synchronous=NORMAL: a crash
            # may lose the last commits but never corrupts; fsync stays on.
            started = stack.enter_context(
                pgcluster.temporary_cluster(settings="-c synchronous_commit=off")
            )
        except StoreError as exc:
            print(f"PostgreSQL skipped: {exc}", file=sys.stderr)
            started = None
        yield started


def machine() -> str:
    cpus = os.cpu_count()
    return f"{cpus} CPUs, Python {sys.version.split()[0]}"
