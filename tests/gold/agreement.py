"""Agreement between two independent annotations of the same documents (tests/gold/README.md).

For every document annotated by two people (`agreement/first/` and `agreement/second/`, each
`<corpus>/<name>.yaml`, as converted before adjudication):
- events are aligned by span overlap (each event pairs with the other side's most overlapping
  event, greedily); an event with no partner is aligned with "none". Cohen's kappa is computed
  over the aligned pairs for the category and for the status;
- F1 between annotators (one side taken as reference; F1 is symmetric) for event spans, aid
  spans, quotes and claims (by overlap), countries and country roles per document, aid
  recipients per document, and items with quantities per document.

It reads gold files only, not documents, so it runs without ../shared.

Usage: python tests/gold/agreement.py [FIRST_DIR SECOND_DIR] [--markdown]
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
FIRST = HERE / "agreement" / "first"
SECOND = HERE / "agreement" / "second"
Entry = dict[str, Any]


def load(folder: Path) -> dict[str, dict[str, Any]]:
    return {
        str(p.relative_to(folder)): yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(folder.rglob("*.yaml"))
    }


def overlap(a: Entry, b: Entry) -> int:
    return max(0, min(a["span"][1], b["span"][1]) - max(a["span"][0], b["span"][0]))


def align(first: list[Entry], second: list[Entry]) -> list[tuple[Entry | None, Entry | None]]:
    """Greedy one-to-one pairing by largest overlap; leftovers pair with None."""
    candidates = sorted(
        ((overlap(a, b), i, j) for i, a in enumerate(first) for j, b in enumerate(second)),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[Entry | None, Entry | None]] = []
    for size, i, j in candidates:
        if size <= 0 or i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((first[i], second[j]))
    pairs += [(a, None) for i, a in enumerate(first) if i not in used_a]
    pairs += [(None, b) for j, b in enumerate(second) if j not in used_b]
    return pairs


def kappa(labels: list[tuple[str, str]]) -> float | None:
    if not labels:
        return None
    n = len(labels)
    observed = sum(a == b for a, b in labels) / n
    left = Counter(a for a, _ in labels)
    right = Counter(b for _, b in labels)
    expected = sum(left[k] * right[k] for k in left) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def f1(first: set[Any], second: set[Any]) -> tuple[float | None, int, int, int]:
    both = len(first & second)
    total = len(first) + len(second)
    return (2 * both / total if total else None), both, len(first), len(second)


def spans_f1(
    first: dict[str, Any], second: dict[str, Any], kind: str, same: Callable[[Entry, Entry], bool]
) -> tuple[int, int, int]:
    """Matched pairs, first's count, second's count for one document and fact type."""
    a, b = first.get(kind) or [], second.get(kind) or []
    matched = sum(1 for x, y in align(a, b) if x is not None and y is not None and same(x, y))
    return matched, len(a), len(b)


def per_document(
    docs: Iterable[tuple[str, dict[str, Any]]], key: Callable[[Any], set[Any]]
) -> set[Any]:
    return {(name, k) for name, doc in docs for k in key(doc)}


def measure(
    first: dict[str, dict[str, Any]], second: dict[str, dict[str, Any]]
) -> list[tuple[str, str, str]]:
    names = sorted(set(first) & set(second))
    category: list[tuple[str, str]] = []
    status: list[tuple[str, str]] = []
    found_by_both = 0
    span_counts: dict[str, list[int]] = {
        k: [0, 0, 0] for k in ("events", "aid", "quotes", "claims")
    }
    for name in names:
        a, b = first[name], second[name]
        for x, y in align(a.get("events") or [], b.get("events") or []):
            found_by_both += int(x is not None and y is not None)
            category.append((x["category"] if x else "none", y["category"] if y else "none"))
            status.append(
                (
                    x.get("status", "current") if x else "none",
                    y.get("status", "current") if y else "none",
                )
            )
        for kind in span_counts:
            same: Callable[[Entry, Entry], bool] = (
                (lambda x, y: x.get("kind") == y.get("kind"))
                if kind == "claims"
                else (lambda x, y: True)
            )
            for i, value in enumerate(spans_f1(a, b, kind, same)):
                span_counts[kind][i] += value
    both = [(x, y) for x, y in category if "none" not in (x, y)]
    both_status = [(x, y) for x, y in status if "none" not in (x, y)]
    rows = [
        ("documents annotated twice", str(len(names)), ""),
        ("event category, kappa, events both found", _fmt(kappa(both)), _observed(both)),
        (
            "event status, kappa, events both found",
            _fmt(kappa(both_status)),
            _observed(both_status),
        ),
        (
            "event category, kappa, unmatched as none",
            _fmt(kappa(category)),
            f"{len(category)} aligned, {found_by_both} found by both",
        ),
        ("event status, kappa, unmatched as none", _fmt(kappa(status)), f"{len(status)} aligned"),
    ]
    for kind, (matched, n_a, n_b) in span_counts.items():
        value = 2 * matched / (n_a + n_b) if n_a + n_b else None
        rows.append((f"{kind} spans, F1", _fmt(value), f"{matched} matched of {n_a} / {n_b}"))
    docs_a = [(n, first[n]) for n in names]
    docs_b = [(n, second[n]) for n in names]
    fields: dict[str, Callable[[dict[str, Any]], set[Any]]] = {
        "countries": lambda d: set(d.get("countries") or ()),
        "country roles": lambda d: {
            (c, r) for c, roles in (d.get("country_roles") or {}).items() for r in roles or ()
        },
        "aid recipients": lambda d: (
            {r.get("country") for a in d.get("aid") or () for r in a.get("recipients") or ()}
            - {None}
        ),
        "items with quantities": lambda d: {
            (i.get("item"), float(i["quantity"]))
            for a in d.get("aid") or ()
            for i in a.get("items") or ()
            if i.get("quantity") is not None
        },
    }
    for label, key in fields.items():
        value, both, n_a, n_b = f1(per_document(docs_a, key), per_document(docs_b, key))
        rows.append((f"{label}, F1", _fmt(value), f"{both} shared of {n_a} / {n_b}"))
    return rows


def _observed(labels: list[tuple[str, str]]) -> str:
    same = sum(a == b for a, b in labels)
    return f"{len(labels)} events, same label on {same} ({_fmt(same / len(labels) if labels else None)})"


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    args = [a for a in argv if a != "--markdown"]
    first_dir, second_dir = (Path(args[0]), Path(args[1])) if len(args) == 2 else (FIRST, SECOND)
    rows = measure(load(first_dir), load(second_dir))
    if markdown:
        print("| measure | agreement | counts |\n|---|---|---|")
        for row in rows:
            print(f"| {' | '.join(row)} |")
    else:
        for measure_name, value, counts in rows:
            print(f"{measure_name:36} {value:>6}  {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
