"""Count what the real-text gold holds: documents per split, records, and passages per category.

The guide asks for at least 30 annotated passages per taxonomy category where the corpus holds
them; this prints the figures tests/gold/README.md quotes. It reads gold files only.

Usage: python tests/gold/counts.py [--markdown]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
TAXONOMY = HERE.parents[1] / "src" / "chinatracker" / "reference" / "data" / "taxonomy.yaml"


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    codes = [c["code"] for c in yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))["categories"]]
    documents: Counter[tuple[str, str]] = Counter()
    records: Counter[str] = Counter()
    passages: Counter[tuple[str, str]] = Counter()
    for path in sorted(REAL.glob("*/*/*.yaml")):
        split, corpus = path.parts[-3], path.parts[-2]
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        documents[(split, corpus)] += 1
        for entry in gold.get("aid") or ():
            donor = (entry.get("donor") or {}).get("country")
            recipients = {r.get("country") for r in entry.get("recipients") or ()}
            negative = (
                donor != "CHN"
                or entry.get("mode") == "sale"
                or entry.get("aggregate")
                or "CHN" in recipients
            )
            records["aid negatives" if negative else "aid Chinese deliveries"] += 1
        for entry in gold.get("events") or ():
            status = entry.get("status") or "current"
            records[f"events {status}"] += 1
            passages[(entry["category"], status)] += 1
        for kind in ("quotes", "claims", "quantities"):
            records[kind] += len(gold.get(kind) or ())
    splits = sorted({s for s, _ in documents}, key=("train", "dev", "test").index)
    print("documents: " + ", ".join(f"{s}/{c} {n}" for (s, c), n in sorted(documents.items())))
    print(f"documents in all: {sum(documents.values())}; splits: {', '.join(splits)}")
    print("records: " + ", ".join(f"{k} {v}" for k, v in sorted(records.items())))
    if markdown:
        print("\n| category | current | background | not an event | all |\n|---|---|---|---|---|")
    for code in codes:
        row = [passages[(code, s)] for s in ("current", "background", "not_event")]
        if markdown:
            print(f"| `{code}` | {' | '.join(map(str, row))} | {sum(row)} |")
        else:
            print(f"{code:34} current {row[0]:4} background {row[1]:4} not_event {row[2]:4}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
