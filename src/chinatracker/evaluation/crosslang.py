"""Cross-language merging: does the same batch, reported in Chinese and in English, become one
canonical record with both sources?

The pairs (tests/gold/crosslang/pairs.yaml) name two documents and the recipient country. Both
are read by the ingest readers, extracted by the extractor under test, and merged by
`resolve.aid.merge_aid` exactly as `chinatracker resolve` merges stored facts; a pair counts as
merged when one canonical record for its country has facts of both documents among its members.
Pairs marked `same: false` report two different batches and must stay two records, so that
merging everything never scores well.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chinatracker.config import Settings
from chinatracker.errors import TrackerError
from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.resolve.aid import merge_aid
from chinatracker.resolve.records import AidFact, CanonicalAid, DocumentInfo
from chinatracker.sources.base import RawInput
from chinatracker.sources.ingest import read_input
from chinatracker.yaml_io import safe_load


@dataclass(frozen=True)
class Pair:
    zh: str
    en: str
    country: str
    note: str = ""
    same: bool = True  # False: two different batches, which must stay two records


@dataclass(frozen=True)
class PairResult:
    pair: Pair
    merged: bool
    why: str

    @property
    def right(self) -> bool:
        return self.merged == self.pair.same


def load_pairs(path: Path) -> list[Pair]:
    raw = safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        return [
            Pair(p["zh"], p["en"], p["country"], p.get("note", ""), bool(p.get("same", True)))
            for p in raw["pairs"]
        ]
    except (KeyError, TypeError) as exc:
        raise TrackerError(f"{path}: not a list of cross-language pairs ({exc})") from exc


def _read(path: Path, document_id: int) -> Document:
    for found in read_input(RawInput.from_path(path), Settings(min_text_chars=1)):
        if isinstance(found, Document):
            return found.model_copy(update={"id": document_id})
        raise TrackerError(f"{path}: {found.reason}")
    raise TrackerError(f"{path}: no document")


def _facts(document: Document, extractor: Extractor, first_id: int) -> list[AidFact]:
    info = DocumentInfo(
        id=document.id or 0,
        path=document.path,
        title=document.title,
        publisher=document.publisher,
        url=document.url,
        published=document.published,
        content_hash=document.content_hash,
    )
    found = extractor.extract(document)
    return [
        AidFact(fact_id=first_id + i, record=record, document=info)
        for i, record in enumerate(found.aid)
    ]


def score_pairs(pairs: list[Pair], corpus: Path, extractor: Extractor) -> list[PairResult]:
    results = []
    for pair in pairs:
        zh = _read(corpus / pair.zh, 1)
        en = _read(corpus / pair.en, 2)
        facts = _facts(zh, extractor, 1) + _facts(en, extractor, 1000)
        records = [r for r in merge_aid(facts) if r.recipient_country == pair.country]
        results.append(_judge(pair, records))
    return results


def _judge(pair: Pair, records: list[CanonicalAid]) -> PairResult:
    both = [r for r in records if {m.document_id for m in r.members} >= {1, 2}]
    if both:
        return PairResult(pair, True, f"record {both[0].id} holds both")
    sides = {
        side: [r for r in records if any(m.document_id == number for m in r.members)]
        for side, number in (("Chinese", 1), ("English", 2))
    }
    missing = [side for side, found in sides.items() if not found]
    if missing:
        return PairResult(pair, False, f"no {pair.country} record from the {' or '.join(missing)}")
    return PairResult(
        pair,
        False,
        "two records: "
        + "; ".join(
            f"{side} {r.donor_channel} {r.mode}/{r.status} {r.date.start if r.date else '-'} "
            f"{','.join(r.items)}"
            for side, found in sides.items()
            for r in found[:1]
        ),
    )
