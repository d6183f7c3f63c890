"""Pick the real documents of the large annotation round (docs/annotation.md), before any training.

- every document of `../shared/corpus/aid_reports/` (201);
- 300 articles of `../shared/corpus/china_media/articles.jsonl` not annotated before: 150 drawn at
  random from the whole file, for true base rates, and 150 drawn from the articles that mention
  China's security or diplomacy, for recall on every taxonomy category;
- a tenth of those documents (50), drawn with their own seed, are annotated a second time,
  independently, to measure agreement (tests/gold/README.md).

Fixed seeds, so anyone can re-derive the sample. Prints `corpus<TAB>name<TAB>double` per document;
`name` is the file stem for aid_reports and `line-N` (from 1) for china_media.

Usage: python tests/gold/select_real.py [CORPUS_ROOT]
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[2] / "shared" / "corpus"
SEED = 14
DOUBLE_SEED = 1414
RANDOM_DRAW = 150
TOPIC_DRAW = 150
DOUBLE_SHARE = 0.10
SECURITY_OR_DIPLOMACY = re.compile(
    r"\b(PLA|People's Liberation Army|military|coast guard|South China Sea|navy|naval|warships?|"
    r"drills?|exercises?|defen[cs]e|peacekeep\w+|Taiwan|missiles?|troops|border|"
    r"foreign minist\w+|Wang Yi|Xi Jinping|Li Qiang|summit|state visit|bilateral|ambassador|"
    r"embassy|ASEAN|Belt and Road|FOCAC|Global Security Initiative|sanctions?|"
    r"cyber\w*|satellites?|nuclear|United Nations|Security Council|extradit\w+|scam)\b",
    re.IGNORECASE,
)


def annotated_before() -> set[int]:
    """Line numbers (from 1) that already have gold under tests/gold/china_media/."""
    return {int(p.stem.split("-")[1]) for p in (HERE / "china_media").rglob("line-*.yaml")}


def select(corpus: Path) -> list[tuple[str, str, bool]]:
    chosen: list[tuple[str, str]] = [
        ("aid_reports", p.stem) for p in sorted((corpus / "aid_reports").glob("[0-9]*.md"))
    ]
    path = corpus / "china_media" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    taken = annotated_before()
    rng = random.Random(SEED)
    left = [i for i in range(len(texts)) if i + 1 not in taken]
    random_draw = rng.sample(left, RANDOM_DRAW)
    topical = [
        i for i in left if i not in set(random_draw) and SECURITY_OR_DIPLOMACY.search(texts[i])
    ]
    topic_draw = rng.sample(topical, TOPIC_DRAW)
    chosen += [("china_media", f"line-{i + 1}") for i in random_draw + topic_draw]
    doubles = set(random.Random(DOUBLE_SEED).sample(chosen, round(len(chosen) * DOUBLE_SHARE)))
    return [(c, name, (c, name) in doubles) for c, name in chosen]


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    for corpus, name, double in select(root):
        print(f"{corpus}\t{name}\t{'double' if double else ''}")
