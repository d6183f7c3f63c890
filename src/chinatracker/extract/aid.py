"""Aid deliveries: who gave what to whom, how much, when, and on what terms.

A sentence is an aid delivery when it has a giving (or selling, pledging, lending) cue and an aid
object (a medical item, or money given). The donor is the Chinese actor in subject position or
after "by"/"from"; for aid *to* China, the foreign country giving it. Recipients are the other
countries, places and international bodies of the sentence, except transit points ("landed at
Liège Airport" on the way to Italy) and places of origin. A sentence that only adds detail to
the delivery before it (items, recipients: "The recipients are ...") extends that record instead
of creating another; restatements of the same delivery in one document are merged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

import yaml

from chinatracker.extract.institutions import institution_near
from chinatracker.extract.items import ItemMention, find_items, quantity_for
from chinatracker.reference import Reference
from chinatracker.records import (
    AidDelivery,
    AidItem,
    Channel,
    DateSpan,
    Donor,
    Evidence,
    Mention,
    Mode,
    Money,
    Recipient,
    Status,
)

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis, SentenceView

CHINA = "CHN"
# Generic China mentions give way to named actors when both are in the sentence.
GENERIC_CHINA_ACTORS = frozenset({"prc-government"})
CHANNEL_PRIORITY = {
    "military": 6,
    "private": 5,
    "soe": 5,
    "diaspora": 5,
    "government": 4,
    "subnational": 3,
}
# How far (characters) a "via"/"hub" cue may be from a place for it to be a transit point.
TRANSIT_WINDOW = 30


@dataclass(frozen=True)
class Cues:
    give: re.Pattern[str]
    sale: re.Pattern[str]
    pledge: re.Pattern[str]
    loan: re.Pattern[str]
    shipped: re.Pattern[str]
    delivered: re.Pattern[str]
    transit: re.Pattern[str]
    destination: re.Pattern[str]
    recipient_list: re.Pattern[str]


@cache
def cues() -> Cues:
    raw = yaml.safe_load((files("chinatracker.extract") / "data" / "aid_cues.yaml").read_text("utf-8"))

    def compile_(name: str) -> re.Pattern[str]:
        alternatives = "|".join(f"(?:{p})" for p in raw[name])
        if name == "recipient_list":
            return re.compile(alternatives, re.IGNORECASE)
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    return Cues(**{name: compile_(name) for name in Cues.__dataclass_fields__})


@dataclass
class Draft:
    """An aid record being assembled from one or more sentences."""

    donor: Donor
    donor_span: tuple[int, int]
    recipients: list[Recipient]
    items: list[AidItem]
    value: Money | None
    date: DateSpan | None
    mode: Mode
    status: Status
    sentences: list[SentenceView] = field(default_factory=list)
    explicit_donor: bool = True

    def recipient_countries(self) -> set[str]:
        return {r.country for r in self.recipients if r.country}

    def to_record(self) -> AidDelivery:
        evidence = tuple(
            Evidence(start=s.start, end=s.end, quote=s.text) for s in self.sentences
        )
        confidence = 0.4
        confidence += 0.2 if self.explicit_donor else 0.0
        confidence += 0.15 if self.recipient_countries() else 0.05 if self.recipients else 0.0
        confidence += 0.1 if self.items else 0.0
        confidence += 0.05 if any(i.quantity for i in self.items) or self.value else 0.0
        confidence += 0.05 if self.date else 0.0
        return AidDelivery(
            donor=self.donor,
            recipients=tuple(self.recipients),
            items=tuple(self.items),
            value=self.value,
            date=self.date,
            mode=self.mode,
            status=self.status,
            evidence=evidence,
            confidence=round(min(confidence, 0.95), 2),
        )


# Donors --------------------------------------------------------------------------------------


def channel_of(mention: Mention, reference: Reference) -> Channel | None:
    """The donor channel of a Chinese mention; None for anything not Chinese."""
    if mention.actor_id:
        actor = reference.actors.actor(mention.actor_id)
        if actor is not None and actor.country == CHINA:
            channel = reference.actors.channel_of(actor.id)
            if channel:
                return channel  # type: ignore[return-value]
    if mention.country == CHINA and mention.type == "country":
        return "government"
    return None


def _chinese_donors(view: SentenceView, reference: Reference) -> list[tuple[Mention, Channel]]:
    found = []
    for mention in view.mentions:
        channel = channel_of(mention, reference)
        if channel is not None:
            found.append((mention, channel))
    return found


def pick_donor(view: SentenceView, trigger: int, reference: Reference) -> tuple[Mention, Channel] | None:
    """The Chinese donor: after "by"/"from" a giving word, else the most specific actor in
    subject position (before the cue), else any Chinese actor of the sentence."""
    candidates = _chinese_donors(view, reference)
    if not candidates:
        return None
    text = view.sentence.text
    agent = [
        (m, c)
        for m, c in candidates
        if re.search(r"\b(?:by|from)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$", text[: m.start - view.start], re.IGNORECASE)
        and m.start > trigger
        and not _is_origin_place(m, text, view.start)
    ]
    before = [(m, c) for m, c in candidates if m.start < trigger]
    pool = agent or before or candidates
    return max(pool, key=lambda mc: (_specificity(mc[0], mc[1]), -abs(mc[0].start - trigger)))


def _specificity(mention: Mention, channel: str) -> int:
    generic = mention.actor_id in GENERIC_CHINA_ACTORS or mention.type == "country"
    return CHANNEL_PRIORITY.get(channel, 1) - (3 if generic else 0)


def _is_origin_place(mention: Mention, text: str, offset: int) -> bool:
    """ "a flight from Hangzhou": a city named as the starting point is not the giver."""
    head = text[max(0, mention.start - offset - 25) : mention.start - offset].lower()
    return mention.type != "organization" and bool(re.search(r"\b(?:flights?|planes?|left|departed)\b.*\bfrom\s+$", head))


def donor_name(mention: Mention, reference: Reference) -> str:
    if mention.actor_id:
        actor = reference.actors.actor(mention.actor_id)
        if actor is not None:
            return actor.name
    if mention.country == CHINA:
        return "Government of the People's Republic of China"
    return mention.canonical


# Recipients ----------------------------------------------------------------------------------


def _is_transit(mention: Mention, view: SentenceView, c: Cues) -> bool:
    """A place the goods pass through: "via Addis Ababa", "landed at Liège Airport" (when the
    sentence also names where the goods are going)."""
    text = view.sentence.text
    local_start, local_end = mention.start - view.start, mention.end - view.start
    before = text[max(0, local_start - TRANSIT_WINDOW) : local_start].lower()
    after = text[local_end : local_end + TRANSIT_WINDOW].lower()
    if re.search(r"\b(?:via|through|by way of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", before):
        return True
    at_hub = re.match(r"^\s*(?:'s\s+)?(?:airport|hub|logistics|port\b|warehouse)", after) or re.search(
        r"\b(?:hub|airport)\s+(?:in|of|at)\s+$", before
    )
    return bool(at_hub) and bool(c.destination.search(view.lower) or "hub" in view.lower)


def _recipient_mentions(view: SentenceView, donor: Mention | None, c: Cues, reference: Reference) -> list[Mention]:
    found = []
    for mention in view.mentions:
        if donor is not None and mention.start >= donor.start and mention.end <= donor.end:
            continue
        if mention.type in ("country", "place"):
            if mention.country is None or mention.country == CHINA:
                continue
            if _is_transit(mention, view, c):
                continue
            found.append(mention)
        elif mention.type == "organization" and mention.actor_id:
            actor = reference.actors.actor(mention.actor_id)
            if actor is not None and actor.institution_type == "international_org" and actor.country is None:
                found.append(mention)
    return found


def build_recipients(mentions: list[Mention], view: SentenceView, reference: Reference) -> list[Recipient]:
    recipients: list[Recipient] = []
    seen: set[tuple[str | None, str | None]] = set()
    for mention in mentions:
        if mention.type == "organization":
            key = (None, mention.canonical)
            if key not in seen:
                seen.add(key)
                recipients.append(
                    Recipient(country=None, name=mention.canonical, institution_type="international_org")
                )
            continue
        institution = institution_near(view.sentence.text, mention.start - view.start, mention.end - view.start, reference)
        key = (mention.country, None)
        if key in seen:
            continue
        seen.add(key)
        recipients.append(
            Recipient(
                country=mention.country,
                name=institution[0] if institution else None,
                institution_type=institution[1] if institution else "unknown",  # type: ignore[arg-type]
            )
        )
    return recipients


_COUNT_OF_COUNTRIES = re.compile(r"\b(\d[\d,]*|[a-z-]+)\s+(?:other\s+|more\s+|different\s+)?(countries|nations|militaries|armies)\b", re.IGNORECASE)


def aggregate_recipient(view: SentenceView, reference: Reference) -> Recipient | None:
    """ "to the armed forces of 46 countries": a count of recipients without their names."""
    match = _COUNT_OF_COUNTRIES.search(view.sentence.flat)
    if not match:
        return None
    institution = institution_near(view.sentence.text, match.start(), match.end(), reference)
    return Recipient(
        country=None,
        name=(institution[0] if institution else match.group(0)),
        institution_type=institution[1] if institution else "unknown",  # type: ignore[arg-type]
    )


# Items, terms, dates -------------------------------------------------------------------------


def build_items(view: SentenceView, items: list[ItemMention]) -> list[AidItem]:
    built: dict[str, AidItem] = {}
    for mention in items:
        quantity = quantity_for(mention, view.quantities)
        value = quantity.value if quantity else None
        current = built.get(mention.item)
        if current is None or (current.quantity is None and value is not None):
            built[mention.item] = AidItem(
                item=mention.item,
                quantity=value,
                unit=quantity.unit if quantity else None,
                text=quantity.text if quantity else mention.text,
            )
    if len(built) > 1 and "other" in built and built["other"].quantity is None:
        del built["other"]  # "medical supplies including masks": the generic word adds nothing
    return list(built.values())


def money_value(view: SentenceView) -> Money | None:
    for quantity in view.quantities:
        if quantity.currency:
            return Money(amount=quantity.value, currency=quantity.currency)
    return None


def terms(view: SentenceView, c: Cues) -> tuple[Mode, Status]:
    text = view.lower
    if c.pledge.search(text):
        return "pledge", "pledged"
    if c.loan.search(text):
        mode: Mode = "loan"
    elif c.sale.search(text) and not re.search(r"\bdonat", text):
        mode = "sale"
    else:
        mode = "donation"
    if c.shipped.search(text) and not re.search(r"\b(?:arrived|landed|received|handed over|delivered)\b", text):
        return mode, "shipped"
    if mode == "sale" and re.search(r"\b(?:contract|ordered|agreed to buy|deal)\b", text) and not c.delivered.search(text):
        return mode, "pledged"
    return mode, "delivered"


def first_date(view: SentenceView) -> DateSpan | None:
    for found in view.dates:
        if found.kind != "year" or not view.dates[1:]:
            return found.span
    return view.dates[0].span if view.dates else None


# Sentences -----------------------------------------------------------------------------------


def find_aid(analysis: Analysis) -> list[AidDelivery]:
    reference = Reference.load()
    c = cues()
    drafts: list[Draft] = []
    previous: Draft | None = None
    for view in analysis.sentences:
        if previous is not None and previous.sentences[-1].sentence.paragraph != view.sentence.paragraph:
            previous = None
        if previous is not None and c.recipient_list.search(view.sentence.flat.strip()):
            _extend_recipients(previous, view, c, reference)
            continue
        draft = sentence_aid(view, c, reference)
        if draft is None:
            continue
        if not draft.explicit_donor and previous is not None:
            _extend(previous, draft, view)
            continue
        if draft.explicit_donor:
            drafts.append(draft)
            previous = draft
    return [d.to_record() for d in merge_restatements(drafts)]


def sentence_aid(view: SentenceView, c: Cues, reference: Reference) -> Draft | None:
    text = view.sentence.text
    give = c.give.search(text) or c.sale.search(text) or c.pledge.search(text)
    if give is None:
        return None
    items = find_items(text)
    money = money_value(view)
    gives_money = money is not None and re.search(r"\b(?:donat|gave|give|handed|pledg|contribut|provid|grant)", view.lower)
    if not items and not gives_money:
        return None
    trigger = view.start + give.start()
    donor = pick_donor(view, trigger, reference)
    mode, status = terms(view, c)
    if donor is None:
        return _aid_to_china(view, items, money, mode, status, c, reference) or _implicit(view, items, money, mode, status, c, reference)
    mention, channel = donor
    recipients = build_recipients(_recipient_mentions(view, mention, c, reference), view, reference)
    if not recipients:
        aggregate = aggregate_recipient(view, reference)
        if aggregate is not None:
            recipients = [aggregate]
    if not recipients:
        return None
    aid_items = build_items(view, _shifted(items, view.start))
    if gives_money and not any(i.item == "funds" for i in aid_items):
        aid_items.append(AidItem(item="funds", quantity=None, text=""))
    return Draft(
        donor=Donor(name=donor_name(mention, reference), country=CHINA, channel=channel),
        donor_span=(mention.start, mention.end),
        recipients=recipients,
        items=aid_items,
        value=money,
        date=first_date(view),
        mode=mode,
        status=status,
        sentences=[view],
    )


def _shifted(items: list[ItemMention], offset: int) -> list[ItemMention]:
    return [ItemMention(i.item, i.start + offset, i.end + offset, i.text) for i in items]


def _aid_to_china(
    view: SentenceView,
    items: list[ItemMention],
    money: Money | None,
    mode: Mode,
    status: Status,
    c: Cues,
    reference: Reference,
) -> Draft | None:
    """Aid given *to* China: the donor is the foreign country, the recipient China."""
    china = [m for m in view.mentions if m.country == CHINA and m.type in ("country", "place")]
    foreign = [m for m in view.mentions if m.type == "country" and m.country and m.country != CHINA]
    if not china or not foreign or foreign[0].start > china[0].start:
        return None
    donor = foreign[0]
    return Draft(
        donor=Donor(name=donor.canonical, country=donor.country, channel="government"),
        donor_span=(donor.start, donor.end),
        recipients=[Recipient(country=CHINA, name=china[0].canonical if china[0].type == "place" else None)],
        items=build_items(view, _shifted(items, view.start)),
        value=money,
        date=first_date(view),
        mode=mode,
        status=status,
        sentences=[view],
    )


def _implicit(
    view: SentenceView,
    items: list[ItemMention],
    money: Money | None,
    mode: Mode,
    status: Status,
    c: Cues,
    reference: Reference,
) -> Draft | None:
    """A sentence that names the goods but not the giver: it may continue the previous record."""
    recipients = build_recipients(_recipient_mentions(view, None, c, reference), view, reference)
    return Draft(
        donor=Donor(name="", country=None, channel="unknown"),
        donor_span=(0, 0),
        recipients=recipients,
        items=build_items(view, _shifted(items, view.start)),
        value=money,
        date=first_date(view),
        mode=mode,
        status=status,
        sentences=[view],
        explicit_donor=False,
    )


def _extend(previous: Draft, addition: Draft, view: SentenceView) -> None:
    previous.sentences.append(view)
    known = {i.item: n for n, i in enumerate(previous.items)}
    for item in addition.items:
        if item.item not in known:
            previous.items.append(item)
        elif item.quantity is not None and previous.items[known[item.item]].quantity is None:
            previous.items[known[item.item]] = item
    have = previous.recipient_countries()
    previous.recipients += [r for r in addition.recipients if r.country and r.country not in have]
    previous.date = previous.date or addition.date
    previous.value = previous.value or addition.value


def _extend_recipients(previous: Draft, view: SentenceView, c: Cues, reference: Reference) -> None:
    """ "The recipients are Ethiopia, Mozambique, ...": countries named for the record before."""
    recipients = build_recipients(_recipient_mentions(view, None, c, reference), view, reference)
    named = [r for r in recipients if r.country]
    if not named:
        return
    template = next((r for r in previous.recipients if r.country is None), None)
    have = previous.recipient_countries()
    kept = [r for r in previous.recipients if r.country is not None]
    for r in named:
        if r.country not in have:
            kept.append(
                Recipient(
                    country=r.country,
                    name=r.name or (template.name if template else None),
                    institution_type=r.institution_type if r.institution_type != "unknown" or template is None else template.institution_type,
                )
            )
    previous.recipients = kept
    previous.sentences.append(view)


def merge_restatements(drafts: Sequence[Draft]) -> list[Draft]:
    """One record per delivery: a later sentence with the same donor channel, recipients and
    terms restates an earlier one (a summary, a headline repeated in the body)."""
    kept: list[Draft] = []
    for draft in drafts:
        same = next(
            (
                k
                for k in kept
                if k.donor.channel == draft.donor.channel
                and k.mode == draft.mode
                and k.recipient_countries() == draft.recipient_countries()
                and {r.name for r in k.recipients if not r.country} == {r.name for r in draft.recipients if not r.country}
                and _compatible_items(k, draft)
            ),
            None,
        )
        if same is None:
            kept.append(draft)
        else:
            _extend(same, draft, draft.sentences[0])
    return kept


def _compatible_items(a: Draft, b: Draft) -> bool:
    quantities_a = {i.item: i.quantity for i in a.items if i.quantity is not None}
    return all(quantities_a.get(i.item, i.quantity) == i.quantity for i in b.items if i.quantity is not None)
