"""Turn an annotator's draft into a gold file: anchors become offsets, vocabularies are checked.

Annotators find passages by their words, not by counting characters. A draft (kept outside the
repository, since it quotes the document) gives each span as anchors:

    from: "first words of the passage"     # exact words of the document; any run of
    to: "last words of the passage"        # whitespace matches any other run
    nth: 2                                 # optional: the 2nd occurrence of `from`
    at: "exact words"                      # instead of from/to, for a short span

`speaker_from`/`speaker_to` or `speaker_at` (with `speaker_nth`) give a quote's `speaker_span` the
same way. The gold
file written from the draft holds only offsets and the annotator's own notes, so no sentence of a
source is copied into the repository (tests/gold/README.md). Offsets are into the text exactly as
`chinatracker eval` reads it (`chinatracker.evaluation.gold.load_document`).

Usage: python tests/gold/draft_to_gold.py DRAFT.yaml... [--out tests/gold/incoming]
Exit status 1 when any draft has a problem; each problem is one line naming the draft and entry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from chinatracker.evaluation.gold import (
    CorpusRoots,
    GoldError,
    load_document,
    raw_text,
    validate_raw,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ROOTS = CorpusRoots(shared=REPO.parent / "shared" / "corpus", demo=REPO / "demo" / "corpus")
SPAN_KEYS = {
    "span": ("from", "to", "at"),
    "speaker_span": ("speaker_from", "speaker_to", "speaker_at"),
}


class DraftError(Exception):
    pass


def _pattern(anchor: str) -> re.Pattern[str]:
    words = anchor.split()
    if not words:
        raise DraftError("empty anchor")
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def find(text: str, anchor: str, start: int = 0, nth: int = 1) -> re.Match[str]:
    pattern = _pattern(anchor)
    match = None
    position = start
    for _ in range(nth):
        match = pattern.search(text, position)
        if match is None:
            raise DraftError(f"anchor {anchor[:50]!r} not found (occurrence {nth})")
        position = match.start() + 1
    assert match is not None
    return match


def resolve(entry: dict[str, Any], text: str, key: str) -> list[int] | None:
    first, last, single = SPAN_KEYS[key]
    nth = int(entry.pop("nth" if key == "span" else "speaker_nth", 1))
    if single in entry:
        match = find(text, str(entry.pop(single)), nth=nth)
        return [match.start(), match.end()]
    if first in entry:
        opening = find(text, str(entry.pop(first)), nth=nth)
        closing_anchor = entry.pop(last, None)
        if closing_anchor is None:
            return [opening.start(), opening.end()]
        closing = find(text, str(closing_anchor), start=opening.start())
        return [opening.start(), max(opening.end(), closing.end())]
    if key in entry:
        return entry.pop(key)
    return None


def convert(draft: dict[str, Any]) -> dict[str, Any]:
    meta = dict(draft["document"])
    corpus = meta["corpus"]
    if corpus == "china_media":
        meta["path"] = "china_media/articles.jsonl"
    document = load_document(meta, ROOTS)
    text = raw_text(document)  # gold offsets count characters of the text as read
    out: dict[str, Any] = {"document": {"corpus": corpus, "path": meta["path"]}}
    if corpus == "china_media":
        out["document"]["line"] = int(meta["line"])
    if document.url:
        out["document"]["url"] = document.url
    published = meta.get("published") or document.published
    out["document"]["published"] = (
        dt.date.fromisoformat(published) if isinstance(published, str) else published
    )
    for key in ("annotator", "complete", "countries", "country_roles"):
        if key in draft:
            out[key] = draft[key]
    if isinstance(out.get("countries"), list):
        out["countries"] = sorted(set(out["countries"]))
    for kind in ("aid", "events", "quotes", "claims", "quantities"):
        rows = []
        for i, entry in enumerate(draft.get(kind) or []):
            entry = dict(entry)
            try:
                span = resolve(entry, text, "span")
                speaker = resolve(entry, text, "speaker_span") if kind == "quotes" else None
            except DraftError as exc:
                raise DraftError(f"{kind}[{i}]: {exc}") from None
            if span is None:
                raise DraftError(f"{kind}[{i}]: no span (give from/to or at)")
            if kind == "events" and not entry.get("status"):
                raise DraftError(f"events[{i}]: no status (current, background or not_event)")
            row = {"span": span, **entry}
            if kind == "quotes":
                row["speaker_span"] = speaker
            rows.append(row)
        out[kind] = rows
    validate_raw(out, text)
    return out


class _Dumper(yaml.SafeDumper):
    """Short lists of scalars (spans, codes, complete) on one line, as hand-written gold has them."""


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(not isinstance(v, dict | list) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = bool(data) and len(data) <= 4 and all(len(str(v)) < 48 for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _dict)


def dump(gold: dict[str, Any]) -> str:
    return yaml.dump(gold, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("drafts", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=HERE / "incoming")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.drafts:
        try:
            draft = yaml.safe_load(path.read_text(encoding="utf-8"))
            gold = convert(draft)
        except (DraftError, GoldError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            failed += 1
            continue
        meta = gold["document"]
        name = (
            f"line-{meta['line']}" if meta["corpus"] == "china_media" else Path(meta["path"]).stem
        )
        target = args.out / meta["corpus"] / f"{name}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump(gold), encoding="utf-8")
        counts = ", ".join(f"{k} {len(gold[k])}" for k in ("aid", "events", "quotes", "claims"))
        print(
            f"{path} -> {target.relative_to(REPO) if target.is_relative_to(REPO) else target}: {counts}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
