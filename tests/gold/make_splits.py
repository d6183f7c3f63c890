"""Split the real annotated documents into train, dev and test, by story, before any training.

Copies of one story (the same wire text on two sites, a re-post) must not sit on both sides of a
split, or the test would reward memorising. Documents are grouped when their word 5-gram shingles
overlap by at least `SAME_STORY` of the smaller document's shingles (containment, so that a
wire story inside a longer page with other clutter still joins its copy; connected components), and whole
groups are dealt out with a fixed seed, per corpus, to train 60%, dev 20% and test 20% of the
documents.

The category top-up of `select_real.py` is split afterwards with its own seed, so adding it moved
no document of the first round; its train extension goes to train whole, less any article that
shares a story with a dev or test document (`extend`). The result is `tests/gold/real/SPLITS.tsv` (corpus, name, split, story group). It depends only on
the documents chosen by `select_real.py` and their texts, never on annotations or on any model.
`--place` moves converted gold files from `tests/gold/incoming/` into
`tests/gold/real/<split>/<corpus>/`.

Usage: python tests/gold/make_splits.py [--corpus ../shared/corpus] [--write] [--place]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from select_real import DEFAULT, extension, select, top_up

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
SPLITS_FILE = REAL / "SPLITS.tsv"
SEED = 1460
TOP_UP_SPLIT_SEED = 1461
SHARES = (("test", 0.2), ("dev", 0.2), ("train", 0.6))
SAME_STORY = 0.5
SHINGLE = 5
WORD = re.compile(r"\w+")


def texts(corpus: Path, chosen: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    lines: dict[int, str] = {}
    wanted = {int(name.split("-")[1]) for c, name in chosen if c == "china_media"}
    with (corpus / "china_media" / "articles.jsonl").open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if number in wanted:
                lines[number] = json.loads(line)["text"]
    out = {}
    for c, name in chosen:
        if c == "china_media":
            out[(c, name)] = lines[int(name.split("-")[1])]
        else:
            raw = (corpus / c / f"{name}.md").read_text(encoding="utf-8")
            out[(c, name)] = raw.split("\n---", 1)[-1]
    return out


def shingles(text: str) -> set[str]:
    words = WORD.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def story_groups(
    docs: dict[tuple[str, str], str],
    shingles_of: Callable[[str], set[str]] = shingles,
    same_story: float = SAME_STORY,
) -> dict[tuple[str, str], int]:
    """Connected components of the same-story relation; a group is named by its first member.
    `shingles_of` and `same_story` let another script (the Chinese split) use its own shingles."""
    keys = list(docs)
    sets = [shingles_of(docs[k]) for k in keys]
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            a, b = sets[i], sets[j]
            if a and b and len(a & b) >= same_story * min(len(a), len(b)):
                parent[root(j)] = root(i)
    return {k: root(i) for i, k in enumerate(keys)}


def deal(
    chosen: list[tuple[str, str]], groups: dict[tuple[str, str], int], rng: random.Random
) -> list[tuple[str, str, str, int]]:
    """Whole story groups, shuffled, filling test, dev and train shares per corpus."""
    rows = []
    for corpus_name in sorted({c for c, _ in chosen}):
        members: dict[int, list[str]] = defaultdict(list)
        for c, name in chosen:
            if c == corpus_name:
                members[groups[(c, name)]].append(name)
        order = sorted(members)
        rng.shuffle(order)
        total = sum(len(v) for v in members.values())
        filled: dict[str, int] = defaultdict(int)
        for group in order:
            split = next(
                (
                    s
                    for s, share in SHARES
                    if filled[s] + len(members[group]) <= share * total + 0.5
                ),
                "train",
            )
            filled[split] += len(members[group])
            rows += [(corpus_name, name, split, group) for name in sorted(members[group])]
    return rows


def assign(corpus: Path) -> list[tuple[str, str, str, int]]:
    """The first round's split, then the top-up's, which never moves a first-round document: a
    top-up copy of a first-round story joins that story's split, the rest are dealt anew."""
    first = [(c, name) for c, name, _ in select(corpus)]
    first_texts = texts(corpus, first)
    rows = deal(first, story_groups(first_texts), random.Random(SEED))
    lines = {int(name.split("-")[1]) for c, name in first if c == "china_media"}
    extra = top_up(corpus, lines)
    extra_texts = texts(corpus, extra)
    offset = len(first)
    local = story_groups(extra_texts)
    groups = {k: offset + g for k, g in local.items()}
    split_of = {(c, n): (s, g) for c, n, s, g in rows}
    first_sets = {k: shingles(t) for k, t in first_texts.items()}
    joined: dict[int, tuple[str, int]] = {}
    for key, text in extra_texts.items():
        mine = shingles(text)
        for other, theirs in first_sets.items():
            close = (
                mine and theirs and len(mine & theirs) >= SAME_STORY * min(len(mine), len(theirs))
            )
            if other[0] == key[0] and close:
                joined[groups[key]] = split_of[other]
    rows += [(c, n, *joined[groups[(c, n)]]) for c, n in extra if groups[(c, n)] in joined]
    rest = [k for k in extra if groups[k] not in joined]
    rows += deal(rest, groups, random.Random(TOP_UP_SPLIT_SEED))
    return sorted(rows + extend(corpus, rows, first_texts | extra_texts))


