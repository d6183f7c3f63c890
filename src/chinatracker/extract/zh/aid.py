"""Aid deliveries in Chinese text: who gave what to whom, from the frames of the annotation
guide (docs/annotation.md, "Chinese documents").

- **Frame.** A sentence with a giving word (提供, 捐赠, 援助, 交付, 运抵, 交接 …, `data/zh/
  aid_cues.yaml`) and something given (an item word, or a figure of one) is a delivery.
- **Donor.** The first Chinese actor before the giving word that is not only approving or
  ordering it (经中央军委批准 approves; the PLA gives), else the last donor of the document, else
  the publisher when it names a Chinese body, else the Government of China. A foreign country or
  institution in that place is a foreign donor (aid to China, or another donor's gift).
- **Recipients.** The countries between 向/给 and the giving word (a 、 list is one recipient
  each), else those of 应…请求, else every foreign country of the sentence that is not the donor;
  the institution (军队 defence, 红十字会 civil society …) from the word after the country.
- **Terms.** 采购/购买/订单 make a sale, 将/拟/承诺 a pledge; 运抵/交付/交接 delivered,
  启运 shipped.
  累计, 截至目前 and counts of countries make a cumulative total, which is not a delivery.
- **Restatements.** A later sentence with the same donor and no new recipient or figure (the
  captions that repeat "the PLA gave supplies to X" once per country) extends the record; China
  named in general (中方, 中国军队) restates a body of its channel, and a sentence of another day
  never restates. A sentence pointing back to the batch (这批物资, 此批口罩) with no new receiver
  extends the record it points to, whoever hands the batch over; one naming several co-givers
  stays a record of its own (one per co-giver, as the gold counts them).
- **Summaries.** 纷纷, 多次 and 各类…援助 sum up gifts: no one delivery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, cast

from chinatracker.extract.zh.dates import dateline_end
from chinatracker.extract.zh.vocabulary import alternation, pattern, zh_file
from chinatracker.records import (
    AidDelivery,
    AidItem,
    Channel,
    DateSpan,
    Donor,
    Evidence,
    InstitutionType,
    Item,
    Mention,
    Mode,
    Money,
    Recipient,
    Status,
)
from chinatracker.reference.scripts import to_simplified

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis, SentenceView
    from chinatracker.extract.zh.analysis import ChineseSentenceView

CHINA = "CHN"
CUES = "aid_cues.yaml"
APPROVES = re.compile(r"^(?:的)?(?:批准|命令|部署|指示|同意|决定|要求|号召|委托|安排)")
# Words after a donor that make it the one handing over for another (代表…): the other gives.
ON_BEHALF = re.compile(r"代表(?P<who>[^，,。]{1,20}?)(?:向|将|把|移交|交付|捐赠)")
# 从中国驻塞内加尔大使馆接收: the giver follows 从 and the receiver is the subject.
DIRECT = re.compile(r"^[^，,。；;、]{0,10}?(?:援助|援|捐赠|捐助|无偿提供|提供的|捐给|赠送)")
# The foreign side is the subject of receiving or using what China gave.
RECEIVES = re.compile(r"接受|接收|收到|接种|获得|迎来|领取")
FROM = re.compile(r"从(?P<who>[^，,。]{2,30}?)(?:接收|接受|收到|领取|获得)")
VALUE = re.compile(r"价值|总价值|折合")
PLA = Donor(name="People's Liberation Army", country=CHINA, channel="military")
GOVERNMENT = Donor(
    name="Government of the People's Republic of China", country=CHINA, channel="government"
)


@cache
def _cue(name: str) -> re.Pattern[str]:
    return pattern(CUES, name)


@dataclass
class Draft:
    donor: Donor
    recipients: list[Recipient]
    items: list[AidItem]
    value: Money | None
    date: DateSpan | None
    mode: Mode
    status: Status
    views: list[SentenceView] = field(default_factory=list)

    def to_record(self) -> AidDelivery:
        confidence = 0.8 if self.recipients and self.items else 0.6
        return AidDelivery(
            donor=self.donor,
            recipients=tuple(self.recipients),
            items=tuple(self.items),
            value=self.value,
            date=self.date,
            mode=self.mode,
            status=self.status,
            evidence=tuple(
                Evidence(start=v.start, end=v.end, quote=v.sentence.text) for v in self.views
            ),
            confidence=confidence,
        )


def _channel(mention: Mention) -> Channel | None:
    role = mention.role or ""
    if mention.country == CHINA and role.startswith("channel:"):
        return cast(Channel, role.removeprefix("channel:"))
    return None


def _institution(mention: Mention) -> InstitutionType:
    role = mention.role or ""
    if role.startswith("institution:"):
        return cast(InstitutionType, role.removeprefix("institution:"))
    return "unknown"


def _donor_of(mention: Mention) -> Donor | None:
    channel = _channel(mention)
    if channel is not None:
        return Donor(name=mention.canonical, country=CHINA, channel=channel)
    if mention.type == "country" and mention.country == CHINA:
        return GOVERNMENT
    if mention.country and mention.country != CHINA:
        return Donor(name=mention.canonical, country=mention.country, channel="unknown")
    return None


# 国药新冠疫苗, 科兴疫苗: the maker's name used for its product, not a giver.
PRODUCT = re.compile(r"^(?:新冠|灭活)?(?:疫苗|病毒疫苗)")
CLAUSE = re.compile(r"[，,；;：:]")
MEDIA = frozenset({"xinhua"})


def _agent(view: ChineseSentenceView, verb: int) -> Mention | None:
    """The giver: the first actor or country of the clause that holds 向 (or the giving word),
    before it; else the last Chinese actor of an earlier clause. Datelines and sources, those who
    only approve or order (经中央军委批准), and the requester (应…请求) are never givers."""
    text = view.simple
    toward = None
    for match in _cue("toward").finditer(text, 0, verb):
        toward = match
    anchor = toward.start() if toward is not None else verb
    clause_start = 0
    for match in CLAUSE.finditer(text, 0, anchor):
        clause_start = match.end()
    skip_until = dateline_end(text)
    request = _cue("request").search(text)
    behalf = ON_BEHALF.search(text[:verb])
    if behalf is not None:
        named = [
            m
            for m in view.mentions
            if behalf.start("who") <= m.start - view.start < behalf.end("who") and _channel(m)
        ]
        if named:
            return named[0]
    giver = FROM.search(text[:verb])
    if giver is not None:
        named = [
            m
            for m in view.mentions
            if giver.start("who") <= m.start - view.start < giver.end("who") and _donor_of(m)
        ]
        if named:
            return named[0]
    candidates = []
    for m in view.mentions:
        local = m.start - view.start
        if local >= anchor:
            break
        if local < skip_until or m.actor_id in MEDIA:
            continue
        if request is not None and request.start() <= local < request.end():
            continue
        if APPROVES.match(text[m.end - view.start :]) or PRODUCT.match(text[m.end - view.start :]):
            continue
        before = text[max(0, local - 1) : local]
        if before in ("向", "给", "经", "在", "于", "赴", "抵", "从", "自"):
            continue
        if m.type == "country" and m.country != CHINA and _followed_by_institution(m, view):
            continue
        if m.type == "place" and m.country != CHINA:
            continue
        candidates.append(m)
    in_clause = [m for m in candidates if m.start - view.start >= clause_start]
    chinese_in_clause = [m for m in in_clause if _is_chinese(m)]
    specific = [m for m in chinese_in_clause if _channel(m)]
    if specific:
        return specific[0]
    if chinese_in_clause:
        return chinese_in_clause[0]
    if in_clause:
        return in_clause[0]
    chinese = [m for m in candidates if _channel(m)]
    if chinese:
        return chinese[-1]
    return candidates[-1] if candidates else None


RECEIVING_SIDE = frozenset("向给为对援赴")
CARRIER = re.compile(r"^[^，,。]{0,4}?(?:运输机|飞机|军机|专机|舰|船|航班)")


def _carrier(view: ChineseSentenceView, agent: Mention) -> bool:
    """中国空军运输机将…运抵: the air force carries; the giver is named elsewhere."""
    return CARRIER.match(view.simple[agent.end - view.start :]) is not None


def _receives(view: ChineseSentenceView, agent: Mention) -> bool:
    """The foreign subject receives or uses the goods (巴方接收, 柬埔寨军队开始接种); not one the
    text makes the giver in so many words (日本千岁市捐赠的口罩抵达我市，…接收), whatever a later
    clause says its receiver did."""
    if _named_giver(view, agent):
        return False
    after = agent.end - view.start
    return RECEIVES.search(view.simple, after) is not None and not _cue("to_china").search(
        view.simple
    )


def _named_giver(view: ChineseSentenceView, m: Mention) -> bool:
    """The body is followed, within a few characters of one clause, by 援 or a giving word
    (中国援助的, 日本某市捐赠的), with no receiving word between (我市第二次接收…捐赠物资: the
    city receives)."""
    after = m.end - view.start
    match = DIRECT.match(view.simple[after : after + 14])
    return match is not None and RECEIVES.search(match.group()) is None


def _to_armed_forces(view: SentenceView) -> bool:
    return any((m.role or "") == "institution:defense" for m in view.mentions)


def _military_body(analysis: Analysis) -> Donor | None:
    """The first Chinese military body the document names (中国军队, 国防部), as a giver; a gift
    from 中国 alone to an armed force stays the government's, for the channel follows the giver
    (docs/annotation.md, decision 53)."""
    for view in analysis.sentences:
        for m in view.mentions:
            if _channel(m) == "military":
                return PLA
    return None


def _is_chinese(m: Mention) -> bool:
    return m.country == CHINA and (_channel(m) is not None or m.type == "country")


def _direct_giver(view: ChineseSentenceView) -> Mention | None:
    """A Chinese body that the text makes the giver in so many words: 中国援助的, 中国军队…援助的
    疫苗, 中国政府援柬: the body followed, within a few characters of one clause, by 援 or a giving
    word."""
    text = view.simple
    for m in view.mentions:
        if not _is_chinese(m) or _carrier(view, m):
            continue
        if text[max(0, m.start - view.start - 1) : m.start - view.start] in RECEIVING_SIDE:
            continue  # 向武汉捐赠: Wuhan receives
        if _named_giver(view, m):
            return m
    return None


def _followed_by_institution(m: Mention, view: SentenceView) -> bool:
    return any(
        o.start == m.end and (o.role or "").startswith("institution:") for o in view.mentions
    )


def _recipients(view: ChineseSentenceView, verb: int, donor: Donor) -> list[Recipient]:
    text = view.simple
    spans = _frames(text)
    request = _cue("request").search(text)
    if request is not None:
        spans.append((request.start("who"), request.end("who")))
    found = _countries_in(view, spans) if spans else []
    if not found:
        found = _countries_in(view, [(dateline_end(text), len(text))])
    found = [r for r in found if r.country != donor.country]
    if not found:
        found = _regions_in(text[dateline_end(text) :])
    return found


@cache
def _regions() -> tuple[re.Pattern[str], dict[str, dict[str, str]]]:
    table: dict[str, dict[str, str]] = zh_file("aid_cues.yaml")["regions"]
    return re.compile(alternation(set(table))), table


def _regions_in(text: str) -> list[Recipient]:
    """A region or regional body as the receiver when the sentence names no country (捐赠给非盟:
    region Africa, the African Union); one recipient per region, the body's name if given."""
    words, table = _regions()
    found: dict[str, Recipient] = {}
    for match in words.finditer(text):
        entry = table[match.group()]
        region = entry["region"]
        if region in found and found[region].name is not None:
            continue
        found[region] = Recipient(
            country=None,
            region=region,
            name=entry.get("name"),
            institution_type=cast(InstitutionType, entry.get("institution_type", "unknown")),
        )
    return list(found.values())


