"""Gold annotations (tests/gold/README.md) and the documents they describe.

A gold file names its document by corpus and path; this module reads that document through the
same readers as `chinatracker ingest`. Gold offsets count characters of the text as read (the
raw text); `ingest` stores a clean view of it (`sources/cleaning.py`), so every gold span is
mapped onto the clean view here, once, and evaluation compares spans of the text extraction
reads. Demo gold gives `anchor:` text instead of offsets; anchors are resolved in the clean view.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from chinatracker.config import Settings
from chinatracker.errors import TrackerError
from chinatracker.records import Document
from chinatracker.sources.base import RawInput
from chinatracker.sources.cleaning import CleanText, clean_text
from chinatracker.sources.ingest import finish_draft, read_input
from chinatracker.sources.jsonl import record_to_draft
from chinatracker.yaml_io import safe_load


class GoldError(TrackerError):
    """A gold file is malformed or points at text that is not there."""


Span = tuple[int, int]

# Corpora under ../shared/corpus whose gold names a file (Markdown or text) rather than a line.
SHARED_FILE_CORPORA = ("seeds", "aid_reports", "zh_reports")
EVENT_STATUSES = ("current", "background", "not_event")
COUNTRY_ROLES = (
    "actor",
    "location",
    "donor",
    "recipient",
    "transit",
    "origin",
    "topic",
    "affiliation",
)
AID_ROLES = ("transit", "origin", "carrier")
CLAIM_KINDS = ("disinformation", "quality_complaint", "conditionality")


@dataclass(frozen=True)
class GoldAid:
    span: Span
    donor_name: str | None
    donor_country: str | None
    channel: str | None
    recipients: tuple[str | None, ...]
    items: tuple[tuple[str, float | None], ...]
    mode: str | None
    status: str | None
    date: tuple[dt.date, dt.date | None, str] | None
    aggregate: bool = False
    roles: tuple[tuple[str, str], ...] = ()

    @property
    def chinese_delivery(self) -> bool:
        """What the tracker counts as a Chinese delivery: not a sale, not to China, not a total."""
        return (
            self.donor_country == "CHN"
            and self.mode != "sale"
            and not self.aggregate
            and "CHN" not in self.recipients
        )


@dataclass(frozen=True)
class GoldEvent:
    span: Span
    category: str
    alt_categories: tuple[str, ...]
    countries: frozenset[str]
    date: tuple[dt.date, dt.date | None, str] | None
    quantities: tuple[tuple[float, str], ...]
    status: str = "current"


@dataclass(frozen=True)
class GoldQuote:
    span: Span
    speaker: str | None


@dataclass(frozen=True)
class GoldClaim:
    span: Span
    kind: str


@dataclass(frozen=True)
class GoldQuantity:
    span: Span
    value: float
    unit: str


@dataclass
class GoldDocument:
    name: str
    document: Document
    complete: frozenset[str]
    countries: frozenset[str] | None
    country_roles: dict[str, frozenset[str]] = field(default_factory=dict)
    aid: list[GoldAid] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)
    claims: list[GoldClaim] = field(default_factory=list)
    quantities: list[GoldQuantity] = field(default_factory=list)


@dataclass(frozen=True)
class CorpusRoots:
    """Where gold paths point: `../shared/corpus` and the repo's `demo/corpus`."""

    shared: Path
    demo: Path


def number(value: Any) -> float | None:
    """Gold numbers may be written as `1.27e12`, which YAML reads as a string."""
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise GoldError(f"not a number: {value!r}") from exc


def gold_date(value: Any) -> tuple[dt.date, dt.date | None, str] | None:
    if not value:
        return None
    start = _as_date(value["start"])
    end = _as_date(value["end"]) if value.get("end") else None
    return start, end, str(value.get("precision", "day"))


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value)
    parts = text.split("-")
    if len(parts) == 2:  # "2020-05" for a month
        return dt.date(int(parts[0]), int(parts[1]), 1)
    if len(parts) == 1:
        return dt.date(int(parts[0]), 1, 1)
    return dt.date.fromisoformat(text)


def load_document(meta: dict[str, Any], roots: CorpusRoots) -> Document:
    corpus = meta.get("corpus")
    path = str(meta.get("path", ""))
    published = _as_date(meta["published"]) if meta.get("published") else None
    if corpus == "china_media":
        document = _jsonl_line(roots.shared / "china_media" / "articles.jsonl", int(meta["line"]))
    elif corpus in SHARED_FILE_CORPORA:
        document = _file(roots.shared / path, line=meta.get("line"))
    elif corpus == "demo":
        document = _file(roots.demo / path, line=meta.get("line"))
    else:
        raise GoldError(f"unknown corpus {corpus!r}")
    return document.model_copy(update={"published": published or document.published})


