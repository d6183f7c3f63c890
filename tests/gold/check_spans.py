"""Check the hand-written gold annotations against the documents they point into.

For every gold YAML under tests/gold/seeds and tests/gold/china_media this opens the document
(the decoded .txt file for seeds, the `text` field of the JSON line for china_media), checks that
each span satisfies 0 <= start < end <= len(text) and starts and ends on a word boundary, checks the
closed vocabularies (taxonomy codes, channels, institution types, items, modes, statuses, ISO3
codes), and prints each span's text so an annotator can eyeball it. It prints only; it stores
nothing and copies no document text anywhere.

Usage: python tests/gold/check_spans.py [--quiet] [CORPUS_ROOT]
    CORPUS_ROOT defaults to ../shared/corpus relative to the repository root.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_CORPUS = HERE.parents[2] / "shared" / "corpus"
DATA = REPO / "src" / "chinatracker" / "reference" / "data"
ISO3 = re.compile(r"^[A-Z]{3}$")


def load_vocab() -> tuple[set[str], dict[str, set[str]]]:
    taxonomy = yaml.safe_load((DATA / "taxonomy.yaml").read_text(encoding="utf-8"))
    codes = {c["code"] for c in taxonomy["categories"]}
    vocab = yaml.safe_load((DATA / "vocabularies.yaml").read_text(encoding="utf-8"))
    return codes, {k: set(v) for k, v in vocab.items()}


class Texts:
    """Document texts, loaded lazily; china_media lines are read once."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self._cm: list[str] | None = None

    def get(self, doc: dict) -> str:
        if doc["corpus"] == "china_media":
            if self._cm is None:
                path = self.corpus / "china_media" / "articles.jsonl"
                self._cm = path.read_text(encoding="utf-8").split("\n")
            row = json.loads(self._cm[int(doc["line"]) - 1])
            if doc.get("url") and row["url"] != doc["url"]:
                raise ValueError(f"url mismatch for line {doc['line']}")
            return row["text"]
        if doc["corpus"] == "seeds":
            return (self.corpus / doc["path"]).read_text(encoding="utf-8")
        raise ValueError(f"unsupported corpus {doc['corpus']!r}")


def show(text: str, span: list[int], width: int = 90) -> str:
    s = text[span[0] : span[1]].replace("\n", " / ")
    if len(s) > width:
        s = s[: width - 35] + " [...] " + s[-28:]
    return s


def boundary_ok(text: str, start: int, end: int) -> list[str]:
    problems = []
    if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        problems.append("starts inside a word")
    if end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        problems.append("ends inside a word")
    if text[start].isspace() or text[end - 1].isspace():
        problems.append("starts or ends with whitespace")
    return problems


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    args = [a for a in argv if a != "--quiet"]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    codes, vocab = load_vocab()
    texts = Texts(corpus)
    files = sorted((HERE / "seeds").glob("*.yaml")) + sorted((HERE / "china_media").rglob("*.yaml"))
    errors: list[str] = []
    n_spans = 0
    counts: Counter[str] = Counter()
    categories: Counter[str] = Counter()

    for path in files:
        rel = path.relative_to(HERE)
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = texts.get(gold["document"])
        print(f"\n=== {rel}  ({len(text)} chars, published {gold['document'].get('published')})")

        def err(msg: str, rel: Path = rel) -> None:
            errors.append(f"{rel}: {msg}")
            print(f"  !! {msg}")

        def check(kind: str, i: int, span, label: str = "", text: str = text) -> None:
            nonlocal n_spans
            if span is None:
                return
            n_spans += 1
            ok = (
                isinstance(span, list)
                and len(span) == 2
                and all(isinstance(x, int) for x in span)
                and 0 <= span[0] < span[1] <= len(text)
            )
            if not ok:
                err(f"{kind}[{i}] bad span {span}")
                return
            for p in boundary_ok(text, *span):
                err(f"{kind}[{i}] {span} {p}")
            if not quiet:
                print(f"  {kind}[{i}] {span} {label}\n      | {show(text, span)}")

        def iso(where: str, c) -> None:
            if c is not None and not ISO3.match(str(c)):
                err(f"{where}: bad country code {c!r}")

        countries = gold.get("countries") or []
        if countries != sorted(set(countries)):
            err("countries not sorted/unique")
        for c in countries:
            iso("countries", c)
        for key in ("aid", "events", "quotes", "claims", "quantities"):
            counts[key] += len(gold.get(key) or [])
        counts["files"] += 1

        for i, a in enumerate(gold.get("aid") or []):
            check("aid", i, a["span"], a.get("note", ""))
            if a["donor"]["channel"] not in vocab["donor_channel"]:
                err(f"aid[{i}] bad channel {a['donor']['channel']}")
            iso(f"aid[{i}].donor", a["donor"].get("country"))
            if not a.get("recipients"):
                err(f"aid[{i}] has no recipient")
            for r in a.get("recipients") or []:
                iso(f"aid[{i}].recipient", r.get("country"))
                if r.get("institution_type") not in vocab["institution_type"]:
                    err(f"aid[{i}] bad institution_type {r.get('institution_type')}")
            for it in a.get("items") or []:
                if it["item"] not in vocab["item"]:
                    err(f"aid[{i}] bad item {it['item']}")
            if a.get("mode") not in vocab["mode"]:
                err(f"aid[{i}] bad mode {a.get('mode')}")
            if a.get("status") not in vocab["status"]:
                err(f"aid[{i}] bad status {a.get('status')}")
        for i, e in enumerate(gold.get("events") or []):
            check(
                "event", i, e["span"], f"{e['category']} {e.get('countries')} {e.get('note', '')}"
            )
            categories[e["category"]] += 1
            for c in [e["category"], *(e.get("alt_categories") or [])]:
                if c not in codes:
                    err(f"event[{i}] unknown category {c}")
            for c in e.get("countries") or []:
                iso(f"event[{i}]", c)
                if c not in countries:
                    err(f"event[{i}] country {c} missing from document countries")
            date = e.get("date")
            if date is not None and date.get("precision") not in vocab["date_precision"]:
                err(f"event[{i}] bad date precision")
        for i, q in enumerate(gold.get("quotes") or []):
            check("quote", i, q["span"], f"({q.get('speaker')})")
            check("quote.speaker", i, q.get("speaker_span"))
        for i, c in enumerate(gold.get("claims") or []):
            check("claim", i, c["span"], f"{c['kind']} {c.get('countries')}")
            if c["kind"] not in {"disinformation", "quality_complaint", "conditionality"}:
                err(f"claim[{i}] bad kind {c['kind']}")
        for i, q in enumerate(gold.get("quantities") or []):
            check("quantity", i, q["span"], f"= {q['value']} {q['unit']}")

    print("\n=== summary")
    print(f"files: {counts['files']}  spans checked: {n_spans}  errors: {len(errors)}")
    print(
        "records: "
        + ", ".join(f"{k} {counts[k]}" for k in ("aid", "events", "quotes", "claims", "quantities"))
    )
    print("events per category: " + ", ".join(f"{k} {v}" for k, v in sorted(categories.items())))
    for e in errors:
        print("  ERROR " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
