"""Helpers shared by the benchmark scripts: timing, percentiles, memory, a PostgreSQL server."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def rss_mib() -> float:
    """Current resident memory of this process (Linux /proc), MiB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 2**20


@dataclass(frozen=True)
class Tenths:
    """One extraction run: wall-clock and CPU seconds, facts, and the resident memory after
    each tenth of the documents (flat when the extractor keeps nothing between documents)."""

    seconds: float
    cpu_seconds: float
    facts: int
    memory: list[float]


def extract_in_tenths(extractor: Any, documents: Iterable[Any], count: int) -> Tenths:
    """Extract `count` documents one by one, as a long batch would. The first document is
    extracted once before the clock starts, to warm caches and the model."""
    marks = {max(1, round(count * k / 10)) for k in range(1, 11)}
    memory: list[float] = []
    facts, warm = 0, False
    start, cpu = time.perf_counter(), time.process_time()
    for number, document in enumerate(documents, start=1):
        if not warm:
            extractor.extract(document)
            start, cpu, warm = time.perf_counter(), time.process_time(), True
        facts += extractor.extract(document).fact_count
        if number in marks:
            memory.append(rss_mib())
    return Tenths(time.perf_counter() - start, time.process_time() - cpu, facts, memory)


def memory_line(memory: list[float]) -> str:
    return (
        "  resident memory after each tenth (MiB): "
        + " ".join(f"{m:.0f}" for m in memory)
        + f"; growth from the first tenth to the end: {memory[-1] - memory[0]:+.1f} MiB"
    )


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
