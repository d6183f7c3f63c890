"""Check the gold annotations of the demo corpus against the documents they describe.

Because we wrote the demo documents ourselves, their gold files point at evidence with
``anchor:`` (an exact substring of the document body) instead of character offsets. This
script verifies, for every gold file in this folder:

- the document exists (``document.path`` relative to ``demo/corpus/``, ``document.line`` for
  ``.jsonl``), and every document of the corpus (every line of a ``.jsonl``) has a gold file;
- every ``anchor`` and ``speaker_anchor`` occurs exactly once in the document body;
- the closed vocabularies are respected (taxonomy codes, donor channels, institution types,
  items, modes, statuses, date precisions, claim kinds, ISO3-shaped country codes).

What "document body" means per format:

- ``.txt``: the decoded file, title line included;
- ``.md``: the file after its YAML front matter;
- ``.html``: the visible text (everything outside ``<head>``, ``<script>``, ``<style>``),
  whitespace inside each text node collapsed to single spaces, text nodes joined by newlines;
- ``.jsonl``: the ``text`` field of the given line (lines counted from 1);
- ``.pdf``: the plain-text source we wrote in ``demo/tools/`` with whitespace collapsed, and,
  when ``pypdf`` is installed, also the text extracted from the PDF as it comes (line breaks kept:
  an anchor must not run across a rendered line, because ingestion keeps those breaks too).

Usage: ``python tests/gold/demo/check_anchors.py`` (needs only the standard library and PyYAML).
Exit status 0 when everything checks, 1 otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CORPUS = REPO / "demo" / "corpus"
DATA = REPO / "src" / "chinatracker" / "reference" / "data"
PDF_SOURCES = {
    "reports/2020-07-01-peacekeeping-brief.pdf": REPO / "demo" / "tools" / "peacekeeping_brief.txt",
}
NOT_GOLD = {"EXPECTED.yaml"}
CLAIM_KINDS = {"disinformation", "quality_complaint", "conditionality"}
ISO3 = re.compile(r"^[A-Z]{3}$")
FACT_TYPES = ("aid", "events", "quotes", "claims", "quantities")
DONOR_KEYS = {"name", "country", "channel"}
RECIPIENT_KEYS = {"country", "region", "name", "institution_type"}
ITEM_KEYS = {"item", "quantity"}
VALUE_KEYS = {"amount", "currency"}


class VisibleText(HTMLParser):
    """Collect the text a reader sees on the page (body only, scripts and styles left out)."""

    SKIP: ClassVar[frozenset[str]] = frozenset(
        {"head", "script", "style", "noscript", "template", "title"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            return
        text = re.sub(r"\s+", " ", data).strip()
        if text:
            self.parts.append(text)


def html_visible_text(raw: str) -> str:
    parser = VisibleText()
    parser.feed(raw)
    parser.close()
    return "\n".join(parser.parts)


def strip_front_matter(raw: str) -> str:
    if raw.startswith("---\n"):
        end = raw.find("\n---\n", 4)
        if end != -1:
            return raw[end + 5 :]
    return raw


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def bodies(path: str, line: int | None) -> list[tuple[str, str]]:
    """Return (label, text) pairs an anchor must be found in (all of them)."""
    file = CORPUS / path
    suffix = file.suffix.lower()
    if suffix == ".txt":
        return [("txt", file.read_text(encoding="utf-8"))]
    if suffix == ".md":
        return [("md body", strip_front_matter(file.read_text(encoding="utf-8")))]
    if suffix in {".html", ".htm"}:
        return [("visible text", html_visible_text(file.read_text(encoding="utf-8")))]
    if suffix == ".jsonl":
        if not line:
            raise ValueError("a .jsonl document needs document.line")
        rows = file.read_text(encoding="utf-8").splitlines()
        return [(f"line {line} text", json.loads(rows[line - 1])["text"])]
    if suffix == ".pdf":
        out = [("pdf source", squash(PDF_SOURCES[path].read_text(encoding="utf-8")))]
        try:
            from pypdf import PdfReader  # optional
        except ImportError:
            return out
        reader = PdfReader(str(file))
        out.append(("pdf extracted", "\n".join(p.extract_text() or "" for p in reader.pages)))
        return out
    raise ValueError(f"unsupported format: {path}")


def vocabularies() -> dict[str, set[str]]:
    vocab = yaml.safe_load((DATA / "vocabularies.yaml").read_text(encoding="utf-8"))
    taxonomy = yaml.safe_load((DATA / "taxonomy.yaml").read_text(encoding="utf-8"))
    out = {key: set(values) for key, values in vocab.items()}
    out["category"] = {c["code"] for c in taxonomy["categories"]}
    return out


def expected_gold_names() -> set[str]:
    names = set()
    for file in sorted(CORPUS.rglob("*")):
        if not file.is_file() or file.name == "README.md":
            continue
        rel = file.relative_to(CORPUS).as_posix()
        stem = rel.replace("/", "__")
        if file.suffix == ".jsonl":
            count = len(file.read_text(encoding="utf-8").splitlines())
            names.update(f"{stem}__line-{n}.yaml" for n in range(1, count + 1))
        else:
            names.add(f"{stem}.yaml")
    return names


def check_file(gold_path: Path, vocab: dict[str, set[str]]) -> tuple[int, list[str]]:
    errors: list[str] = []
    doc = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    meta = doc.get("document") or {}
    path, line = meta.get("path"), meta.get("line")
    where = gold_path.name
    if meta.get("corpus") != "demo":
        errors.append(f"{where}: document.corpus must be 'demo'")
    if not path or not (CORPUS / path).is_file():
        return 0, [*errors, f"{where}: document.path {path!r} not found under demo/corpus/"]
    name = path.replace("/", "__") + (f"__line-{line}" if line else "") + ".yaml"
    if name != gold_path.name:
        errors.append(f"{where}: file name should be {name}")
    if not meta.get("published"):
        errors.append(f"{where}: document.published missing")
    complete = set(doc.get("complete") or [])
    for needed in ("aid", "events", "quotes", "claims", "quantities", "countries"):
        if needed not in complete:
            errors.append(f"{where}: complete should list {needed}")

    texts = bodies(path, line)
    checked = 0

    def anchor_ok(anchor, label):
        nonlocal checked
        if not isinstance(anchor, str) or not anchor:
            errors.append(f"{where}: {label}: empty or non-string anchor")
            return
        for kind, text in texts:
            probe = squash(anchor) if kind == "pdf source" else anchor
            hits = text.count(probe)
            if hits != 1:
                errors.append(f"{where}: {label}: anchor found {hits} times in {kind}: {anchor!r}")
        checked += 1

    countries = doc.get("countries") or []
    if countries != sorted(set(countries)):
        errors.append(f"{where}: countries must be sorted and unique")
    for code in countries:
        if not ISO3.match(str(code)):
            errors.append(f"{where}: bad country code {code!r}")

    def date_ok(date, label):
        if date is None:
            return
        if not isinstance(date, dict) or "start" not in date or "precision" not in date:
            errors.append(f"{where}: {label}: date needs start and precision")
            return
        if date["precision"] not in vocab["date_precision"]:
            errors.append(f"{where}: {label}: bad date precision {date['precision']!r}")

    for i, rec in enumerate(doc.get("aid") or [], 1):
        label = f"aid[{i}]"
        anchor_ok(rec.get("anchor"), label)
        donor = rec.get("donor") or {}
        shapes = [(donor, DONOR_KEYS, "donor")]
        shapes += [(r, RECIPIENT_KEYS, "recipient") for r in rec.get("recipients") or []]
        shapes += [(it, ITEM_KEYS, "item") for it in rec.get("items") or []]
        if rec.get("value") is not None:
            shapes.append((rec["value"], VALUE_KEYS, "value"))
        for mapping, keys, what in shapes:
            if not isinstance(mapping, dict) or set(mapping) != keys:
                wanted = sorted(keys)
                errors.append(
                    f"{where}: {label}: {what} needs exactly the keys {wanted}: {mapping!r}"
                )
        if donor.get("channel") not in vocab["donor_channel"]:
            errors.append(f"{where}: {label}: bad donor channel {donor.get('channel')!r}")
        if donor.get("country") is not None and not ISO3.match(str(donor["country"])):
            errors.append(f"{where}: {label}: bad donor country {donor.get('country')!r}")
        if not rec.get("recipients"):
            errors.append(f"{where}: {label}: no recipient")
        for r in rec.get("recipients") or []:
            if r.get("country") is not None and not ISO3.match(str(r["country"])):
                errors.append(f"{where}: {label}: bad recipient country {r.get('country')!r}")
            if r.get("institution_type") not in vocab["institution_type"]:
                errors.append(
                    f"{where}: {label}: bad institution type {r.get('institution_type')!r}"
                )
        for item in rec.get("items") or []:
            if item.get("item") not in vocab["item"]:
                errors.append(f"{where}: {label}: bad item {item.get('item')!r}")
        if rec.get("mode") not in vocab["mode"]:
            errors.append(f"{where}: {label}: bad mode {rec.get('mode')!r}")
        if rec.get("status") not in vocab["status"]:
            errors.append(f"{where}: {label}: bad status {rec.get('status')!r}")
        if rec.get("mode") == "pledge" and rec.get("status") != "pledged":
            errors.append(f"{where}: {label}: a pledge must have status pledged")
        date_ok(rec.get("date"), label)

    for i, ev in enumerate(doc.get("events") or [], 1):
        label = f"events[{i}]"
        anchor_ok(ev.get("anchor"), label)
        for code in [ev.get("category"), *(ev.get("alt_categories") or [])]:
            if code not in vocab["category"]:
                errors.append(f"{where}: {label}: bad category {code!r}")
        for code in ev.get("countries") or []:
            if not ISO3.match(str(code)):
                errors.append(f"{where}: {label}: bad country {code!r}")
        date_ok(ev.get("date"), label)

    for i, q in enumerate(doc.get("quotes") or [], 1):
        anchor_ok(q.get("anchor"), f"quotes[{i}]")
        if q.get("speaker_anchor") is not None:
            anchor_ok(q["speaker_anchor"], f"quotes[{i}].speaker_anchor")

    for i, c in enumerate(doc.get("claims") or [], 1):
        anchor_ok(c.get("anchor"), f"claims[{i}]")
        if c.get("kind") not in CLAIM_KINDS:
            errors.append(f"{where}: claims[{i}]: bad kind {c.get('kind')!r}")

    for i, q in enumerate(doc.get("quantities") or [], 1):
        anchor_ok(q.get("anchor"), f"quantities[{i}]")
        if not isinstance(q.get("value"), (int, float)):
            errors.append(f"{where}: quantities[{i}]: value must be a number")

    return checked, errors


def main() -> int:
    vocab = vocabularies()
    gold_files = sorted(p for p in HERE.glob("*.yaml") if p.name not in NOT_GOLD)
    total, problems = 0, []
    for gold in gold_files:
        checked, errors = check_file(gold, vocab)
        total += checked
        problems += errors
    have = {p.name for p in gold_files}
    for missing in sorted(expected_gold_names() - have):
        problems.append(f"no gold file for document: {missing}")
    for extra in sorted(have - expected_gold_names()):
        problems.append(f"gold file without a document: {extra}")
    for line in problems:
        print(f"ERROR {line}")
    facts = sum(
        len((yaml.safe_load(g.read_text(encoding="utf-8")) or {}).get(t) or [])
        for g in gold_files
        for t in FACT_TYPES
    )
    print(
        f"{len(gold_files)} gold files, {facts} annotated facts, {total} anchors checked, "
        f"{len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