def _frames(text: str) -> list[tuple[int, int]]:
    """Each 向…VERB window of the sentence: "向韩国、日本提供物资，并向伊朗、伊拉克派出专家组"
    gives to four countries."""
    spans = []
    previous = 0
    for verb in _cue("give").finditer(text):
        toward = None
        for match in _cue("toward").finditer(text, previous, verb.start()):
            toward = match
        if toward is not None:
            spans.append((toward.end(), verb.start()))
        previous = verb.end()
    return spans


def _countries_in(view: SentenceView, spans: list[tuple[int, int]]) -> list[Recipient]:
    out: dict[str, Recipient] = {}
    for m in view.mentions:
        local = m.start - view.start
        if not any(a <= local < b for a, b in spans):
            continue
        if m.type == "country" and m.country:
            institution = next(
                (_institution(o) for o in view.mentions if o.start == m.end and o.role), "unknown"
            )
            if m.country not in out or out[m.country].institution_type == "unknown":
                out[m.country] = Recipient(
                    country=m.country, name=None, institution_type=institution
                )
        elif m.type == "place" and m.country == CHINA and CHINA not in out:
            out[CHINA] = Recipient(country=CHINA, region=m.canonical)
        elif m.type == "organization" and m.country and m.country not in out:
            out[m.country] = Recipient(country=m.country, institution_type=_institution(m))
    return list(out.values())


