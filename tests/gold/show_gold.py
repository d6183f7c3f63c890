"""Print a gold file with the text of every span, for adjudicating or checking annotations.

It prints to the terminal only; nothing is stored.

Usage: python tests/gold/show_gold.py GOLD.yaml...
"""

from __future__ import annotations

import sys
from pathlib import Path

from chinatracker.evaluation.gold import CorpusRoots, load_document, raw_text
from chinatracker.yaml_io import safe_load

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ROOTS = CorpusRoots(shared=REPO.parent / "shared" / "corpus", demo=REPO / "demo" / "corpus")
DETAIL = ("category", "status", "countries", "donor", "recipients", "items", "mode", "kind")


def clip(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 60] + " [...] " + flat[-50:]


def main(argv: list[str]) -> int:
    for name in argv:
        raw = safe_load(Path(name).read_text(encoding="utf-8"))
        text = raw_text(load_document(raw["document"], ROOTS))
        print(f"=== {name} ({raw.get('annotator')})")
        print(f"countries: {raw.get('countries')}  roles: {raw.get('country_roles')}")
        for kind in ("aid", "events", "quotes", "claims", "quantities"):
            for i, entry in enumerate(raw.get(kind) or ()):
                start, end = entry["span"]
                facts = {k: entry[k] for k in DETAIL if k in entry}
                extra = entry.get("speaker") or entry.get("value") or ""
                print(f"- {kind}[{i}] {start}-{end} {entry.get('note', '')} {extra} {facts}")
                print(f"    | {clip(text[start:end])}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
