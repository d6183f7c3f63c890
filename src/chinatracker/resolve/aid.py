"""Merging aid facts from many documents into canonical, per-recipient-country records.

Policy (docs/resolve.md has the long form):

- **One canonical record per delivery and recipient country.** A fact naming 20 recipient
  countries (one PLA airlift) contributes a report to 20 records; a story about the handover in
  Zimbabwe joins the record for Zimbabwe. Counting countries then counts each once, and the
  Zimbabwe record lists both the airlift story and the handover story. Recipients without a
  country (the WHO, "Africa", "46 countries") make records keyed by their name.
- **Quantities and values belong to the recipient they were given for.** A figure of a fact
  with several recipient countries is a total for the batch and is not copied to each country;
  the fact's items are.
- **Same delivery** = same recipient, same terms (donation or pledge, sale, loan) and stage
  (promised vs shipped/delivered), same donor channel (an "unknown" channel matches any) and
  donor country, items that overlap (or one side says only "supplies"), and dates that fit
  (see `resolve.clustering`: day-precise dates at most `window_days` apart; a month-only or
  undated report joins only the one record it fits). Two reports of one document never merge,
  and a report that goods have arrived never joins a delivery that began after it was published.
- Facts are normalised first: recipient countries from codes or names ("Republic of Korea" and
  "South Korea" are both KOR), donor channels and institution types from the actor registry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import get_args

from chinatracker.records import AidDelivery, Donor, Item, Money, Recipient
from chinatracker.reference import Reference
from chinatracker.reference.names import name_key
from chinatracker.resolve import countries
from chinatracker.resolve.actors import ActorResolver
from chinatracker.resolve.clustering import Cluster, Compatible, Report, cluster_reports
from chinatracker.resolve.dates import interval, span_text
from chinatracker.resolve.fields import choose, choose_date, choose_number
from chinatracker.resolve.identity import stable_ids
from chinatracker.resolve.items import item_relations
from chinatracker.resolve.quality import independent_sources, mark_official, quality_score
from chinatracker.resolve.records import (
    AidFact,
    CanonicalAid,
    ConflictValue,
    DocumentInfo,
    LinkConstraint,
    Member,
    MergePolicy,
)

ITEM_ORDER = {item: i for i, item in enumerate(get_args(Item))}
STATUS_ORDER = {"pledged": 0, "shipped": 1, "delivered": 2}
REVIEWED = ("accepted", "corrected")


@dataclass(frozen=True)
class AidPart:
    """What one aid fact says about one recipient (a country, or a named body without one)."""

    fact: AidFact
    recipient_key: str
    country: str | None
    label: str
    recipients: tuple[Recipient, ...]
    items: tuple[str, ...]
    quantities: dict[str, float]
    value: Money | None
    batch_countries: int
    # Copied out of the record once: matching reads them for every candidate pair.
    channel: str
    donor_country: str | None
    donor_name: str
    specific: frozenset[str]
    widened: frozenset[str]

    @property
    def record(self) -> AidDelivery:
        return self.fact.record

    @property
    def terms(self) -> str:
        """donation, sale or loan: a pledge is a promised donation."""
        mode = self.record.mode
        return "donation" if mode == "pledge" else mode

    @property
    def stage(self) -> str:
        record = self.record
        return "pledged" if record.mode == "pledge" or record.status == "pledged" else "transfer"


def normalise_aid(
    record: AidDelivery, reference: Reference, actors: ActorResolver | None = None
) -> AidDelivery:
    """Fill countries, donor channel and institution types the extractor left open."""
    actors = actors or ActorResolver(reference)
    donor = record.donor
    recipients = tuple(
        r.model_copy(
            update={
                "country": countries.recipient_country(r.country, r.name, r.region, reference),
                "institution_type": actors.institution_type(r.institution_type, r.name),
            }
        )
        for r in record.recipients
    )
    return record.model_copy(
        update={
            "donor": Donor(
                name=donor.name,
                country=actors.country(donor.country, donor.name),
                channel=actors.channel(donor.channel, donor.name),
            ),
            "recipients": recipients,
        }
    )


def _recipient_label(recipient: Recipient) -> str:
    return recipient.name or recipient.region or "unspecified recipient"


def split_by_recipient(fact: AidFact) -> list[AidPart]:
    """One part per recipient country (and per named recipient without a country)."""
    record = fact.record
    groups: dict[str, list[Recipient]] = defaultdict(list)
    for recipient in record.recipients or (Recipient(country=None),):
        key = recipient.country or "name:" + name_key(_recipient_label(recipient))
        groups[key].append(recipient)
    batch = len({r.country for r in record.recipients if r.country})
    items = tuple(dict.fromkeys(i.item for i in record.items))
    alone = len(groups) == 1
    quantities: dict[str, float] = {}
    if alone:
        for item in record.items:
            if item.quantity is not None:
                quantities[item.item] = quantities.get(item.item, 0.0) + item.quantity
    relations = item_relations()
    specific = relations.specific(items)
    widened = relations.widen(items)
    parts = []
    for key, recipients in groups.items():
        country = recipients[0].country
        parts.append(
            AidPart(
                fact=fact,
                recipient_key=key,
                country=country,
                label=country or _recipient_label(recipients[0]),
                recipients=tuple(recipients),
                items=items,
                quantities=quantities,
                value=record.value if alone else None,
                batch_countries=max(batch, 1),
                channel=record.donor.channel,
                donor_country=record.donor.country,
                donor_name=record.donor.name,
                specific=specific,
                widened=widened,
            )
        )
    return parts


@lru_cache(maxsize=4096)
def _shared_text(shared: frozenset[str]) -> str:
    if not shared:
        return "items unspecified"
    return f"shared items ({', '.join(sorted(shared, key=ITEM_ORDER.__getitem__))})"


def _compatible(policy: MergePolicy, actors: ActorResolver) -> Compatible[AidPart]:
    wildcard = policy.unknown_channel_matches

    def compatible(a: Report[AidPart], b: Report[AidPart]) -> tuple[str, int] | None:
        pa, pb = a.payload, b.payload
        if pa.channel != pb.channel and not (
            wildcard and (pa.channel == "unknown" or pb.channel == "unknown")
        ):
            return None
        if pa.donor_country and pb.donor_country and pa.donor_country != pb.donor_country:
            return None
        if _told_before(a, b) or _told_before(b, a):
            return None
        shared: frozenset[str] = frozenset()
        if pa.specific and pb.specific:
            shared = (pa.specific & pb.widened) | (pb.specific & pa.widened)
            if not shared:
                return None
        if pa.donor_name != pb.donor_name and actors.distinct_donors(pa.donor_name, pb.donor_name):
            return None
        return _shared_text(shared), len(shared)

    return compatible


# A report is dated by its publisher's clock: a delivery dated a day after it is still the same.
REPORT_GRACE = dt.timedelta(days=1)


def _told_before(a: Report[AidPart], b: Report[AidPart]) -> bool:
    """Whether `a` tells of a delivery already made, in a document published before `b`'s
    delivery began: a report cannot tell of a delivery that had not happened yet, so the two are
    different consignments (an undated "first batch has arrived" of February is not December's
    fifth batch, however alike the goods)."""
    published = a.payload.fact.document.published
    if published is None or b.when is None or a.payload.stage != "transfer":
        return False
    return a.payload.record.status == "delivered" and b.when.start > published + REPORT_GRACE


def _report(part: AidPart) -> Report[AidPart]:
    date = part.record.date
    return Report(
        fact_id=part.fact.fact_id,
        document_id=part.fact.document.id,
        when=interval(date),
        precision=date.precision if date else None,
        payload=part,
    )


Pairs = dict[tuple[int, int], LinkConstraint]


def _constraints_by_country(
    constraints: Iterable[LinkConstraint],
) -> dict[str | None, tuple[Pairs, Pairs]]:
    """must and cannot pairs per recipient country; None holds those for every recipient."""
    found: dict[str | None, tuple[Pairs, Pairs]] = defaultdict(lambda: ({}, {}))
    for rule in constraints:
        must, cannot = found[rule.country.upper() if rule.country else None]
        (must if rule.kind == "must_link" else cannot)[rule.pair()] = rule
    return found


def _constraints(
    by_country: dict[str | None, tuple[Pairs, Pairs]], country: str | None
) -> tuple[Pairs, Pairs]:
    everywhere = by_country.get(None, ({}, {}))
    here = by_country.get(country, ({}, {})) if country else ({}, {})
    return {**everywhere[0], **here[0]}, {**everywhere[1], **here[1]}


def merge_aid(
    facts: Sequence[AidFact],
    constraints: Sequence[LinkConstraint] = (),
    *,
    policy: MergePolicy | None = None,
    reference: Reference | None = None,
) -> list[CanonicalAid]:
    """Canonical aid records from facts and analysts' link constraints; deterministic.

    Rejected facts must be left out by the caller (the store loader does); the result is in a
    stable order (recipient, channel, date, id) and does not depend on the order of `facts`.
    """
    policy = policy or MergePolicy()
    reference = reference or Reference.load()
    actors = ActorResolver(reference)
    blocks: dict[tuple[str, str, str], list[Report[AidPart]]] = defaultdict(list)
    for fact in mark_official(sorted(facts, key=lambda f: f.fact_id)):
        record = normalise_aid(fact.record, reference, actors)
        normal = fact.model_copy(update={"record": record})
        for part in split_by_recipient(normal):
            blocks[(part.recipient_key, part.terms, part.stage)].append(_report(part))
    compatible = _compatible(policy, actors)
    by_country = _constraints_by_country(constraints)
    clusters: list[Cluster[AidPart]] = []
    for key in sorted(blocks):
        country = None if key[0].startswith("name:") else key[0]
        must, cannot = _constraints(by_country, country)
        clusters += cluster_reports(
            blocks[key],
            compatible,
            window_days=policy.window_days,
            must=must,
            cannot=cannot,
        )
    drafts = [_canonical(cluster, policy, reference) for cluster in clusters]
    ids = stable_ids([(_identity(d), min(d.fact_ids)) for d in drafts])
    records = [
        CanonicalAid.model_validate({**d.__dict__, "id": i})
        for d, i in zip(drafts, ids, strict=True)
    ]
    return sorted(records, key=_order)


def _order(record: CanonicalAid) -> tuple[str, str, str, str]:
    date = record.date.start.isoformat() if record.date else "9999"
    return (
        record.recipient_country or "~" + record.recipient_label,
        record.donor_channel,
        date,
        record.id,
    )


def _identity(record: CanonicalAid) -> str:
    sources = sorted(d.content_hash or f"doc{d.id}" for d in record.sources)
    return "|".join(
        [
            "aid",
            record.donor_channel,
            record.donor_country or "",
            record.recipient_country or "name:" + name_key(record.recipient_label),
            record.mode,
            record.date.start.isoformat() if record.date else "",
            ",".join(sources),
        ]
    )


def _sources(parts: Sequence[AidPart]) -> tuple[DocumentInfo, ...]:
    documents = {p.fact.document.id: p.fact.document for p in parts}
    return tuple(sorted(documents.values(), key=lambda d: (d.published is None, d.published, d.id)))


def _canonical(
    cluster: Cluster[AidPart], policy: MergePolicy, reference: Reference
) -> CanonicalAid:
    parts = [r.payload for r in cluster.reports]
    first = parts[0]
    conflicts: dict[str, tuple[ConflictValue, ...]] = {}

    def field(name: str, values: list[tuple[str, int]], default: str) -> str:
        chosen, conflict = choose(values)
        if conflict:
            conflicts[name] = conflict
        return chosen if chosen is not None else default

    channel = field(
        "donor_channel",
        [
            (p.record.donor.channel, p.fact.fact_id)
            for p in parts
            if p.record.donor.channel != "unknown"
        ],
        "unknown",
    )
    donor_country = field(
        "donor_country",
        [(p.record.donor.country, p.fact.fact_id) for p in parts if p.record.donor.country],
        "",
    )
    institution = field(
        "institution_type",
        [
            (r.institution_type, p.fact.fact_id)
            for p in parts
            for r in p.recipients
            if r.institution_type != "unknown"
        ],
        "unknown",
    )
    quantities: dict[str, float] = {}
    for item in sorted({i for p in parts for i in p.quantities}, key=ITEM_ORDER.__getitem__):
        value, conflict = choose_number(
            [(p.quantities[item], p.fact.fact_id) for p in parts if item in p.quantities],
            policy.quantity_tolerance,
        )
        if value is not None:
            quantities[item] = value
        if conflict:
            conflicts[f"quantity.{item}"] = conflict
    value_amount, value_currency = _value(parts, policy, conflicts)
    date, date_conflict = choose_date(
        [(p.record.date, p.fact.fact_id) for p in parts if p.record.date is not None]
    )
    if date_conflict:
        conflicts["date"] = date_conflict
    items = tuple(sorted({i for p in parts for i in p.items}, key=ITEM_ORDER.__getitem__))
    status = max((p.record.status for p in parts), key=STATUS_ORDER.__getitem__)
    modes = {p.record.mode for p in parts}
    mode = (
        modes.pop() if len(modes) == 1 else ("pledge" if first.stage == "pledged" else first.terms)
    )
    sources = _sources(parts)
    country = first.country
    known = reference.country(country) if country else None
    members = tuple(
        Member(
            fact_id=p.fact.fact_id,
            document_id=p.fact.document.id,
            confidence=p.record.confidence,
            review_status=p.fact.review_status,
        )
        for p in parts
    )
    complete = [
        country is not None,
        institution != "unknown",
        bool(item_relations().specific(items)),
        bool(quantities) or value_amount is not None,
        date is not None and date.precision == "day",
    ]
    # Built unvalidated for the explanation; merge_aid validates the final record once.
    record = CanonicalAid.model_construct(
        id="",
        donor_channel=channel,  # type: ignore[arg-type]
        donor_country=donor_country or None,
        donor_names=tuple(dict.fromkeys(p.record.donor.name for p in parts)),
        recipient_country=country,
        recipient_label=known.name if known else first.label,
        recipient_names=tuple(dict.fromkeys(r.name for p in parts for r in p.recipients if r.name)),
        institution_type=institution,  # type: ignore[arg-type]
        items=items,  # type: ignore[arg-type]
        quantities=quantities,
        value_amount=value_amount,
        value_currency=value_currency,
        date=date,
        mode=mode,  # type: ignore[arg-type]
        status=status,
        batch_countries=max(p.batch_countries for p in parts),
        members=members,
        sources=sources,
        explanation="",
        conflicts=conflicts,
        corroboration=independent_sources(sources),
        quality=quality_score(sources, complete, conflicts=bool(conflicts)),
        confidence=max(p.record.confidence for p in parts),
        reviewed=any(p.fact.review_status in REVIEWED for p in parts),
    )
    return record.model_construct(**{**record.__dict__, "explanation": explain(record, cluster)})


def _value(
    parts: Sequence[AidPart], policy: MergePolicy, conflicts: dict[str, tuple[ConflictValue, ...]]
) -> tuple[float | None, str | None]:
    by_currency: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for p in parts:
        if p.value is not None:
            by_currency[p.value.currency].append((p.value.amount, p.fact.fact_id))
    if not by_currency:
        return None, None
    currency = sorted(by_currency, key=lambda c: (-len(by_currency[c]), c))[0]
    amount, conflict = choose_number(by_currency[currency], policy.quantity_tolerance)
    if len(by_currency) > 1:
        conflict = tuple(
            ConflictValue(value=f"{a:g} {c}", fact_ids=(f,))
            for c in sorted(by_currency)
            for a, f in by_currency[c]
        )
    if conflict:
        conflicts["value"] = conflict
    return amount, currency


def explain(record: CanonicalAid, cluster: Cluster[AidPart]) -> str:
    """One readable paragraph: what the record is, why its reports were merged, what was not."""
    first = cluster.reports[0].payload
    stage = "promised" if first.stage == "pledged" else "shipped or delivered"
    what = (
        f"{first.terms} ({stage}) from the {record.donor_channel} channel to "
        f"{record.recipient_label}"
        + (f" ({record.recipient_country})" if record.recipient_country else "")
    )
    if len(cluster.reports) == 1:
        report = cluster.reports[0]
        text = (
            f"One report: fact {report.fact_id} in {report.payload.fact.document.label}, "
            f"{what}, {span_text(report.payload.record.date)}."
        )
    else:
        text = (
            f"Merged {len(cluster.reports)} reports from {len(record.sources)} documents because "
            f"they describe the same {what}: " + "; ".join(cluster.links) + "."
        )
    if record.batch_countries > 1:
        text += f" Part of a delivery to {record.batch_countries} countries."
    if record.conflicts:
        text += " Sources disagree on " + ", ".join(sorted(record.conflicts)) + "."
    if cluster.notes:
        text += " " + " ".join(n[0].upper() + n[1:] + "." for n in cluster.notes)
    return text