def _date(view: ChineseSentenceView) -> DateSpan | None:
    """The first date after the dateline (新华社…2月7日电 is when it was reported), else the
    day its 当天 points back to, else the date of the timeline heading above the sentence."""
    after = view.start + dateline_end(view.simple)
    dates = [d for d in view.dates if d.start >= after and d.span.precision != "year"]
    return dates[0].span if dates else (view.same_day or view.heading_date)


GIFT = re.compile(r"援|捐|赠|无偿")


def _terms(text: str, bought: bool = False) -> tuple[Mode, Status]:
    """`bought`: the document is about a purchase, so goods it does not call a gift were sold."""
    if _cue("sale").search(text) or (bought and not GIFT.search(text)):
        return "sale", "delivered"
    if _cue("pledge").search(text) and not _cue("arrival").search(text):
        return "pledge", "pledged"
    if _cue("arrival").search(text):
        return "donation", "delivered"
    if _cue("shipped").search(text):
        return "donation", "shipped"
    return "donation", "delivered"


def _items(view: ChineseSentenceView, verb: int) -> list[AidItem]:
    """Each figure of an item is its own line (70000枚一次性医用口罩、9000个外科口罩 are two
    lines of masks, as the gold counts them); an item with no figure only when none has one."""
    counted: dict[tuple[str, float], AidItem] = {}
    bare: dict[str, AidItem] = {}
    for item in view.items:
        if item.quantity is not None:
            counted.setdefault(
                (item.item, item.quantity),
                AidItem(item=cast(Item, item.item), quantity=item.quantity, text=item.text),
            )
        else:
            bare.setdefault(item.item, AidItem(item=cast(Item, item.item), text=item.text))
    found = list(counted.values())
    figured = {i.item for i in found}
    found += [i for name, i in bare.items() if name not in figured]
    specific = {i.item for i in found} - {"other", "ppe"}
    if specific:
        found = [i for i in found if not (i.item == "ppe" and i.quantity is None)]
    if len({i.item for i in found}) > 1:
        found = [i for i in found if not (i.item == "other" and i.quantity is None)]
    return found


