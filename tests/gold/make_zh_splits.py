"""Split the Chinese gold (zh_reports) into train, dev and test, by story, before any training.

The same method as `make_splits.py`, with shingles of characters instead of words: Chinese has no
spaces, so a "word" 5-gram would be a whole clause. Two stories whose 10-character shingles overlap
by at least `SAME_STORY` of the smaller one's (an announcement and the later arrival report that
repeats it) form one group, and whole groups are dealt with a fixed seed to train 60%, dev 20% and
test 20%. The result is `tests/gold/zh/SPLITS.tsv`; it depends only on the documents' texts.
`--place` moves converted gold files from `tests/gold/incoming-zh/<annotator>/zh_reports/` into
`tests/gold/zh/<split>/zh_reports/`.

Usage: python tests/gold/make_zh_splits.py [--corpus ../shared/corpus] [--write] [--place]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

from make_splits import deal, story_groups

HERE = Path(__file__).resolve().parent
ZH = HERE / "zh"
SPLITS_FILE = ZH / "SPLITS.tsv"
SEED = 1470
SAME_STORY = 0.3
SHINGLE = 10
SPACE = re.compile(r"\s+")


def texts(corpus: Path) -> dict[tuple[str, str], str]:
    out = {}
    for path in sorted((corpus / "zh_reports").glob("[0-9]*.md")):
        raw = path.read_text(encoding="utf-8")
        out[("zh_reports", path.stem)] = raw.split("\n---", 1)[-1]
    return out


def shingles(text: str) -> set[str]:
    flat = SPACE.sub("", text)
    return {flat[i : i + SHINGLE] for i in range(max(1, len(flat) - SHINGLE + 1))}


def assign(corpus: Path) -> list[tuple[str, str, str, int]]:
    docs = texts(corpus)
    groups = story_groups(docs, shingles_of=shingles, same_story=SAME_STORY)
    return deal(list(docs), groups, random.Random(SEED))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=HERE.parents[2] / "shared" / "corpus")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--place", action="store_true")
    args = parser.parse_args()
    rows = assign(args.corpus)
    counts = {s: sum(1 for r in rows if r[2] == s) for s in ("train", "dev", "test")}
    print(counts, "groups:", len({r[3] for r in rows}))
    if args.write:
        ZH.mkdir(exist_ok=True)
        lines = ["corpus\tname\tsplit\tgroup"] + ["\t".join(map(str, r)) for r in rows]
        SPLITS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.place:
        split_of = {(c, n): s for c, n, s, _ in rows}
        incoming = HERE / "incoming-zh"
        for path in sorted(incoming.glob("ZH*/zh_reports/*.yaml")):
            split = split_of[("zh_reports", path.stem)]
            target = ZH / split / "zh_reports" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