def _jsonl_line(path: Path, line: int) -> Document:
    lines = _jsonl_lines(path, path.stat().st_mtime_ns)
    if not 1 <= line <= len(lines):
        raise GoldError(f"{path} has no line {line}")
    raw = lines[line - 1]
    draft = record_to_draft(json.loads(raw), raw, f"line {line}")
    return finish_draft(draft, RawInput.from_path(path))


@cache
def _jsonl_lines(path: Path, mtime_ns: int) -> tuple[bytes, ...]:
    """A gold set names hundreds of lines of one 10 MB file: read it once per run, not per line.
    The modification time is part of the key, so an edited file is read again."""
    with path.open("rb") as stream:
        return tuple(stream)


def _file(path: Path, line: Any = None) -> Document:
    if not path.is_file():
        raise GoldError(f"gold points at {path}, which does not exist")
    locator = f"line {line}" if line else None
    for result in read_input(RawInput.from_path(path), Settings(min_text_chars=1)):
        if isinstance(result, Document) and (locator is None or result.locator == locator):
            return result
    raise GoldError(f"cannot read {path}{' ' + locator if locator else ''}")


def raw_text(document: Document) -> str:
    """The text as read, which gold offsets count in."""
    return document.raw_text if document.raw_text is not None else document.text


def resolve_span(
    entry: dict[str, Any],
    text: str,
    where: str,
    key: str = "span",
    clean: CleanText | None = None,
) -> Span:
    """A gold span in the clean view: offsets given in the raw text are mapped (`clean`), an
    anchor is found in the clean view."""
    anchor_key = "anchor" if key == "span" else key.replace("span", "anchor")
    if entry.get(key):
        start, end = (int(v) for v in entry[key])
        raw_length = len(clean.raw) if clean is not None else len(text)
        if not 0 <= start < end <= raw_length:
            raise GoldError(f"{where}: span {start}-{end} outside the text ({raw_length} chars)")
        if clean is None:
            return start, end
        mapped = clean.clean_span(start, end)
        if mapped is None:
            # The span is a caption or furniture line that the clean view drops: no extractor
            # can find it now, so it stays in the gold as an empty span, a certain miss.
            at = clean.clean_span(start, len(clean.raw))
            position = at[0] if at is not None else len(text)
            return position, position
        return mapped
    anchor = entry.get(anchor_key)
    if not anchor:
        raise GoldError(f"{where}: neither {key} nor {anchor_key}")
    found = text.find(anchor)
    if found < 0:
        raise GoldError(f"{where}: anchor {anchor[:40]!r} not found in the document")
    return found, found + len(anchor)


def parse_gold(raw: dict[str, Any], name: str, roots: CorpusRoots) -> GoldDocument:
    document = load_document(raw["document"], roots)
    text = document.text
    clean = clean_text(document.raw_text) if document.raw_text is not None else None
    gold = GoldDocument(
        name=name,
        document=document,
        complete=frozenset(raw.get("complete") or ()),
        countries=frozenset(raw["countries"]) if raw.get("countries") is not None else None,
        country_roles={
            str(c): frozenset(roles) for c, roles in (raw.get("country_roles") or {}).items()
        },
    )
    for i, entry in enumerate(raw.get("aid") or ()):
        donor = entry.get("donor") or {}
        gold.aid.append(
            GoldAid(
                span=resolve_span(entry, text, f"{name} aid {i}", clean=clean),
                donor_name=donor.get("name"),
                donor_country=donor.get("country"),
                channel=donor.get("channel"),
                recipients=tuple(r.get("country") for r in entry.get("recipients") or ()),
                items=tuple(
                    (it["item"], number(it.get("quantity"))) for it in entry.get("items") or ()
                ),
                mode=entry.get("mode"),
                status=entry.get("status"),
                date=gold_date(entry.get("date")),
                aggregate=bool(entry.get("aggregate")),
                roles=tuple(
                    (str(r["country"]), str(r["role"])) for r in entry.get("other_countries") or ()
                ),
            )
        )
    for i, entry in enumerate(raw.get("events") or ()):
        gold.events.append(
            GoldEvent(
                span=resolve_span(entry, text, f"{name} event {i}", clean=clean),
                category=entry["category"],
                alt_categories=tuple(entry.get("alt_categories") or ()),
                countries=frozenset(entry.get("countries") or ()),
                date=gold_date(entry.get("date")),
                quantities=tuple(
                    (float(number(q["value"]) or 0.0), str(q["unit"]))
                    for q in entry.get("quantities") or ()
                ),
                status=str(entry.get("status") or "current"),
            )
        )
    for i, entry in enumerate(raw.get("quotes") or ()):
        gold.quotes.append(
            GoldQuote(
                span=resolve_span(entry, text, f"{name} quote {i}", clean=clean),
                speaker=entry.get("speaker"),
            )
        )
    for i, entry in enumerate(raw.get("claims") or ()):
        gold.claims.append(
            GoldClaim(
                span=resolve_span(entry, text, f"{name} claim {i}", clean=clean), kind=entry["kind"]
            )
        )
    for i, entry in enumerate(raw.get("quantities") or ()):
        gold.quantities.append(
            GoldQuantity(
                span=resolve_span(entry, text, f"{name} quantity {i}", clean=clean),
                value=float(number(entry["value"]) or 0.0),
                unit=str(entry["unit"]),
            )
        )
    return gold