def _value(view: SentenceView) -> Money | None:
    for q in view.quantities:
        if q.currency and VALUE.search(view.text[: max(0, q.start - view.start)][-6:] or ""):
            return Money(amount=q.value, currency=q.currency)
    money = [q for q in view.quantities if q.currency]
    if money:
        return Money(amount=money[0].value, currency=money[0].currency or "CNY")
    return None


def _publisher_donor(analysis: Analysis) -> Donor | None:
    """A first-person release: the publisher, when it names a Chinese body."""
    from chinatracker.extract.zh.names import chinese_names

    publisher = analysis.document.publisher or ""
    for m in chinese_names().mentions(publisher, to_simplified(publisher)):
        if m.actor_id in MEDIA or m.type == "country":
            continue  # 中国侨网, 中国日报: a country in a media name is no giver
        donor = _donor_of(m)
        if donor is not None and donor.country == CHINA and donor.channel != "unknown":
            return donor
    return None


def find_aid(analysis: Analysis) -> list[AidDelivery]:
    drafts: list[Draft] = []
    last_donor: Donor | None = None
    publisher = _publisher_donor(analysis)
    give = _cue("give")
    title = to_simplified(analysis.document.title or "")
    headline = [] if _cue("to_china").search(title) else _headline_countries(title)
    bought = bool(_cue("sale").search(title)) and not GIFT.search(title)
    last_view: ChineseSentenceView | None = None
    for view in analysis.sentences:
        zh = cast("ChineseSentenceView", view)
        before, last_view = last_view, zh
        text = zh.simple
        verb_match = give.search(text)
        if verb_match is None:
            if drafts and _lists_items(zh, drafts[-1]):
                _add_items(drafts[-1], zh)
            continue
        verb = verb_match.start()
        items = _items(zh, verb)
        if not items and not any(q.currency for q in view.quantities):
            continue
        if _cue("aggregate").search(text) or _cue("not_delivery").search(text[:verb]):
            continue
        agent = _agent(zh, verb)
        direct = _direct_giver(zh)
        overrides = (
            agent is None
            or (not _is_chinese(agent) and not _named_giver(zh, agent))
            or _carrier(zh, agent)
        )
        if direct is not None and _cue("sale").search(text) is None and overrides:
            agent = direct
        if agent is not None and not _is_chinese(agent) and _receives(zh, agent):
            chinese = [m for m in view.mentions if _is_chinese(m) and _channel(m)]
            if chinese:
                agent = chinese[0]
            elif last_donor is not None:
                agent = None
            else:
                continue  # a foreign recipient of someone else's goods
        donor = _donor_of(agent) if agent is not None else None
        if donor is None and _cue("to_china").search(text):
            foreign = [m for m in view.mentions if m.country and m.country != CHINA]
            donor = _donor_of(foreign[0]) if foreign else None
        if donor is None:
            mentions_china = any(m.country == CHINA for m in view.mentions)
            donor = (
                (_previous_subject(before) if _no_subject(zh, verb) else None)
                or last_donor
                or publisher
                or (GOVERNMENT if mentions_china else None)
            )
        if donor is None:
            continue  # nobody Chinese gives in a sentence that does not name China
        if donor == GOVERNMENT and _to_armed_forces(zh):
            donor = _military_body(analysis) or donor  # only where the document names the PLA
        recipients = _recipients(zh, verb, donor)
        if donor.country != CHINA and _cue("to_china").search(text):
            recipients = [Recipient(country=CHINA)]
        if donor.country == CHINA and recipients and all(r.country == CHINA for r in recipients):
            continue  # PLA work inside China is not aid (docs/annotation.md decision 3)
        if donor.country == CHINA and _cue("to_china").search(text):
            continue  # Chinese abroad sending home (发往湖北) is no foreign aid
        if not recipients and not _lists_items(zh, drafts[-1] if drafts else None):
            recipients = _going_to(before, donor) or _earlier_recipients(drafts, headline, donor)
        if not recipients:
            if drafts and _lists_items(zh, drafts[-1]):
                _add_items(drafts[-1], zh)
            continue
        # After a purchase, goods the text does not call a gift are more of it (订购的第一批
        # 疫苗抵达… 多达120万剂疫苗6日运抵该国).
        mode, status = _terms(text, bought or any(d.mode == "sale" for d in drafts))
        draft = Draft(
            donor=donor,
            recipients=recipients,
            items=items,
            value=_value(view),
            date=_date(zh),
            mode=mode,
            status=status,
            views=[view],
        )
        if donor.country == CHINA:
            last_donor = donor
        co_givers = _co_givers(zh, agent, verb, donor) if agent is not None else []
        previous = None
        if not co_givers and not _cue("joint_givers").search(text):  # one record per co-giver
            previous = _restated(drafts, draft) or _pointed_back(drafts, draft, zh)
        if previous is not None:
            _extend(previous, draft)
        else:
            drafts.append(draft)
        for co_giver in co_givers:
            drafts.append(replace(draft, donor=co_giver, views=list(draft.views)))
    return [d.to_record() for d in drafts]