def extend(
    corpus: Path, rows: list[tuple[str, str, str, int]], known: dict[tuple[str, str], str]
) -> list[tuple[str, str, str, int]]:
    """The train extension: every drawn article goes to train, except one that shares a story
    with a dev or test document here or in the older `china_media/{test,fresh}` gold, which is
    left out, so that no evaluated story is trained on. Dev and test stay as they were."""
    taken = {int(n.split("-")[1]) for c, n, _, _ in rows if c == "china_media"}
    drawn = extension(corpus, taken)
    older = [
        ("china_media", p.stem)
        for folder in ("test", "fresh")
        for p in sorted((HERE / "china_media" / folder).glob("line-*.yaml"))
    ]
    evaluated = [(c, n) for c, n, s, _ in rows if s != "train"]
    held = {
        k: shingles(t)
        for k, t in (known | texts(corpus, older)).items()
        if k in set(evaluated + older)
    }
    mine = texts(corpus, drawn)
    groups = story_groups(mine)
    offset = 1 + max(g for *_, g in rows)
    out = []
    for key in drawn:
        words = shingles(mine[key])
        if not any(
            words and h and len(words & h) >= SAME_STORY * min(len(words), len(h))
            for h in held.values()
        ):
            out.append((key[0], key[1], "train", offset + groups[key]))
    return out


def read_splits() -> list[tuple[str, str, str, int]]:
    rows = []
    for line in SPLITS_FILE.read_text(encoding="utf-8").splitlines()[1:]:
        corpus, name, split, group = line.split("\t")
        rows.append((corpus, name, split, int(group)))
    return rows


def place() -> int:
    moved = 0
    for corpus, name, split, _ in read_splits():
        source = HERE / "incoming" / corpus / f"{name}.yaml"
        if source.exists():
            target = REAL / split / corpus / f"{name}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            source.replace(target)
            moved += 1
    return moved


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--write", action="store_true", help="write SPLITS.tsv")
    parser.add_argument("--place", action="store_true", help="move incoming gold into splits")
    args = parser.parse_args(argv)
    if args.place:
        print(f"moved {place()} gold files into {REAL.relative_to(HERE.parents[1])}")
        return 0
    rows = assign(args.corpus)
    table = "corpus\tname\tsplit\tgroup\n" + "".join(f"{c}\t{n}\t{s}\t{g}\n" for c, n, s, g in rows)
    if args.write:
        REAL.mkdir(parents=True, exist_ok=True)
        SPLITS_FILE.write_text(table, encoding="utf-8")
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for c, _, s, _ in rows:
        counts[(c, s)] += 1
    shared = len(rows) - len({(c, g) for c, _, _, g in rows})
    print(", ".join(f"{c} {s} {n}" for (c, s), n in sorted(counts.items())))
    print(f"{shared} documents share a story group with another")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
