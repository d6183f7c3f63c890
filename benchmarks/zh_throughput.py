"""Chinese extraction throughput, in characters per second on one core, with memory.

    python benchmarks/zh_throughput.py                    # >= 1,000,000 characters
    python benchmarks/zh_throughput.py --min-chars 5000000

Reads the 99 stories of `../shared/corpus/zh_reports/` in place through the ingest readers and
extracts them again and again (each pass a fresh document id, so nothing is cached per document)
until `--min-chars` characters have been read, in one process: `Extractor(engine=...).extract`,
no database. The target is >= 100,000 characters per second for the default engine.

Baseline, in the same run and process: the English extractor on the English stories of
`../shared/corpus/aid_reports/`, read to the same number of characters; the script prints
`ratio Chinese / English (characters per second)`.

Rates are per CPU second of this one process (`time.process_time`), the single-core figure the
target asks for: on a shared machine the wall clock also counts other processes' turns, and
the script prints it beside. Memory: the resident set after each tenth of the run; the
extractor keeps nothing between documents, so it stays flat.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import SHARED, machine

from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.sources.base import RawInput
from chinatracker.sources.ingest import read_input

ZH = SHARED / "corpus" / "zh_reports"
EN = SHARED / "corpus" / "aid_reports"


def read_folder(folder: Path) -> list[Document]:
    found = []
    for path in sorted(folder.glob("[0-9]*.md")):
        for document in read_input(RawInput.from_path(path), Settings(min_text_chars=1)):
            if isinstance(document, Document):
                found.append(document)
    return found


def stream(documents: list[Document], min_chars: int) -> list[Document]:
    """The documents repeated until `min_chars` characters, each copy with its own id."""
    out, chars, number = [], 0, 0
    while chars < min_chars:
        for document in documents:
            number += 1
            out.append(document.model_copy(update={"id": number}))
            chars += len(document.text)
            if chars >= min_chars:
                break
    return out


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def run(extractor: Extractor, documents: list[Document]) -> tuple[float, float, int, list[float]]:
    """Wall-clock seconds, CPU seconds of this process, facts, and memory after each tenth."""
    extractor.extract(documents[0])  # warm caches and the model, as in a long run
    marks = {max(1, round(len(documents) * k / 10)) for k in range(1, 11)}
    memory, facts = [], 0
    start, cpu = time.perf_counter(), time.process_time()
    for number, document in enumerate(documents, start=1):
        facts += extractor.extract(document).fact_count
        if number in marks:
            memory.append(rss_mib())
    return time.perf_counter() - start, time.process_time() - cpu, facts, memory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-chars", type=int, default=1_000_000)
    parser.add_argument("--engines", default="combined,rules")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    args = parser.parse_args(argv)
    if not ZH.is_dir():
        print(f"corpus not found: {ZH} (set CHINATRACKER_SHARED)", file=sys.stderr)
        return 1
    chinese = stream(read_folder(ZH), args.min_chars)
    chars = sum(len(d.text) for d in chinese)
    print(f"Chinese extraction throughput on {machine()}")
    print(f"corpus: zh_reports, {len(chinese):,} documents read, {chars:,} characters")
    rates = {}
    for engine in args.engines.split(","):
        extractor = Extractor(engine=engine)
        seconds, cpu, facts, memory = run(extractor, chinese)
        rates[engine] = chars / cpu
        print(
            f"chinatracker extractor, {engine} ({extractor.version}): {seconds:.2f} s wall, "
            f"{cpu:.2f} s CPU; {chars / cpu:,.0f} characters per CPU second "
            f"({chars / seconds:,.0f} per wall second), {facts:,} facts"
        )
        print(
            "  resident memory after each tenth (MiB): "
            + " ".join(f"{m:.0f}" for m in memory)
            + f"; growth from the first tenth to the end: {memory[-1] - memory[0]:+.1f} MiB"
        )
    if args.baseline and EN.is_dir():
        english = stream(read_folder(EN), chars)
        en_chars = sum(len(d.text) for d in english)
        extractor = Extractor(engine="combined")
        seconds, cpu, _, _ = run(extractor, english)
        en_rate = en_chars / cpu
        print(
            f"baseline, English extractor on aid_reports ({extractor.version}): {seconds:.2f} s "
            f"wall, {cpu:.2f} s CPU; {en_rate:,.0f} characters per CPU second"
        )
        for engine, rate in rates.items():
            print(f"ratio Chinese {engine} / English (characters per second): {rate / en_rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