# Between givers listed as the subject of one gift: 、, 和, 携同 (福建省侨联携同…同乡总会、…协会).
JOINED = re.compile(r"^(?:、|和|与|及|以及|携同|联合|会同)$")


def _co_givers(view: ChineseSentenceView, agent: Mention, verb: int, donor: Donor) -> list[Donor]:
    """Chinese bodies listed with the giver before the gift (…中国商会、中国电建…向…捐赠): one
    record per co-giver of another channel, as the guide's joint donors; those of the giver's
    own channel are the same record. An association the names alone call private, listed with
    overseas Chinese ones, is taken for one of them."""
    text = view.simple
    toward = None
    for match in _cue("toward").finditer(text, 0, verb):
        toward = match
    anchor = toward.start() if toward is not None else verb
    before = [m for m in view.mentions if m.start - view.start < anchor]
    mentions = [  # 老挝 inside 老挝琅勃拉邦中国商会 is no list member of its own
        m
        for m in before
        if not any(o is not m and o.start <= m.start and m.end <= o.end for o in before)
    ]
    if agent not in mentions:
        return []
    at = mentions.index(agent)
    chain = [agent]
    for step in (-1, 1):  # the list runs both ways from the giver the clause names
        index = at
        while 0 <= index + step < len(mentions):
            left, right = sorted((mentions[index], mentions[index + step]), key=lambda m: m.start)
            gap = text[left.end - view.start : right.start - view.start]
            if JOINED.match(gap) is None:
                break
            index += step
            chain.append(mentions[index])
    channels = {donor.channel}
    found: list[Donor] = []
    for m in sorted(chain, key=lambda m: m.start):
        channel = _channel(m)
        if channel == "private" and m.actor_id is None and donor.channel == "diaspora":
            continue  # 都灵中意妇女联谊会 beside 华人 associations: one of them, not a firm
        if channel is not None and channel not in channels:
            channels.add(channel)
            found.append(Donor(name=m.canonical, country=CHINA, channel=channel))
    return found


