"""Everything the extractor returns, as JSON, for a fixed set of real documents: the check that a
speed change left the output alone.

    python benchmarks/extraction_dump.py write before.jsonl   # with the code before the change
    python benchmarks/extraction_dump.py check before.jsonl   # after: byte-identical, or the diff

The documents: the gold documents of tests/gold/real/{train,dev} and tests/gold/zh/{train,dev}
(read from `../shared/corpus` in place), the demo corpus, and the first articles of the
benchmark's china_media file (`--articles`, 300 by default). One line per document: its name and
`Extraction.model_dump_json()` for the default engine (`--engine` for another). The dump holds
corpus text, so keep it outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from common import REPO, SHARED
from extract_throughput import CORPUS, documents

from chinatracker.config import Settings
from chinatracker.evaluation.gold import CorpusRoots, load_gold
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.sources.discover import discover
from chinatracker.sources.ingest import read_input

GOLD = REPO / "tests" / "gold"
SPLITS = [GOLD / language / split for language in ("real", "zh") for split in ("train", "dev")]


def gold_documents() -> Iterator[tuple[str, Document]]:
    roots = CorpusRoots(shared=SHARED / "corpus", demo=REPO / "demo" / "corpus")
    for gold in load_gold(SPLITS, roots):
        yield gold.name, gold.document


def demo_documents() -> Iterator[tuple[str, Document]]:
    settings = Settings()
    corpus = [str(REPO / "demo" / "corpus")]
    for raw in discover(corpus, max_bytes=settings.max_file_bytes, timeout=1):
        if isinstance(raw, tuple):
            continue
        for result in read_input(raw, settings):
            if isinstance(result, Document):
                yield f"demo {result.path} {result.locator}", result


def article_documents(limit: int) -> Iterator[tuple[str, Document]]:
    with CORPUS.open(encoding="utf-8") as lines:
        bodies = [json.loads(line)["text"] for _, line in zip(range(limit), lines, strict=False)]
    for number, document in enumerate(documents(bodies), start=1):
        yield f"china_media line {number}", document


def dump_lines(engine: str, articles: int) -> Iterator[str]:
    extractor = Extractor(engine=engine)
    sources = [gold_documents(), demo_documents(), article_documents(articles)]
    for number, (name, document) in enumerate((d for s in sources for d in s), start=1):
        document = document.model_copy(update={"id": number})
        yield json.dumps(
            {"name": name, "extraction": json.loads(extractor.extract(document).model_dump_json())},
            sort_keys=True,
            ensure_ascii=False,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("write", "check"))
    parser.add_argument("dump", type=Path)
    parser.add_argument("--engine", default="combined")
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args(argv)
    lines = list(dump_lines(args.engine, args.articles))
    if args.mode == "write":
        args.dump.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        print(f"wrote {len(lines)} documents' extractions to {args.dump}")
        return 0
    before = args.dump.read_text(encoding="utf-8").splitlines()
    differ = [
        json.loads(old)["name"] for old, new in zip(before, lines, strict=False) if old != new
    ]
    if len(before) != len(lines):
        print(f"{len(before)} documents before, {len(lines)} now")
        return 1
    if differ:
        print(f"{len(differ)} of {len(lines)} documents differ, first: {', '.join(differ[:5])}")
        return 1
    print(f"identical: {len(lines)} documents' extractions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
