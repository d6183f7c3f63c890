"""Near-duplicate stories on the china_media corpus: grouping precision and recall on 100
annotated candidate pairs (tests/gold/stories/china_media_pairs.csv), and what grouping and
cleaning cost per 1,000 documents in CPU seconds (process time, so that other work on a
shared machine does not count), as shares of a whole ingest measured in the same run.

    .venv/bin/python benchmarks/stories_bench.py            # figures in docs/stories.md
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, SHARED

from chinatracker.config import Settings
from chinatracker.sources.cleaning import clean_text
from chinatracker.sources.ingest import ingest
from chinatracker.sources.stories import StoryIndex, signature
from chinatracker.sources.titles import headline_of
from chinatracker.store.database import Store

CORPUS = SHARED / "corpus" / "china_media" / "articles.jsonl"
PAIRS = REPO / "tests" / "gold" / "stories" / "china_media_pairs.csv"


def main() -> int:
    if not CORPUS.is_file():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    raw = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")]
    n = len(raw)

    start = time.process_time()
    clean = [clean_text(t).text for t in raw]
    titles = [headline_of(t) for t in clean]
    cleaning = time.process_time() - start

    start = time.process_time()
    index = StoryIndex()
    story = {line: index.assign(line, signature(text)) for line, text in enumerate(clean, 1)}
    grouping = time.process_time() - start

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db=str(Path(folder) / "bench.sqlite"), ingest_batch_size=500)
        store = Store(settings.db)
        start = time.process_time()
        summary = ingest([str(CORPUS)], store, settings)
        whole = time.process_time() - start
        store.close()

    tp = fp = fn = tn = 0
    with PAIRS.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            grouped = story[int(row["line_a"])] == story[int(row["line_b"])]
            same = row["label"] == "same"
            tp += grouped and same
            fp += grouped and not same
            fn += same and not grouped
            tn += not grouped and not same
    per_k = 1000 / n
    copies = sum(1 for line, s in story.items() if s != line)
    print(f"corpus: {n} documents, {len(set(story.values()))} stories, {copies} copies")
    titled = sum(1 for t in titles if t)
    print(f"titled: {titled} of {n}; stored copies at ingest: {summary.copies}")
    print(
        f"pairs: {tp + fp + fn + tn} annotated; grouped and same {tp}, grouped but different "
        f"{fp}, same but not grouped {fn}, neither {tn}"
    )
    print(f"grouping precision {tp / (tp + fp):.3f}, recall {tp / (tp + fn):.3f}")
    print(
        f"per 1,000 documents: whole ingest {whole * per_k:.1f} CPU s; of it, story grouping "
        f"{grouping * per_k:.2f} s ({grouping / whole:.1%}) and cleaning + titles "
        f"{cleaning * per_k:.2f} s ({cleaning / whole:.1%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