# How many sentences after a record a list of its items may come ("物资包括口罩5万只、…");
# a list that points back (这批医疗物资包括…) may come any number of sentences later.
FOLLOW_UP = 2


def _lists_items(view: ChineseSentenceView, draft: Draft | None) -> bool:
    """A sentence soon after a record, or one pointing back to it, that counts goods and names
    no other receiver."""
    if draft is None:
        return False
    last = draft.views[-1]
    distance = view.index - last.index
    if not 0 < distance <= FOLLOW_UP and not (
        distance > 0 and _cue("back_reference").search(view.simple)
    ):
        return False
    if not any(i.quantity is not None for i in view.items):
        return False
    giver = _direct_giver(view)
    if giver is not None and _donor_of(giver) != draft.donor:
        return False  # 由福建省捐赠、…包括: another giver's own gift, not this record's list
    known = {r.country for r in draft.recipients}
    others = {m.country for m in view.mentions if m.type == "country" and m.country}
    return others <= known | {CHINA}


def _add_items(draft: Draft, view: ChineseSentenceView) -> None:
    draft.views.append(view)
    have: set[tuple[str, float | None]] = {(i.item, i.quantity) for i in draft.items}
    for item in view.items:
        if item.quantity is not None and (item.item, item.quantity) not in have:
            draft.items = [
                i for i in draft.items if not (i.item == item.item and i.quantity is None)
            ]
            draft.items.append(
                AidItem(item=cast(Item, item.item), quantity=item.quantity, text=item.text)
            )
            have.add((item.item, item.quantity))
    if any(i.quantity is not None for i in draft.items):
        # The list says what "一批物资" was: the vague line goes.
        draft.items = [
            i for i in draft.items if not (i.item in ("other", "ppe") and i.quantity is None)
        ]


def _headline_countries(title: str) -> list[Recipient]:
    """The foreign countries a headline names (意大利华人社区向里米尼、都灵捐赠口罩)."""
    from chinatracker.extract.zh.names import chinese_names

    found: dict[str, Recipient] = {}
    for m in chinese_names().mentions(title, title):
        if m.type in ("country", "place") and m.country and m.country != CHINA:
            found.setdefault(m.country, Recipient(country=m.country))
    return list(found.values())


def _no_subject(view: ChineseSentenceView, verb: int) -> bool:
    """Nobody named before the giving word (目前，已向当地医护人员送去了口罩): the subject is
    left out, as Chinese does when it goes on from the sentence before."""
    skip = dateline_end(view.simple)
    return not any(skip <= m.start - view.start < verb for m in view.mentions)


def _previous_subject(view: ChineseSentenceView | None) -> Donor | None:
    """A sentence with no giver of its own (目前，已向当地医护人员送去了口罩) goes on from the
    sentence before: its Chinese subject (居住在…的华侨华人成功筹集了2万欧元) is the giver. The
    subject is the first Chinese body with a channel there that does not receive (向武汉…). A
    sentence that gives or sells itself (柬埔寨向科兴购买…运抵) hands on no subject: its own
    record, if any, is the last donor already."""
    if view is None or _cue("give").search(view.simple):
        return None
    for m in view.mentions:
        local = m.start - view.start
        if local < dateline_end(view.simple) or m.actor_id in MEDIA:
            continue
        if view.simple[max(0, local - 1) : local] in RECEIVING_SIDE:
            continue
        if _channel(m) is not None:
            return _donor_of(m)
    return None


