"""Pick the china_media articles that get gold annotations, before any tuning.

The sample is fixed by a seed so anyone can re-derive it: 26 articles drawn at random from the
whole file (most are not about security, which tests precision) and 26 drawn at random from the
articles that mention a security keyword (which tests recall). Every other article of each draw
goes to the `test` split, which is never looked at while tuning rules; the rest are `dev`.

A second draw (`fresh`, seed 2026, 10 + 10 articles not drawn before) was annotated later, after
the rules were written against `dev` but without running them on these articles, to measure
unseen-news quality a second time.

Usage: python tests/gold/select_china_media.py [PATH_TO_articles.jsonl]
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

DEFAULT = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "china_media" / "articles.jsonl"
)
SECURITY = re.compile(
    r"\b(PLA|People's Liberation Army|military|coast guard|South China Sea|navy|warships?|"
    r"drills?|joint exercises?|defen[cs]e minist\w+|peacekeep\w+|Taiwan Strait)\b",
    re.IGNORECASE,
)
SEED = 2020
PER_DRAW = 26
FRESH_SEED = 2026
FRESH_PER_DRAW = 10


def select(path: Path) -> list[tuple[int, str, str]]:
    """Return (line number, split, url) for every selected article, line numbers from 1."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rng = random.Random(SEED)
    everything = list(range(len(rows)))
    random_draw = rng.sample(everything, PER_DRAW)
    security = [i for i in everything if SECURITY.search(rows[i]["text"]) and i not in random_draw]
    security_draw = rng.sample(security, PER_DRAW)
    chosen = []
    for draw in (random_draw, security_draw):
        for k, i in enumerate(draw):
            chosen.append((i + 1, "test" if k % 2 else "dev", rows[i]["url"]))
    return chosen + _fresh(rows, {line - 1 for line, _, _ in chosen})


def _fresh(rows: list[dict[str, str]], taken: set[int]) -> list[tuple[int, str, str]]:
    rng = random.Random(FRESH_SEED)
    left = [i for i in range(len(rows)) if i not in taken]
    random_draw = rng.sample(left, FRESH_PER_DRAW)
    security = [i for i in left if SECURITY.search(rows[i]["text"]) and i not in random_draw]
    security_draw = rng.sample(security, FRESH_PER_DRAW)
    return [(i + 1, "fresh", rows[i]["url"]) for i in random_draw + security_draw]


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    for line, split, url in select(source):
        print(f"{line}\t{split}\t{url}")
