"""The demo corpus's hand-written gold, as the facts resolve and analysis read.

Feeding the gold aid records (not the extractor's output) through resolve and analysis checks
those two stages against the hand count in tests/gold/demo/EXPECTED.yaml on their own, whatever
the state of extraction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from chinatracker.analysis import ChannelComparison
from chinatracker.records import (
    AidDelivery,
    AidItem,
    DateSpan,
    Document,
    Donor,
    Evidence,
    Extraction,
    Money,
    Recipient,
)
from chinatracker.resolve import AidFact, CanonicalAid, DocumentInfo, Member
from chinatracker.store import facts as fact_store
from chinatracker.store.database import Store
from chinatracker.store.documents import add_documents

GOLD = Path(__file__).resolve().parents[1] / "gold" / "demo"


def document_name(raw: dict[str, Any]) -> str:
    """The EXPECTED.yaml name of a gold document: its path, or "path:N" for a JSONL line."""
    meta = raw["document"]
    return f"{meta['path']}:{meta['line']}" if meta.get("line") else str(meta["path"])


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    return dt.date(*(parts + [1] * (3 - len(parts))))  # type: ignore[arg-type]


def _date(raw: dict[str, Any] | None) -> DateSpan | None:
    if not raw:
        return None
    end = _day(raw["end"]) if raw.get("end") else None
    return DateSpan(start=_day(raw["start"]), end=end, precision=raw.get("precision", "day"))


def gold_aid(entry: dict[str, Any], document_id: int) -> AidDelivery:
    donor = entry["donor"]
    value = entry.get("value")
    return AidDelivery(
        donor=Donor(name=donor["name"], country=donor.get("country"), channel=donor["channel"]),
        recipients=tuple(Recipient(**r) for r in entry.get("recipients") or ()),
        items=tuple(
            AidItem(item=i["item"], quantity=i.get("quantity")) for i in entry.get("items") or ()
        ),
        value=Money(amount=value["amount"], currency=value["currency"]) if value else None,
        date=_date(entry.get("date")),
        mode=entry["mode"],
        status=entry["status"],
        evidence=(
            Evidence(
                document_id=document_id, start=0, end=len(entry["anchor"]), quote=entry["anchor"]
            ),
        ),
        confidence=1.0,
    )


def load_gold_aid() -> tuple[list[AidFact], dict[str, int]]:
    """Every gold aid record as an AidFact (fact ids in file order), and document ids by name."""
    facts: list[AidFact] = []
    documents: dict[str, int] = {}
    for path in sorted(GOLD.glob("*.yaml")):
        if path.name == "EXPECTED.yaml":
            continue
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = document_name(raw)
        document_id = documents.setdefault(name, len(documents) + 1)
        info = DocumentInfo(id=document_id, path=name, published=_day(raw["document"]["published"]))
        for entry in raw.get("aid") or ():
            facts.append(
                AidFact(fact_id=len(facts) + 1, record=gold_aid(entry, document_id), document=info)
            )
    return facts, documents


def load_gold_store(db: str) -> Store:
    """A store holding the gold aid records as facts of stand-in documents (one per gold file).

    Each stand-in document's text is the gold anchors of its aid records, so evidence quotes
    are real text of the demo document.
    """
    store = Store(db)
    facts, names = load_gold_aid()
    by_document: dict[int, list[AidFact]] = {}
    for fact in facts:
        by_document.setdefault(fact.document.id, []).append(fact)
    with store.transaction() as session:
        for name, number in sorted(names.items(), key=lambda kv: kv[1]):
            mine = by_document.get(number, [])
            text = "\n".join(f.record.evidence[0].quote for f in mine) or name
            digest = hashlib.sha256(f"{name}\n{text}".encode()).hexdigest()
            published = mine[0].document.published if mine else None
            document = Document(
                path=f"demo/corpus/{name}",
                format="txt",
                title=name,
                published=published,
                text=text,
                content_hash=digest,
                raw_hash=digest,
            )
            [document_id] = add_documents(session, [document])
            aid = []
            offset = 0
            for fact in mine:
                quote = fact.record.evidence[0].quote
                evidence = Evidence(
                    document_id=document_id, start=offset, end=offset + len(quote), quote=quote
                )
                aid.append(fact.record.model_copy(update={"evidence": (evidence,)}))
                offset += len(quote) + 1
            extraction = Extraction(
                document_id=document_id, extractor_version="gold", aid=tuple(aid)
            )
            outcome = fact_store.DocumentOutcome(document_id, digest, extraction=extraction)
            fact_store.save_outcomes(session, [outcome], "gold", None)
    return store


@pytest.fixture(scope="session")
def gold_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The gold aid records of the demo corpus in a SQLite store (see `load_gold_store`)."""
    store = load_gold_store(str(tmp_path_factory.mktemp("gold") / "gold.sqlite"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((GOLD / "EXPECTED.yaml").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def gold_facts() -> tuple[list[AidFact], dict[str, int]]:
    return load_gold_aid()


def canonical_record(
    record_id: str,
    channel: str,
    country: str | None,
    date: str | None = "2020-06-04",
    *,
    institution: str = "defense",
    items: tuple[str, ...] = ("masks",),
    quantities: dict[str, float] | None = None,
    mode: str = "donation",
    status: str = "delivered",
    donor_country: str = "CHN",
    reviewed: bool = False,
    confidence: float = 0.9,
    documents: tuple[int, ...] = (1,),
) -> CanonicalAid:
    """A canonical aid record as resolve would write it (only what analyses read)."""
    sources = tuple(
        DocumentInfo(id=d, path=f"doc-{d}.txt", published=dt.date(2020, 12, 31)) for d in documents
    )
    return CanonicalAid(
        id=record_id,
        donor_channel=channel,  # type: ignore[arg-type]
        donor_country=donor_country,
        recipient_country=country,
        recipient_label=country or "somewhere",
        institution_type=institution,  # type: ignore[arg-type]
        items=items,  # type: ignore[arg-type]
        quantities=quantities or {},
        date=DateSpan(start=dt.date.fromisoformat(date), precision="day") if date else None,
        mode=mode,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        members=tuple(Member(fact_id=100 + d, document_id=d) for d in documents),
        sources=sources,
        explanation="hand-built",
        confidence=confidence,
        reviewed=reviewed,
    )


@pytest.fixture
def canonical() -> Callable[..., CanonicalAid]:
    return canonical_record


# The hand count of `analyse compare --channels military,government,private` on the demo corpus,
# written from tests/gold/demo/EXPECTED.yaml (recipient countries per channel) and, for the
# shares, from the reference tables by hand: developing per countries.csv (the six European
# countries the PLA reached are the military's developed ones; Italy and Serbia the
# government's; Italy, Japan, the Netherlands and the US the private sector's), and Belt and
# Road membership on the date of the gift (Argentina signed on 2022-02-06, the DR Congo on
# 2021-01-06 and Burkina Faso in 2021, all after their 2020 gifts; Japan, the Netherlands and
# the US never signed).
def codes(text: str) -> list[str]:
    return text.split()


HAND_COUNT: dict[str, dict[str, Any]] = {
    "military": {
        "countries": codes(
            "AFG AGO ARG BGD BGR BLR BRN CMR COD COG EGY ETH GNQ HUN IDN KGZ KHM LAO LKA MAR MKD "
            "MMR MNG MOZ MYS NPL PAK PHL RUS RWA SAU SLE SRB THA TJK TLS TTO TUN TZA UZB ZMB ZWE"
        ),
        "developing": 36,
        "developed": codes("BGR BLR HUN MKD RUS SRB"),
        "bri": 40,
        "non_bri": codes("ARG COD"),
        "share_defense": 1.0,
        "only": codes(
            "AFG AGO ARG BGD BGR BLR BRN CMR COD COG EGY GNQ HUN IDN KGZ LAO LKA MAR MKD MMR MNG "
            "MOZ NPL RUS SAU SLE THA TJK TLS TTO TUN TZA UZB ZMB"
        ),
    },
    "government": {
        "countries": codes("BFA CIV ETH IRN IRQ ITA KHM KOR PAK PHL RWA SRB"),
        "developing": 10,
        "developed": codes("ITA SRB"),
        "bri": 11,
        "non_bri": codes("BFA"),
        "share_defense": 0.0,
        "only": codes("BFA CIV IRN IRQ KOR"),
    },
    "private": {
        "countries": codes("ITA JPN KHM MYS NLD PAK USA ZWE"),
        "developing": 4,
        "developed": codes("ITA JPN NLD USA"),
        "bri": 5,
        "non_bri": codes("JPN NLD USA"),
        "share_defense": 0.0,
        "only": codes("JPN NLD USA"),
    },
}
HAND_OVERLAPS = {
    ("military", "government"): codes("ETH KHM PAK PHL RWA SRB"),
    ("military", "private"): codes("KHM MYS PAK ZWE"),
    ("government", "private"): codes("ITA KHM PAK"),
}
HAND_COMMON = codes("KHM PAK")


@dataclass(frozen=True)
class HandCount:
    """The hand count, and what a comparison gets wrong against it, in words."""

    channels: tuple[str, ...] = ("military", "government", "private")

    @staticmethod
    def figures(channel: str) -> dict[str, Any]:
        return HAND_COUNT[channel]

    @staticmethod
    def differences(comparison: ChannelComparison, channel: str) -> list[str]:
        """Empty when the comparison matches the hand count for this channel."""
        want = HAND_COUNT[channel]
        got = comparison.summary(channel)
        problems = []
        missing = sorted(set(want["countries"]) - set(got.countries))
        extra = sorted(set(got.countries) - set(want["countries"]))
        if missing or extra:
            problems.append(f"{channel}: missing {missing or '-'}, extra {extra or '-'}")
        for name in ("developing", "bri"):
            if len(getattr(got, name)) != want[name]:
                problems.append(f"{channel}: {name} {len(getattr(got, name))} != {want[name]}")
        for name in ("developed", "non_bri", "only"):
            if list(getattr(got, name)) != want[name]:
                problems.append(f"{channel}: {name} {list(getattr(got, name))} != {want[name]}")
        if got.share_defense != want["share_defense"]:
            problems.append(
                f"{channel}: share_defense {got.share_defense} != {want['share_defense']}"
            )
        return problems

    @staticmethod
    def overlap_differences(comparison: ChannelComparison) -> list[str]:
        problems = []
        for (a, b), want in HAND_OVERLAPS.items():
            got = list(comparison.overlap(a, b))
            if got != want:
                problems.append(f"{a} & {b}: {got} != {want}")
        if list(comparison.common) != HAND_COMMON:
            problems.append(f"reached by all: {list(comparison.common)} != {HAND_COMMON}")
        return problems


@pytest.fixture(scope="session")
def hand_count() -> HandCount:
    return HandCount()