def _going_to(view: ChineseSentenceView | None, donor: Donor) -> list[Recipient]:
    """The countries the sentence just before sends a Chinese giver's team to (…专家组…赴意大利;
    then 专家组携带一批由福建省捐赠的物资): where the next sentence's unaddressed gift goes."""
    if view is None or donor.country != CHINA:
        return []
    found: dict[str, Recipient] = {}
    for m in view.mentions:
        local = m.start - view.start
        if (
            m.type == "country"
            and m.country not in (None, CHINA)
            and view.simple[max(0, local - 1) : local] in ("赴", "抵")
        ):
            found.setdefault(m.country or "", Recipient(country=m.country))
    return list(found.values())


def _earlier_recipients(
    drafts: list[Draft], headline: list[Recipient], donor: Donor
) -> list[Recipient]:
    """A gift whose sentence names no receiving country (向医院捐赠了一批医疗物资) goes where the
    document's last record went, else to the foreign countries of the headline (not one about
    aid to China); only for a Chinese giver, in a document about Chinese gifts alone."""
    if donor.country != CHINA or any(d.donor.country != CHINA for d in drafts):
        return []  # a document about others' gifts (日本长崎向中国五地捐赠) lends no receiver
    if drafts:
        return [r for r in drafts[-1].recipients if r.country != CHINA]
    return [r for r in headline if r.country != donor.country]


def _restated(drafts: list[Draft], draft: Draft) -> Draft | None:
    """An earlier record this one only repeats: same donor (`_same_giver`), recipients among
    the earlier ones, no figure the earlier one lacks, and no other day."""
    new_figures = {(i.item, i.quantity) for i in draft.items if i.quantity is not None}
    countries = {r.country for r in draft.recipients}
    for previous in reversed(drafts):
        if not _same_giver(previous.donor, draft.donor) or previous.mode != draft.mode:
            continue
        if previous.date and draft.date and previous.date.start != draft.date.start:
            continue  # another day is another delivery
        known = {r.country for r in previous.recipients}
        figures = {(i.item, i.quantity) for i in previous.items if i.quantity is not None}
        if countries <= known and new_figures <= figures:
            return previous
        if countries == known and not (figures & new_figures) and not figures:
            return previous
    return None


def _same_giver(earlier: Donor, later: Donor) -> bool:
    """The same donor, or China named in general (中方, 中国 → the Government; 中国军队 → the
    PLA) restating a body of the same channel named before (总领事馆, 空军): 中方捐助的医疗物资
    after the consulate's gift is that gift."""
    if earlier == later:
        return True
    generic = later in (GOVERNMENT, PLA) or earlier in (GOVERNMENT, PLA)
    return generic and earlier.country == later.country and earlier.channel == later.channel


def _pointed_back(drafts: list[Draft], draft: Draft, view: ChineseSentenceView) -> Draft | None:
    """The latest earlier record of a sentence that points back to its goods (这批物资由…援助,
    武官将这批医疗物资移交…, 此批物资超35吨) and names no new receiver: the same batch told again,
    whoever the sentence makes the giver or hands it over (an attaché, an ambassador)."""
    if not drafts or not _cue("back_reference").search(view.simple):
        return None
    countries = {r.country for r in draft.recipients}
    for previous in reversed(drafts):
        if previous.donor.country != draft.donor.country or previous.mode != draft.mode:
            continue
        if countries <= {r.country for r in previous.recipients}:
            return previous
    return None


def _extend(previous: Draft, addition: Draft) -> None:
    previous.views.extend(addition.views)
    for item in addition.items:
        lines = [i for i in previous.items if i.item == item.item]
        if item.quantity is None:
            if not lines:
                previous.items.append(item)
        elif all(i.quantity != item.quantity for i in lines):
            previous.items = [i for i in previous.items if i not in lines or i.quantity is not None]
            previous.items.append(item)
    if previous.date is None:
        previous.date = addition.date
    if previous.value is None:
        previous.value = addition.value
    if addition.status == "delivered":
        previous.status = "delivered"
