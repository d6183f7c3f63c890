"""Agreement between two independent adjudications of the same dev documents (tests/gold/README.md).

The second adjudication of dev (`adjudication/dev-*.tsv`, decisions 48-53 of docs/annotation.md)
changed labels that thresholds are chosen on, so a sample of 20 dev documents was adjudicated a
second time, independently, from the same starting gold:
- `agreement-dev-adjudication/before/`: the sample as it was before either adjudication;
- `agreement-dev-adjudication/second/`: the second adjudicator's result (`second-log.tsv` says
  why each change was made);
- `real/dev/`: the first adjudicator's result, the gold in use.

Every event and aid entry of `before/` gets an outcome on each side: deleted (no entry left with
its span), unchanged, or the fields that changed with the values they were given (category,
status, date, donor, ...; a record split per recipient counts as `split`). The figures are the share of entries with the same
outcome and Cohen's kappa on whether an entry was changed at all.

It reads gold files only, not documents, so it runs without ../shared.

Usage: python tests/gold/adjudication_agreement.py [--list]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "agreement-dev-adjudication"
FIRST = HERE / "real" / "dev"
FIELDS = {
    "events": ("category", "status", "date", "alt_categories", "countries"),
    "aid": ("donor", "recipients", "items", "value", "mode", "status", "date", "aggregate"),
}
Outcome = tuple[str, tuple[int, ...], str]


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def outcomes(before: dict[str, Any], after: dict[str, Any]) -> list[Outcome]:
    """What an adjudicator did to each entry of the starting gold, in its order."""
    found: list[Outcome] = []
    for kind, fields in FIELDS.items():
        old = before.get(kind) or []
        new = after.get(kind) or []
        for entry in old:
            span = tuple(entry.get("span") or ())
            same = [e for e in new if tuple(e.get("span") or ()) == span]
            if not same:
                found.append((kind, span, "deleted"))
                continue
            # A change is its field and the value it was given: two adjudicators who both
            # re-date an event agree only when they give it the same date.
            changed = [f"{f}={same[0].get(f)}" for f in fields if entry.get(f) != same[0].get(f)]
            if len(same) > sum(1 for e in old if tuple(e.get("span") or ()) == span):
                changed.append(f"split={len(same)}")
            found.append((kind, span, "; ".join(sorted(changed)) or "unchanged"))
    return found


def kappa(first: list[bool], second: list[bool]) -> float:
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p1, p2 = sum(first) / n, sum(second) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def main(argv: list[str]) -> int:
    rows = []
    documents = sorted(
        p.relative_to(SAMPLE / "before") for p in (SAMPLE / "before").rglob("*.yaml")
    )
    identical = 0
    for name in documents:
        before = load(SAMPLE / "before" / name)
        first = outcomes(before, load(FIRST / name))
        second = outcomes(before, load(SAMPLE / "second" / name))
        identical += first == second
        rows += [(str(name), a, b) for a, b in zip(first, second, strict=True)]
    if not rows:
        print("no entries")
        return 1
    same = sum(a[2] == b[2] for _, a, b in rows)
    changed_first = [a[2] != "unchanged" for _, a, _ in rows]
    changed_second = [b[2] != "unchanged" for _, _, b in rows]
    both = sum(a and b for a, b in zip(changed_first, changed_second, strict=True))
    print(
        f"{len(documents)} documents, {len(rows)} entries: same outcome for {same} "
        f"({same / len(rows):.2f}); changed by the first adjudicator {sum(changed_first)}, "
        f"by the second {sum(changed_second)}, by both {both}; kappa on changed or not "
        f"{kappa(changed_first, changed_second):.2f}; documents with identical outcomes "
        f"{identical}/{len(documents)}"
    )
    if "--list" in argv:
        for name, a, b in rows:
            mark = "  " if a[2] == b[2] else "≠ "
            print(f"{mark}{name} {a[0]} {a[1]}: first {a[2]}; second {b[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