def gold_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*.yaml") if not p.name.isupper() and p.stem != "EXPECTED"
            )
        elif path.is_file():
            yield path
        else:
            raise GoldError(f"no gold file or folder at {path}")


def load_gold(paths: list[Path], roots: CorpusRoots) -> list[GoldDocument]:
    documents = []
    for file in gold_files(paths):
        try:
            raw = safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise GoldError(f"{file}: not valid YAML ({exc})") from exc
        if not isinstance(raw, dict) or "document" not in raw:
            raise GoldError(f"{file}: not a gold annotation (no 'document')")
        documents.append(parse_gold(raw, str(file), roots))
    return documents


def validate_raw(raw: dict[str, Any], text: str) -> None:
    """Check a gold mapping against its text and the closed vocabularies; GoldError on the first
    problem, so an annotator fixes one thing at a time and a broken file never reaches `eval`."""
    from chinatracker.reference.countries import country
    from chinatracker.reference.taxonomy import taxonomy
    from chinatracker.reference.vocabularies import vocabularies

    vocab = vocabularies()
    codes = taxonomy()

    def fail(where: str, problem: str) -> None:
        raise GoldError(f"{where}: {problem}")

    def span(where: str, value: Any, *, optional: bool = False) -> None:
        if value is None and optional:
            return
        if not (isinstance(value, list | tuple) and len(value) == 2):
            fail(where, f"span {value!r} is not [start, end]")
        start, end = int(value[0]), int(value[1])
        if not 0 <= start < end <= len(text):
            fail(where, f"span {start}-{end} outside the text ({len(text)} chars)")
        if text[start].isspace() or text[end - 1].isspace():
            fail(where, "span starts or ends with whitespace")

    def iso(where: str, code: Any, *, nullable: bool = True) -> None:
        if code is None and nullable:
            return
        if country(str(code)) is None:
            fail(where, f"unknown country code {code!r}")

    def term(where: str, vocabulary: str, value: Any, *, nullable: bool = True) -> None:
        if value is None and nullable:
            return
        if not vocab.is_valid(vocabulary, str(value)):
            fail(where, f"{value!r} is not in {vocabulary}")

    _known_keys("document", raw, TOP_KEYS)
    for kind, allowed in ENTRY_KEYS.items():
        for i, entry in enumerate(raw.get(kind) or ()):
            _known_keys(f"{kind}[{i}]", entry, allowed)
            for part, part_keys in PART_KEYS.items():
                value = entry.get(part)
                for j, piece in enumerate(value if isinstance(value, list) else [value]):
                    if piece is not None:
                        _known_keys(f"{kind}[{i}].{part}[{j}]", piece, part_keys)
    known_types = {"aid", "events", "quotes", "claims", "quantities", "countries"}
    for kind in raw.get("complete") or ():
        if kind not in known_types:
            fail("complete", f"unknown fact type {kind!r}")
    listed = set(raw.get("countries") or ())
    for code in listed:
        iso("countries", code, nullable=False)
    for code, roles in (raw.get("country_roles") or {}).items():
        iso("country_roles", code, nullable=False)
        if code not in listed:
            fail("country_roles", f"{code} is not in countries")
        for role in roles or ():
            if role not in COUNTRY_ROLES:
                fail(f"country_roles.{code}", f"unknown role {role!r}")
    for i, entry in enumerate(raw.get("aid") or ()):
        where = f"aid[{i}]"
        span(where, entry.get("span"))
        donor = entry.get("donor") or {}
        term(where + ".donor.channel", "donor_channel", donor.get("channel"), nullable=False)
        iso(where + ".donor.country", donor.get("country"))
        if not entry.get("recipients"):
            fail(where, "no recipient (a region-wide total has country null)")
        for r in entry.get("recipients") or ():
            iso(where + ".recipient", r.get("country"))
            term(
                where + ".recipient.institution_type", "institution_type", r.get("institution_type")
            )
        for item in entry.get("items") or ():
            term(where + ".item", "item", item.get("item"), nullable=False)
            number(item.get("quantity"))
        for other in entry.get("other_countries") or ():
            iso(where + ".other_countries", other.get("country"), nullable=False)
            if other.get("role") not in AID_ROLES:
                fail(where + ".other_countries", f"role must be one of {', '.join(AID_ROLES)}")
        term(where + ".mode", "mode", entry.get("mode"), nullable=False)
        term(where + ".status", "status", entry.get("status"), nullable=False)
        _checked_date(where, entry.get("date"))
    for i, entry in enumerate(raw.get("events") or ()):
        where = f"events[{i}]"
        span(where, entry.get("span"))
        for code in [entry.get("category"), *(entry.get("alt_categories") or ())]:
            if not codes.is_code(str(code)):
                fail(where, f"unknown category {code!r}")
        if (entry.get("status") or "current") not in EVENT_STATUSES:
            fail(where, f"status must be one of {', '.join(EVENT_STATUSES)}")
        for code in entry.get("countries") or ():
            iso(where + ".countries", code, nullable=False)
            if listed and code not in listed:
                fail(where, f"country {code} is missing from the document's countries")
        _checked_date(where, entry.get("date"))
        for q in entry.get("quantities") or ():
            number(q.get("value"))
    for i, entry in enumerate(raw.get("quotes") or ()):
        span(f"quotes[{i}]", entry.get("span"))
        span(f"quotes[{i}].speaker_span", entry.get("speaker_span"), optional=True)
    for i, entry in enumerate(raw.get("claims") or ()):
        span(f"claims[{i}]", entry.get("span"))
        if entry.get("kind") not in CLAIM_KINDS:
            fail(f"claims[{i}]", f"kind must be one of {', '.join(CLAIM_KINDS)}")
        for code in entry.get("countries") or ():
            iso(f"claims[{i}].countries", code, nullable=False)
    for i, entry in enumerate(raw.get("quantities") or ()):
        span(f"quantities[{i}]", entry.get("span"))
        number(entry.get("value"))
        if not entry.get("unit"):
            fail(f"quantities[{i}]", "no unit")


