"""Where a Dask run's time goes: extracting, waiting for SQLite's write lock, writing.

    python benchmarks/dask_overhead.py                  # 4,000 documents, 4 rounds
    python benchmarks/dask_overhead.py --docs 10000 --rounds 2

`scale_bench.py` times whole commands; this script looks inside them. It runs the steps of
`scale.runs.extract_and_save` (load a batch, extract it, write it in one transaction), timed, in
three ways over copies of one ingested store, round after round so that a noisy machine affects
all three alike:

- `one process`: every batch in this process, one after another (the local engine's work);
- `dask, ours`: a local cluster of `--workers` workers with `dask_engine.LOCAL_CLUSTER_CONFIG`,
  each worker writing its own batches, as `chinatracker extract --engine dask` runs them;
- `dask, defaults`: the same with Dask's own defaults for those settings (the profiler stays off).

It prints, per way, the mean over rounds of the run's wall time and of the seconds summed over
batches spent extracting, waiting for the write lock (`BEGIN IMMEDIATE`) and writing, and how
much more extraction time each Dask way spends than one process: the price of running inside a
Dask worker.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dask
import distributed  # noqa: F401  (registers the `distributed.*` defaults read below)
from common import machine

from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.scale import dask_engine
from chinatracker.scale.runs import load_documents, pending_ids, prepare, start_run
from chinatracker.scale.synthetic import write_jsonl
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import Store
from chinatracker.store.facts import save_prepared

PHASES = ("extract", "lock", "write")


def timed_batch(url: str, ids: list[int], version: str, run_id: int) -> dict[str, float]:
    """`runs.extract_and_save` with a clock on each step; runs in a worker or in this process."""
    store = dask_engine.worker_store(url)
    extractor = dask_engine.worker_extractor(version)
    start = time.perf_counter()
    batch = prepare(extractor, load_documents(store, ids), run_id)
    extracted = time.perf_counter()
    with store.transaction() as session:
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")  # wait for the lock here
        locked = time.perf_counter()
        save_prepared(session, batch)
    done = time.perf_counter()
    return {"extract": extracted - start, "lock": locked - extracted, "write": done - locked}


def warm_up(version: str) -> None:
    dask_engine.worker_extractor(version)


def one_process(db: Path, version: str, batch_size: int) -> tuple[float, list[dict[str, float]]]:
    store = Store(str(db))
    run_id = start_run(store, version, "local")
    start = time.perf_counter()
    batches = [
        timed_batch(store.url, ids, version, run_id)
        for ids in pending_ids(store, version, batch_size)
    ]
    seconds = time.perf_counter() - start
    store.close()
    return seconds, batches


def on_dask(
    settings: dict[str, Any], workers: int
) -> Callable[[Path, str, int], tuple[float, list[dict[str, float]]]]:
    def run(db: Path, version: str, batch_size: int) -> tuple[float, list[dict[str, float]]]:
        from distributed import as_completed

        store = Store(str(db))
        run_id = start_run(store, version, "dask")
        with dask_engine.connect(None, workers, settings) as client:
            client.wait_for_workers(workers)
            client.run(warm_up, version)  # each worker's extractor is built before the clock
            start = time.perf_counter()
            in_flight, batches = as_completed(), []
            for ids in pending_ids(store, version, batch_size):
                in_flight.add(client.submit(timed_batch, store.url, ids, version, run_id))
                while in_flight.count() >= dask_engine.IN_FLIGHT_PER_WORKER * workers:
                    batches.append(next(in_flight).result())
            batches += [future.result() for future in in_flight]
            seconds = time.perf_counter() - start
        store.close()
        return seconds, batches

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args(argv)
    print(f"Dask overhead benchmark on {machine()}")
    ours = dask_engine.LOCAL_CLUSTER_CONFIG
    # Dask's defaults for the keys we change, read before anything overrides them.
    defaults = {key: dask.config.get(key) for key in ours}
    defaults["distributed.worker.profile.enabled"] = False
    print(f"ours: {ours}\ndefaults: {defaults}")
    ways: dict[str, Callable[[Path, str, int], tuple[float, list[dict[str, float]]]]] = {
        "one process": one_process,
        "dask, ours": on_dask(ours, args.workers),
        "dask, defaults": on_dask(defaults, args.workers),
    }
    version = Extractor().version
    warm_up(version)  # this process's, built before the clock too
    with tempfile.TemporaryDirectory(prefix="chinatracker-dask-") as name:
        folder = Path(name)
        corpus, base = folder / "corpus.jsonl", folder / "base.sqlite"
        write_jsonl(corpus, args.docs, seed=1)
        ingested = Store(str(base))
        ingest([str(corpus)], ingested, Settings(db=str(base)))
        ingested.close()  # the last connection out checkpoints the WAL: copies get every row
        results: dict[str, list[tuple[float, list[dict[str, float]]]]] = {w: [] for w in ways}
        for round_ in range(args.rounds):
            for number, (way, run) in enumerate(ways.items()):
                db = folder / f"run-{round_}-{number}.sqlite"  # never a name reused: stale WAL
                shutil.copy(base, db)
                results[way].append(run(db, version, args.batch_size))
                dask_engine.close_worker_stores()  # this process's, if any
                for path in folder.glob(f"{db.name}*"):
                    path.unlink()
            print(
                f"round {round_ + 1}: "
                + ", ".join(f"{w} {r[-1][0]:.1f} s" for w, r in results.items())
            )
    print(f"\n{args.docs:,} documents, batches of {args.batch_size}, mean of {args.rounds} rounds")
    print(f"{'':16s}{'run':>9s}" + "".join(f"{p + ' (sum)':>15s}" for p in PHASES))
    means: dict[str, dict[str, float]] = {}
    for way, runs in results.items():
        means[way] = {"run": statistics.fmean(seconds for seconds, _ in runs)}
        for phase in PHASES:
            means[way][phase] = statistics.fmean(sum(b[phase] for b in bs) for _, bs in runs)
        row = "".join(f"{means[way][p]:13.1f} s" for p in PHASES)
        print(f"{way:16s}{means[way]['run']:7.1f} s{row}")
    alone = means["one process"]
    for way in ("dask, ours", "dask, defaults"):
        print(
            f"{way}: speed-up {alone['run'] / means[way]['run']:.2f}x; extraction time "
            f"{means[way]['extract'] / alone['extract'] - 1:+.1%} against one process"
        )
    ratio = means["dask, ours"]["run"] / means["dask, defaults"]["run"]
    print(f"run time, dask with ours / with Dask's defaults: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
