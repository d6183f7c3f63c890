"""Print a document exactly as `chinatracker eval` reads it, for an annotator to read in place.

It prints to the terminal only; nothing is stored. Offsets in gold files count from the first
character of the body printed under `--- body`.

Usage: python tests/gold/show_document.py aid_reports/010-reliefweb-iraq-chinese-red-cross-aid.md
       python tests/gold/show_document.py china_media:1270
"""

from __future__ import annotations

import sys
from pathlib import Path

from chinatracker.evaluation.gold import CorpusRoots, load_document, raw_text

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ROOTS = CorpusRoots(shared=REPO.parent / "shared" / "corpus", demo=REPO / "demo" / "corpus")


def main(argv: list[str]) -> int:
    for name in argv:
        if name.startswith("china_media:"):
            meta = {"corpus": "china_media", "line": int(name.split(":", 1)[1])}
        else:
            meta = {"corpus": name.split("/", 1)[0], "path": name}
        document = load_document(meta, ROOTS)
        print(f"=== {name}")
        print(f"title: {document.title!r}")
        print(f"published: {document.published}  publisher: {document.publisher}")
        print(f"url: {document.url}")
        text = raw_text(document)  # gold offsets count characters of the text as read
        print(f"--- body ({len(text)} chars)")
        print(text)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