# The keys a gold mapping may hold: a stray key is how a broken YAML line (a name with a colon
# left unquoted) shows up, so it is an error, not something to ignore.
TOP_KEYS = frozenset(
    {"document", "annotator", "complete", "countries", "country_roles"}
    | {"aid", "events", "quotes", "claims", "quantities"}
)
ENTRY_KEYS = {
    "aid": frozenset(
        {"span", "note", "donor", "recipients", "items", "value", "date", "mode", "status"}
        | {"aggregate", "other_countries"}
    ),
    "events": frozenset(
        {"span", "note", "category", "alt_categories", "status", "countries", "date", "quantities"}
    ),
    "quotes": frozenset({"span", "note", "speaker", "speaker_span"}),
    "claims": frozenset({"span", "note", "kind", "countries"}),
    "quantities": frozenset({"span", "note", "value", "unit"}),
}
PART_KEYS = {
    "donor": frozenset({"name", "country", "channel"}),
    "recipients": frozenset({"country", "region", "name", "institution_type"}),
    "items": frozenset({"item", "quantity", "unit", "note"}),
    "value": frozenset({"amount", "currency"}),
    "date": frozenset({"start", "end", "precision"}),
    "other_countries": frozenset({"country", "role"}),
}


def _known_keys(where: str, mapping: Any, allowed: frozenset[str]) -> None:
    if not isinstance(mapping, dict):
        if where == "document":
            raise GoldError("a gold file is a mapping")
        return
    stray = sorted(str(k) for k in mapping if k not in allowed)
    if stray:
        raise GoldError(
            f"{where}: unknown key(s) {', '.join(stray)} (a name with a colon unquoted?)"
        )


def _checked_date(where: str, value: Any) -> None:
    try:
        parsed = gold_date(value)
    except (KeyError, TypeError, ValueError) as exc:
        raise GoldError(f"{where}.date: {value!r} is not {{start, end, precision}}") from exc
    if parsed and parsed[2] not in ("day", "month", "year"):
        raise GoldError(f"{where}.date: precision must be day, month or year")


def split_stories(table: Path) -> dict[str, str]:
    """`corpus/name` -> its story group, from a split table (`SPLITS.tsv`: corpus, name, split,
    group), so that training can keep copies of one story together; {} where there is none."""
    if not table.is_file():
        return {}
    stories = {}
    for line in table.read_text(encoding="utf-8").splitlines()[1:]:
        corpus, name, _split, group = line.split("\t")
        stories[f"{corpus}/{name}"] = f"{corpus}/{group}"
    return stories
