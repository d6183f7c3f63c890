"""Aid deliveries: who gave what to whom, how much, when, and on what terms.

A sentence is an aid delivery when it has a giving (or selling, pledging, lending) cue and an aid
object (a medical item, or money given). The donor is the Chinese actor in subject position or
after "by"/"from"; for aid *to* China, the foreign country giving it. Recipients are the other
countries, places and international bodies of the sentence, except transit points ("landed at
Liège Airport" on the way to Italy) and places of origin. A sentence that only adds detail to
the delivery before it (items, recipients: "The recipients are ...") extends that record instead
of creating another; restatements of the same delivery in one document are merged.

Totals are never counted twice: when a sentence splits a total between recipients ("200,000
masks: 100,000 to Hyogo and 100,000 to Jeju", "50,000 masks each to A and B"), one record per
recipient carries its own share and no record carries the total.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, cast

from chinatracker.extract.institutions import institution_near
from chinatracker.extract.items import ItemMention, find_items, quantity_for
from chinatracker.extract.rule_files import rule_file
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
from chinatracker.reference import Reference

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis, SentenceView

CHINA = "CHN"
# Generic China mentions give way to named actors when both are in the sentence.
# Givers that often only hand over what others gave ("delivered through the embassy"): a more
# specific giver named in a follow-up sentence replaces them.
GENERIC_CHINA_ACTORS = frozenset({"prc-government", "chinese-embassy"})
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
    onward: re.Pattern[str]
    part_of_total: re.Pattern[str]
    running_total: re.Pattern[str]
    new_tranche: re.Pattern[str]


@dataclass(frozen=True)
class Firms:
    """How a giver the gazetteer does not know is told apart (see aid_cues.yaml)."""

    vaccine_makers: frozenset[str]
    product_after: re.Pattern[str]
    state_firm: re.Pattern[str]
    chinese_firm: re.Pattern[str]
    state_owned: re.Pattern[str]
    gift_wording: re.Pattern[str]
    state_sends_after: re.Pattern[str]
    state_sends_before: re.Pattern[str]
    giving_people: dict[str, str]


@cache
def firms() -> Firms:
    raw = rule_file("aid_cues.yaml")
    return Firms(
        giving_people=dict(raw["giving_people"]),
        vaccine_makers=frozenset(raw["vaccine_makers"]),
        product_after=re.compile(raw["product_after"]),
        state_firm=re.compile(raw["state_firm"]),
        chinese_firm=re.compile(raw["chinese_firm"], re.IGNORECASE),
        state_owned=re.compile(raw["state_owned"], re.IGNORECASE),
        gift_wording=re.compile(raw["gift_wording"], re.IGNORECASE),
        state_sends_after=re.compile(raw["state_sends_after"], re.IGNORECASE),
        state_sends_before=re.compile(raw["state_sends_before"], re.IGNORECASE),
    )


@cache
def cues() -> Cues:
    raw = rule_file("aid_cues.yaml")

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
    # True when the text itself says the goods arrived ("landed", "handed over").
    arrived: bool = False
    # The donor is only "China"/"Chinese"/"Beijing": a later, more specific giver replaces it.
    generic_donor: bool = False

    def recipient_countries(self) -> set[str]:
        return {r.country for r in self.recipients if r.country}

    def to_record(self) -> AidDelivery:
        items = [i for i in self.items if i.item != "other" or i.quantity is not None] or self.items
        recipients = self.recipients
        if self.donor.channel == "military":
            # The PLA gives to armed forces and defence ministries unless the text says otherwise.
            recipients = [
                r.model_copy(update={"institution_type": "defense"})
                if r.institution_type == "unknown"
                else r
                for r in recipients
            ]
        evidence = tuple(
            Evidence(start=s.start, end=s.end, quote=s.sentence.text) for s in self.sentences
        )
        confidence = 0.4
        confidence += 0.2 if self.explicit_donor else 0.0
        confidence += 0.15 if self.recipient_countries() else 0.05 if self.recipients else 0.0
        confidence += 0.1 if self.items else 0.0
        confidence += 0.05 if any(i.quantity for i in self.items) or self.value else 0.0
        confidence += 0.05 if self.date else 0.0
        return AidDelivery(
            donor=self.donor,
            recipients=tuple(recipients),
            items=tuple(items),
            value=self.value,
            date=self.date,
            mode=self.mode,
            status=self.status,
            evidence=evidence,
            confidence=round(min(confidence, 0.95), 2),
        )


# Donors --------------------------------------------------------------------------------------


def giving_actor(mention: Mention) -> str | None:
    """The actor a mention gives as: its own, or for a person who gives through a body of their
    own ("Jack Ma pledged ..."), that body (aid_cues.yaml `giving_people`)."""
    if mention.type == "person":
        return firms().giving_people.get(mention.canonical)
    return mention.actor_id


def channel_of(mention: Mention, reference: Reference) -> Channel | None:
    """The donor channel of a Chinese mention; None for anything not Chinese."""
    actor_id = giving_actor(mention)
    if actor_id:
        actor = reference.actors.actor(actor_id)
        if actor is not None and actor.country == CHINA:
            channel = reference.actors.channel_of(actor.id)
            if channel:
                return cast(Channel, channel)
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


# "donated by X", "supplies from X", "received ... from X": X gives. "with support from X" does not.
AGENT_BEFORE = re.compile(
    r"(?:\b(?:donat|sen[td]|provid|giv|gift|suppl|deliver|fund|financ|bought|purchas|offer|pledg|ship|flown|"
    r"hand|contribut|made available|arrang|paid|present)\w*\s+(?:[\w'’-]+\s+){0,4}by"
    r"|\b(?:donations?|supplies|aid|gifts?|assistance|consignments?|shipments?|equipment|contracts?|deals?|"
    r"purchases?|masks|kits|materials?|goods|ventilators|cargo|batch|help)\s+(?:[\w'’-]+\s+){0,4}from"
    r"|\breceiv\w*\s+[^.;]{0,250}?from)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:[A-Z][\w'’-]*|(?i:eastern|western|northern|southern|central|coastal|chinese|provincial|municipal|"
    r"local|regional|state-owned|private|province|city|government|company|group|of|and))\s+){0,4}$",
)
RECIPIENT_BEFORE = re.compile(
    r"\b(?:to|for|in|into|with|at)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE
)
# ", the Chinese embassy in Seoul said": who reports the delivery, not who gave it.
SPEAKER_AFTER = re.compile(
    r"^\s*(?:in\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+)?(?:said|says|told|reported|announced|stated)\b"
)
CARRIER_AFTER = re.compile(
    r"^\s*(?:'s\s+)?(?:\w+\s+)?(?:flights?|planes?|aircraft|cargo|airlines?|freighters?|vessels?|ships?|trains?)\b",
    re.IGNORECASE,
)

CURRENCY_AFTER = re.compile(r"^(?:\s*dollars?\b|\$)", re.IGNORECASE)


def _excluded(mention: Mention, view: SentenceView) -> bool:
    """Places of origin ("a plane from Guangzhou", "doctors from Guangxi") and carriers
    ("a China Eastern flight") are neither donors nor recipients."""
    text = view.sentence.text
    local = mention.start - view.start
    head = text[max(0, local - 40) : local].lower()
    tail = text[mention.end - view.start : mention.end - view.start + 25]
    state_carrier = (
        mention.actor_id is not None
        and mention.country == CHINA
        and "airline" not in mention.canonical.lower()
    )
    if (CARRIER_AFTER.match(tail) and not state_carrier) or re.search(
        r"\bairlines?\b", mention.text.lower()
    ):
        return True  # "a China Eastern flight" carries; "PLA Air Force planes" give
    if mention.actor_id in firms().vaccine_makers and (
        firms().product_after.match(tail)
        or re.search(r"\b(?:of|by)\s+(?:the\s+|china's\s+|chinese\s+)?$", head)
    ):
        return True  # "Sinopharm vaccines donated by the Chinese government": a product
    if CURRENCY_AFTER.match(tail):
        return True  # "about 7.14 million U.S. dollars": a currency, not a party
    if re.search(r"\b(?:unlike|rather than|instead of)\s+(?:the\s+)?$", head):
        return True  # "unlike the United States": a comparison, not a party
    if (local > 0 and text[local - 1] in "-–") or (tail[:1] in ("-", "–") and tail[1:2].isupper()):
        return True  # "US-China contest", "Sino-Indonesian ties": a relation, not a party
    from_origin = re.search(
        r"\b(?:flights?|planes?|aircraft|teams?|doctors|experts|workers|nurses|left|departed|shipped|"
        r"flown|trucked|arrived|arriving|came|coming|sent)\b[^,.;]*\bfrom\s+(?:the\s+)?$",
        head,
    )
    # "delivered to Laos from the port of Mohan in ..., southwest China's Yunnan Province"; but
    # not a place the goods or people then reach ("experts from the city of Tianjin reached
    # Burkina Faso").
    from_place = re.search(
        r"\bfrom\s+(?:the\s+)?(?:port|airport|border port|city|town|county)\b"
        r"(?:(?!\b(?:to|into|reached|reach|reaches|arrived|arriving|landed|for)\b)[^.;]){0,100}$",
        text[max(0, local - 120) : local].lower(),
    )
    left = re.search(r"\b(?:left|departed|leaving|departing)\s+(?:the\s+)?$", head)
    speaker = SPEAKER_AFTER.match(tail) or re.search(r"\baccording to\s+(?:the\s+)?$", head)
    return bool(
        from_origin
        or from_place
        or left
        or speaker
        or _in_prior_clause(mention, view)
        or _givers_home(mention, view)
    )


# "Having previously aided ...": a perfect participle opens a clause about what came before.
PRIOR_CLAUSE = re.compile(r"\b[Hh]aving\s+(?:[a-z]+\s+)?[a-z]+(?:ed|en|wn|nt|ne)\b")


def _in_prior_clause(mention: Mention, view: SentenceView) -> bool:
    """ "Having previously aided virus-fighting efforts in Japan, Iran and Italy, his groups
    also sent kits to Africa": the countries of the participle clause are earlier help, not
    recipients of this delivery. The clause runs to the first comma that does not join two
    names of a list."""
    text = view.sentence.text
    local = mention.start - view.start
    opened = [m.end() for m in PRIOR_CLAUSE.finditer(text, 0, local)]
    if not opened:
        return False
    places = [m for m in view.mentions if m.type in ("country", "place")]
    ends = {m.end - view.start for m in places}
    starts = {m.start - view.start for m in places}
    for comma in re.finditer(r"[,;.]\s+(?:and\s+|the\s+)?", text[opened[-1] : local]):
        before = opened[-1] + comma.start()
        after = opened[-1] + comma.end()
        if comma.group()[0] != "," or before not in ends or after not in starts:
            return False
    return True


# "overseas Chinese and their associations in Japan, the Philippines and other countries":
# where the givers live, a list that may run on.
GIVERS_ABROAD = re.compile(
    r"\b(?:overseas chinese|chinese (?:communit(?:y|ies)|diaspora|expatriates|nationals))"
    r"(?:\s+and\s+their\s+\w+)?\s+(?:living\s+|based\s+)?in\s+(?:the\s+)?"
    r"(?:[\w'’. ]{2,30},\s+(?:and\s+)?(?:the\s+)?){0,8}$",
    re.IGNORECASE,
)


def _givers_home(mention: Mention, view: SentenceView) -> bool:
    """The country where Chinese abroad live is where the givers are, not where the gift goes."""
    local = mention.start - view.start
    return bool(GIVERS_ABROAD.search(view.sentence.text[max(0, local - 250) : local]))


# A mention right after these words is where goods go or are, not who gives them: "to the
# city of Wuhan", "in other parts of the Hubei province".
LOCATIVE_BEFORE = re.compile(
    r"\b(?:to|for|in|into|at|inside|twinned with|sister city of)\s+(?:the\s+)?"
    r"(?:(?:other\s+|all\s+|many\s+|several\s+)?parts?\s+of\s+(?:the\s+)?)?"
    r"(?:locked-down\s+|city\s+of\s+|province\s+of\s+)?$",
    re.IGNORECASE,
)

# The second of two receivers after the giving word: "donated to Kyrgyzstan and local Chinese
# communities" gives to the community, which is no giver however Chinese; "thanks to the
# contribution of Jack Ma and Alibaba Foundation" names givers.
RECEIVER_CONJUNCT = re.compile(
    r"(?<!thanks )(?<!due )(?<!owing )(?<!according )\b(?:to|for)\s+(?:the\s+)?"
    r"(?:(?!of\b|by\b|from\b)[\w'’-]+\s+){1,4}?(?:and|as well as)\s+(?:the\s+)?(?:local\s+)?$",
    re.IGNORECASE,
)

# The rest of a giver's description after a generic "Chinese": no verb, receiver or clause.
DESCRIPTION_GAP = re.compile(
    r"\s*(?:(?!to\b|for\b|in\b|which\b|who\b|and\b|[a-z]+ed\b)[\w'’-]+[\s,]+){0,8}",
)

# What may stand between two donors named together: an acronym, a legal form, "and".
JOINT_DONOR = re.compile(
    r"^[\w.'’ ]{0,25}(?:\([A-Z]{2,6}\))?\s*(?:,\s*)?(?:and|as well as)\s+(?:the\s+)?$"
)

RECEIVING = re.compile(r"(?:receiv\w*|allocated|accepted|welcomed|obtained|got)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Direction:
    """Who gives in a sentence: a Chinese donor, or a foreign one giving to China."""

    giver: Mention
    channel: Channel | None  # None for a foreign giver
    chinese_recipients: tuple[Mention, ...] = ()


def _usable(view: SentenceView) -> list[Mention]:
    """Mentions that can play a part: not in the dateline, not an origin or a carrier, not a
    country named only inside a name or as a topic (extract/country_roles.py)."""
    cut = view.sentence.body_start
    return [m for m in view.taking_part if m.start >= cut and not _excluded(m, view)]


def _best_chinese(mentions: list[Mention], reference: Reference) -> Mention:
    return max(mentions, key=lambda m: (_specificity(m, channel_of(m, reference) or ""), -m.start))


def direction(view: SentenceView, trigger: int, reference: Reference) -> Direction | None:
    """Find the giver: named after "by"/"from", else in subject position, else any Chinese actor.

    A foreign giver with China (or a Chinese place) on the receiving side is aid *to* China.
    """
    text = view.sentence.text
    mentions = _usable(view)

    def before(m: Mention) -> str:
        return text[: m.start - view.start]

    def chinese(m: Mention) -> bool:
        return m.country == CHINA

    def giver(m: Mention) -> bool:
        return chinese(m) and channel_of(m, reference) is not None

    def foreign(m: Mention) -> bool:
        return m.country not in (None, CHINA) and m.type in ("country", "place", "organization")

    def generic(m: Mention) -> bool:
        return m.type == "country" or m.actor_id in GENERIC_CHINA_ACTORS

    givers = [
        m
        for m in mentions
        if giver(m)
        and not LOCATIVE_BEFORE.search(before(m))
        and not (m.start > trigger and RECEIVER_CONJUNCT.search(before(m)))
        and (not generic(m) or m.start < trigger or AGENT_BEFORE.search(before(m)))
    ]
    receiving = tuple(m for m in mentions if chinese(m) and LOCATIVE_BEFORE.search(before(m)))
    agents = [m for m in mentions if m.start > trigger and AGENT_BEFORE.search(before(m))]
    subject = next(
        (m for m in mentions if m.start < trigger and not LOCATIVE_BEFORE.search(before(m))), None
    )
    if agents and giver(agents[0]):
        best = _best_chinese([m for m in agents if giver(m)], reference)
        if generic(best):
            # "donated by the Chinese Association of Wenshan prefecture, China's Yunnan
            # province": "Chinese" only begins the giver's description, which names the body.
            described = [
                m
                for m in givers
                if m.start > best.end
                and not generic(m)
                and DESCRIPTION_GAP.fullmatch(text[best.end - view.start : m.start - view.start])
            ]
            if described:
                best = _best_chinese(described, reference)
        return Direction(best, channel_of(best, reference))
    # Joint donors, "made by Piraeus Port Authority (PPA) and COSCO Shipping": the Chinese
    # co-donor gives (decision 24), whatever the local partner named first.
    partner = next(
        (
            m
            for m in mentions
            if agents
            and m.start > agents[0].end
            and giver(m)
            and JOINT_DONOR.match(text[agents[0].end - view.start : m.start - view.start])
        ),
        None,
    )
    if partner is not None:
        return Direction(partner, channel_of(partner, reference))
    if agents and foreign(agents[0]) and any(chinese(m) for m in mentions):
        return Direction(agents[0], None, receiving or tuple(m for m in mentions if chinese(m)))
    # "Zambia has received supplies from one of China's richest men": the subject of a
    # receiving verb receives, whoever the sentence names after "from".
    receives = RECEIVING.match(text, trigger - view.start) is not None
    if (
        subject is not None
        and foreign(subject)
        and not receives
        and (receiving or (not givers and any(chinese(m) for m in mentions)))
    ):
        return Direction(subject, None, receiving or tuple(m for m in mentions if chinese(m)))
    if givers:
        best = _best_chinese(givers, reference)
        return Direction(best, channel_of(best, reference))
    return None


def _specificity(mention: Mention, channel: str) -> int:
    generic = mention.actor_id in GENERIC_CHINA_ACTORS or mention.type == "country"
    return CHANNEL_PRIORITY.get(channel, 1) - (3 if generic else 0)


def donor_name(mention: Mention, reference: Reference) -> str:
    actor_id = giving_actor(mention)
    if actor_id:
        actor = reference.actors.actor(actor_id)
        if actor is not None:
            return actor.name
    if mention.country == CHINA:
        return "Government of the People's Republic of China"
    return mention.canonical


# Recipients ----------------------------------------------------------------------------------


ARRIVAL_BEFORE = re.compile(
    r"\b(?:landed|arrived|touched down|arriving|landing)\s+(?:in|at)\s+"
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _is_transit(mention: Mention, view: SentenceView, c: Cues, hubs: set[str]) -> bool:
    """A place the goods pass through: "via Addis Ababa", "landed at Liège Airport" on the way
    elsewhere, or a country the document calls a hub (unless it is the explicit destination)."""
    text = view.sentence.text
    local_start, local_end = mention.start - view.start, mention.end - view.start
    before = text[max(0, local_start - TRANSIT_WINDOW) : local_start]
    after = text[local_end : local_end + TRANSIT_WINDOW].lower()
    if re.search(
        r"\b(?:via|through|by way of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", before, re.IGNORECASE
    ):
        return True
    onward = bool(c.destination.search(view.lower))
    if re.search(r"\b(?:airport|hub|terminal)\b", mention.text, re.IGNORECASE) and (
        onward or "hub" in view.lower
    ):
        return True
    at_hub = re.match(r"^\s*(?:'s\s+)?(?:\w+\s+){0,2}(?:airport|hub|logistics|warehouse)", after)
    if at_hub and (onward or "hub" in view.lower):
        return True
    if mention.country in hubs:
        return not re.search(r"\b(?:to|for)\s+(?:the\s+)?$", before, re.IGNORECASE) or bool(
            ARRIVAL_BEFORE.search(before)
        )
    return False


def _recipient_mentions(
    view: SentenceView,
    donor: Mention | None,
    c: Cues,
    reference: Reference,
    hubs: set[str],
    scope_end: int | None = None,
    doubtful: frozenset[int] = frozenset(),
) -> list[Mention]:
    found = []
    for mention in view.mentions:
        if scope_end is not None and mention.start >= scope_end:
            break
        if mention.start in doubtful:
            continue
        if donor is not None and mention.start >= donor.start and mention.end <= donor.end:
            continue
        if _excluded(mention, view):
            continue
        if mention.type in ("country", "place"):
            if mention.country is None or mention.country == CHINA:
                continue
            if _is_transit(mention, view, c, hubs):
                continue
            found.append(mention)
        elif mention.type == "organization" and mention.actor_id:
            actor = reference.actors.actor(mention.actor_id)
            if (
                actor is not None
                and actor.institution_type == "international_org"
                and actor.country is None
            ):
                found.append(mention)
    return found


@cache
def aid_regions() -> frozenset[str]:
    return frozenset(rule_file("aid_cues.yaml")["regions"])


REGION_BEFORE = re.compile(
    r"\b(?:to|for|across|throughout|in)\s+(?:the\s+)?(?:whole\s+of\s+|rest\s+of\s+|all\s+of\s+)?$",
    re.IGNORECASE,
)


@cache
def _region_names() -> re.Pattern[str]:
    names = sorted(aid_regions(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def region_recipients(view: SentenceView) -> list[Recipient]:
    """ "to the whole of Africa", "across Europe": a region as recipient, with no country.
    Continents the gazetteer does not hold as places ("send 1,500 medical personnel to
    Africa") are read from the text here, where they are not part of a longer name
    ("South Africa"), so the mentions every other pass reads stay as they are."""
    text = view.sentence.text
    regions: list[Recipient] = []
    spans = [(m.start - view.start, m.end - view.start) for m in view.mentions]
    for mention in view.mentions:
        if (
            mention.type == "place"
            and mention.country is None
            and mention.canonical in aid_regions()
            and REGION_BEFORE.search(text[: mention.start - view.start])
        ):
            regions.append(Recipient(country=None, region=mention.canonical))
    for match in _region_names().finditer(text):
        inside = any(s < match.end() and match.start() < e for s, e in spans)
        if (
            not inside
            and REGION_BEFORE.search(text[: match.start()])
            and match.group() not in {r.region for r in regions}
        ):
            regions.append(Recipient(country=None, region=match.group()))
    return regions


def build_recipients(
    mentions: list[Mention], view: SentenceView, reference: Reference
) -> list[Recipient]:
    recipients: list[Recipient] = []
    seen: set[tuple[str | None, str | None]] = set()
    key: tuple[str | None, str | None]
    for mention in mentions:
        if mention.type == "organization":
            key = (None, mention.canonical)
            if key not in seen:
                seen.add(key)
                recipients.append(
                    Recipient(
                        country=None, name=mention.canonical, institution_type="international_org"
                    )
                )
            continue
        institution = institution_near(
            view.sentence.text, mention.start - view.start, mention.end - view.start, reference
        )
        key = (mention.country, None)
        if key in seen:
            # "ULAN BATOR -- The Mongolian Ministry of Defense ...": the first mention of a
            # country is often a dateline; a later one may name the receiving institution.
            if institution:
                recipients = [
                    r.model_copy(
                        update={"name": institution[0], "institution_type": institution[1]}
                    )
                    if r.country == mention.country and r.institution_type == "unknown"
                    else r
                    for r in recipients
                ]
            continue
        seen.add(key)
        recipients.append(
            Recipient(
                country=mention.country,
                name=institution[0] if institution else None,
                institution_type=institution[1] if institution else "unknown",
            )
        )
    return recipients


_COUNT_OF_COUNTRIES = re.compile(
    r"\b(\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty)"
    r"\s+(?:other\s+|more\s+|different\s+|african\s+|asian\s+|european\s+|foreign\s+"
    r"|(?-i:[A-Z][a-z]+\s+(?:[A-Z][a-z]+\s+)?))?(countries|nations|states|militaries|armies)\b",
    re.IGNORECASE,
)

# "to some of the continent's poorest nations": recipients described, not named or counted.
_DESCRIBED_COUNTRIES = re.compile(
    r"\b(?:to|for)\s+(?:(?:some|many|several|all|most)\s+of\s+)?the\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:poorest|neediest|hardest-hit|worst-hit|most\s+affected|developing)"
    r"\s+(?:[\w-]+\s+)?(?:countries|nations)\b",
    re.IGNORECASE,
)


def aggregate_recipient(view: SentenceView, reference: Reference) -> Recipient | None:
    """ "to the armed forces of 46 countries": a count of recipients without their names, or
    a description of them ("to the continent's poorest nations")."""
    match = _COUNT_OF_COUNTRIES.search(view.sentence.flat) or _DESCRIBED_COUNTRIES.search(
        view.sentence.flat
    )
    if not match:
        return None
    institution = institution_near(view.sentence.text, match.start(), match.end(), reference)
    return Recipient(
        country=None,
        name=(institution[0] if institution else match.group(0)),
        institution_type=institution[1] if institution else "unknown",
    )


# Items, terms, dates -------------------------------------------------------------------------


def build_items(view: SentenceView, items: list[ItemMention]) -> list[AidItem]:
    built: dict[str, AidItem] = {}
    extra: list[AidItem] = []
    text = view.sentence.text
    local = [ItemMention(i.item, i.start - view.start, i.end - view.start, i.text) for i in items]
    shifted = [
        q.model_copy(update={"start": q.start - view.start, "end": q.end - view.start})
        for q in view.quantities
    ]
    for mention in local:
        found = quantity_for(mention, shifted, text)
        if isinstance(found, float):
            unit = "person" if mention.item == "medical_teams" else None
            value, written = found, mention.text
        elif found is not None:
            value, unit, written = found.value, found.unit, found.text
        else:
            value, unit, written = None, None, mention.text
        current = built.get(mention.item)
        if current is None or (current.quantity is None and value is not None):
            built[mention.item] = AidItem(
                item=mention.item, quantity=value, unit=unit, text=written
            )
        elif (
            value is not None
            and value != current.quantity
            and text[: mention.start].count("(") <= text[: mention.start].count(")")
        ):
            # "20,000 medical masks ... and 1,000 surgical masks": two counts of one item are
            # both cited (and summed per recipient by resolve); a count in brackets after a
            # total ("2,000 masks (500 N95 ...)") is a breakdown, not more goods.
            extra.append(AidItem(item=mention.item, quantity=value, unit=unit, text=written))
        elif (
            value is not None
            and current.quantity is not None
            and value < current.quantity
            and any(
                b.item != mention.item
                for b in local
                if b.start > text.rfind("(", 0, mention.start) and b.end < mention.start
            )
        ):
            # "2,000 masks (500 N95 masks, and 1,500 surgical masks)": the breakdown names the
            # kinds, and the total's other part is counted already (as respirators), so the
            # masks are the 1,500, not the 2,000 that would count the N95 twice.
            built[mention.item] = AidItem(
                item=mention.item, quantity=value, unit=unit, text=written
            )
    if len(built) > 1 and "other" in built and built["other"].quantity is None:
        del built["other"]  # "medical supplies including masks": the generic word adds nothing
    return [*built.values(), *extra]


def money_value(view: SentenceView) -> Money | None:
    for quantity in view.quantities:
        if quantity.currency:
            return Money(amount=quantity.value, currency=quantity.currency)
    return None


def terms(view: SentenceView, c: Cues) -> tuple[Mode, Status]:
    text = view.lower
    offered_then_arrived = re.search(r"\boffered\b", text) and ARRIVED.search(text)
    if c.pledge.search(text) and not offered_then_arrived:
        return "pledge", "pledged"
    if c.loan.search(text):
        mode: Mode = "loan"
    elif c.sale.search(text) and not re.search(
        r"\b(?:donat\w*|gifts?|gave|handed over|free of charge)\b", text
    ):
        mode = "sale"
    else:
        mode = "donation"
    if c.destination.search(text) or (
        c.shipped.search(text)
        and not re.search(r"\b(?:arrived|landed|received|handed over|delivered)\b", text)
    ):
        return mode, "shipped"
    if (
        mode == "sale"
        and re.search(r"\b(?:contract|ordered|agreed to buy|deal)\b", text)
        and not c.delivered.search(text)
    ):
        return mode, "pledged"
    return mode, "delivered"


_AMOUNT = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|thousand|billion))?"
SHARE = re.compile(_AMOUNT + r"(?:\s+[\w-]+){0,3}?\s+(?:to|for)\s+[^,;:.]*$", re.IGNORECASE)
EACH = re.compile(r"\beach\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def _amount(number: str, scale: str | None) -> float:
    return float(number.replace(",", "")) * _SCALES.get((scale or "").lower(), 1.0)


def split_shares(draft: Draft, view: SentenceView) -> list[Draft]:
    """One record per recipient when the sentence gives each one its share (see module docs)."""
    named = [r for r in draft.recipients if r.country]
    counted = [i for i in draft.items if i.quantity is not None]
    if len(named) < 2 or len(counted) != 1:
        return [draft]
    text = view.sentence.text
    item = counted[0]
    if EACH.search(text):
        return [_share(draft, r, item.quantity) for r in named]
    shares: dict[str, float] = {}
    for mention in view.mentions:
        country = mention.country
        if country and country in {r.country for r in named} and country not in shares:
            found = SHARE.search(
                text[max(0, mention.start - view.start - 60) : mention.start - view.start]
            )
            if found:
                shares[country] = _amount(found.group(1), found.group(2))
    if len(shares) < 2:
        return [draft]
    return [_share(draft, r, shares.get(r.country or "")) for r in named]


def _share(draft: Draft, recipient: Recipient, quantity: float | None) -> Draft:
    items = [
        i.model_copy(update={"quantity": quantity}) if i.quantity is not None else i
        for i in draft.items
    ]
    return Draft(
        donor=draft.donor,
        donor_span=draft.donor_span,
        recipients=[recipient],
        items=items,
        value=None,
        date=draft.date,
        mode=draft.mode,
        status=draft.status,
        sentences=list(draft.sentences),
        explicit_donor=draft.explicit_donor,
        arrived=draft.arrived,
    )


def first_date(view: SentenceView) -> DateSpan | None:
    for found in view.dates:
        if found.kind != "year" or not view.dates[1:]:
            return found.span
    return view.dates[0].span if view.dates else None


# Sentences -----------------------------------------------------------------------------------

# How many sentences later a detail ("The cargo included ...") may still belong to a record.
FOLLOW_UP = 3
ANAPHORA = re.compile(
    r"\b(?:the|this|that|these|those|its|their|each)\s+(?:first\s+|second\s+|latest\s+|new\s+)?"
    r"(?:cargo|shipments?|consignments?|delivery|deliveries|donations?|supplies|batch|aid|gifts?|"
    r"packages?|material|materials|goods|items|assistance|flights?|planes?|package|kits|tests|"
    r"masks|boxes|equipment|ventilators|team|teams|doctors|experts)\b"
    r"|\b(?:include[sd]?|including|consist(?:s|ed)? of|compris(?:es|ed)|contain(?:s|ed)|brought)\b",
    re.IGNORECASE,
)


CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|while|whereas|but)\s+(?=(?:the\s+|a\s+)?[A-Z])")
# Where the giving clause ends: "..., days after Washington froze its funding" is another story.
SCOPE_END = re.compile(
    r",\s+(?:[\w'’-]+\s+){0,2}(?:after|before|as|while|when|whereas|which|who|where|because|since|although|though|said|says|according)\b"
    r"|\s+(?:--|—|–)\s+",
    re.IGNORECASE,
)


def clause_views(view: SentenceView, c: Cues) -> list[SentenceView]:
    """Split "X gave masks to A, and Y donated kits to B" into one view per giving clause."""
    from chinatracker.extract.pipeline import SentenceView as View
    from chinatracker.extract.sentences import Sentence

    text = view.sentence.text
    parts: list[list[int]] = []
    last = 0
    for match in [*CLAUSE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[last:end]
        if parts and not (c.give.search(piece) or c.sale.search(piece) or c.pledge.search(piece)):
            parts[-1][1] = end
        else:
            parts.append([last, end])
        last = match.end() if match else len(text)
    if len(parts) < 2:
        return [view]
    views = []
    for a, b in parts:
        start, end = view.start + a, view.start + b
        sentence = Sentence(start, end, text[a:b], view.sentence.paragraph)
        views.append(
            View(
                index=view.index,
                sentence=sentence,
                mentions=[m for m in view.mentions if start <= m.start and m.end <= end],
                quantities=[q for q in view.quantities if start <= q.start and q.end <= end],
                dates=[d for d in view.dates if start <= d.start and d.end <= end],
            )
        )
    return views


@dataclass
class Memory:
    """What earlier sentences of the document established."""

    hubs: set[str] = field(default_factory=set)
    doubtful: frozenset[int] = frozenset()  # starts of place names the document leaves in doubt
    last_donor: tuple[Donor, tuple[int, int]] | None = None
    recent: Draft | None = None

    def current(self, view: SentenceView) -> Draft | None:
        """The record a sentence may still add to: one from the last few sentences."""
        if self.recent and view.index - self.recent.sentences[-1].index <= FOLLOW_UP:
            return self.recent
        return None

    def remember(self, draft: Draft) -> None:
        self.recent = draft
        if draft.explicit_donor:
            self.last_donor = (draft.donor, draft.donor_span)


@dataclass(frozen=True)
class TitleContext:
    """What a headline settles for the body: "Chinese Embassy donates masks to Uganda" names
    the giver and the receiver that the body's sentences often leave to the reader."""

    donor: tuple[Donor, tuple[int, int]] | None = None
    recipient: str | None = None
    # The receiving institution the title names ("... to Sri Lanka Navy"), by country.
    institutions: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, view: SentenceView | None, reference: Reference) -> TitleContext:
        if view is None:
            return cls()
        # "Sinopharm doses arrive": a maker named as the product is not the giver; the title
        # still says the goods are Chinese, which the annotators read as the state's gift.
        named = _chinese_donors(view, reference)
        chinese = [pair for pair in named if not _excluded(pair[0], view)]
        donor = None
        if chinese:
            mention, channel = max(chinese, key=lambda pair: _specificity(*pair))
            donor = (
                Donor(name=donor_name(mention, reference), country=CHINA, channel=channel),
                (0, 0),
            )
        elif named:
            donor = (Donor(name=_state_name(), country=CHINA, channel="government"), (0, 0))
            chinese = named
        foreign = {
            m.country
            for m in view.mentions
            if m.country and m.country != CHINA and m.type in ("country", "place")
        }
        to_china = bool(chinese) and bool(foreign) and TO_CHINA_TITLE.search(view.text)
        recipient = next(iter(foreign)) if len(foreign) == 1 and chinese and not to_china else None
        institutions: dict[str, tuple[str, str]] = {}
        for m in view.mentions:
            if m.country and m.country != CHINA and m.type in ("country", "place"):
                found = institution_near(
                    view.sentence.text, m.start - view.start, m.end - view.start, reference
                )
                if found:
                    institutions.setdefault(m.country, found)
        return cls(
            donor=donor if not to_china else None,
            recipient=recipient,
            institutions=institutions if not to_china else {},
        )

    def typed(self, draft: Draft) -> None:
        """Recipients the body leaves untyped take the institution the title names for their
        country: "China donates healthcare outfits to Sri Lanka Navy". The giver stays the
        government's (decision 53: the channel follows the giver, not the receiver)."""
        if draft.donor.country != CHINA:
            return
        draft.recipients = [
            r.model_copy(
                update={
                    "name": self.institutions[r.country][0],
                    "institution_type": self.institutions[r.country][1],
                }
            )
            if r.country in self.institutions and r.institution_type == "unknown"
            else r
            for r in draft.recipients
        ]


def _military_body(analysis: Analysis, reference: Reference) -> Donor | None:
    """The first Chinese military body the title or body names ("the Chinese Ministry of
    Defense", "the PLA"), as a giver; None where the document names none. A defence attaché
    is not one: the annotators never read the one handing over as the giver."""
    views = [analysis.title] if analysis.title is not None else []
    for view in (*views, *analysis.sentences):
        for mention in view.mentions:
            if channel_of(mention, reference) == "military":
                name = donor_name(mention, reference)
                return Donor(name=name, country=CHINA, channel="military")
    return None


def _credit_the_military(draft: Draft, analysis: Analysis, reference: Reference) -> None:
    """A gift from plain "China" to an armed force is the military body's when the document
    names one (a later "thanks to China's defence ministry"), and the government's when it
    names none (decisions 52 and 53: the channel follows the giver, and "China" alone is the
    Government of China). The document is searched only for such a gift, which few have."""
    named = [r for r in draft.recipients if r.country]
    if (
        (draft.generic_donor or draft.donor.name == _state_name())
        and draft.donor.channel == "government"
        and named
        and all(r.institution_type == "defense" for r in named)
    ):
        draft.donor = _military_body(analysis, reference) or draft.donor


@cache
def _state_name() -> str:
    """The name a gift from plain "China" is recorded under (the registry's PRC government)."""
    actor = Reference.load().actors.actor("prc-government")
    return actor.name if actor else ""


def _only_foreign(analysis: Analysis, doubtful: frozenset[int] = frozenset()) -> str | None:
    """The one foreign country a document names, if it names only one: a Chinese gift in a
    local paper's story about that country goes there even when the sentence does not say so."""
    foreign = {
        m.country
        for view in analysis.sentences
        for m in view.mentions
        if m.country
        and m.country != CHINA
        and m.type in ("country", "place")
        and m.start not in doubtful
        and not CURRENCY_AFTER.match(analysis.text[m.end : m.end + 10])
    }
    return next(iter(foreign)) if len(foreign) == 1 else None


FIRST_PERSON = re.compile(
    r"\b(?:[Ww]e|[Oo]ur (?:company|embassy|group|foundation|association|firm))\b"
)


# "Japan donates masks to China", "Aid for Wuhan": the title's foreign country gives.
TO_CHINA_TITLE = re.compile(
    r"\b(?:to|for|in)\s+(?:[\w-]+-(?:hit|stricken|ravaged|struck)\s+)?"
    r"(?:China|Wuhan|Hubei|Beijing|Chinese)\b"
)


def document_hubs(analysis: Analysis) -> set[str]:
    """Countries the document calls a hub or transit point ("Liège is the European hub")."""
    hubs: set[str] = set()
    for view in analysis.sentences:
        if re.search(
            r"\b(?:hub|transit point|transshipment|distribution cent(?:re|er))\b", view.lower
        ):
            hubs.update(
                m.country
                for m in view.mentions
                if m.country and m.country != CHINA and m.type in ("country", "place")
            )
    return hubs


def doubtful_places(analysis: Analysis, reference: Reference) -> frozenset[int]:
    """Starts of place names shared by towns of several countries ("Kingston", "Norfolk") whose
    reading the document does not back by naming that country in other words: "Kingston
    Hospital" in a London story is not Jamaica, nor "Norfolk" in Virginia Britain."""
    mentions = [
        m
        for view in analysis.sentences
        for m in view.mentions
        if m.type in ("country", "place") and m.country
    ]
    doubtful = set()
    for mention in mentions:
        if mention.type != "place":
            continue
        owners = {p.iso3 for p in reference.places.lookup_places(mention.text) if p.iso3}
        if len(owners) < 2:
            continue
        name = mention.text.lower()
        if not any(m.country == mention.country and m.text.lower() != name for m in mentions):
            doubtful.add(mention.start)
    return frozenset(doubtful)


def find_aid(analysis: Analysis) -> list[AidDelivery]:
    reference = Reference.load()
    c = cues()
    memory = Memory(hubs=document_hubs(analysis), doubtful=doubtful_places(analysis, reference))
    title = TitleContext.of(analysis.title, reference)
    if title.donor is not None:
        memory.last_donor = title.donor
    publisher = TitleContext.of(analysis.publisher, reference).donor
    drafts: list[Draft] = []
    for view in (part for sentence in analysis.sentences for part in clause_views(sentence, c)):
        recent = memory.current(view)
        if recent is not None and _adds_detail(recent, view, c, reference, memory):
            continue
        if recent is not None and _lists_items(recent, view, c):
            continue
        onward = _onward(recent, view, c, reference, memory) if recent else None
        draft = onward or sentence_aid(view, c, reference, memory)
        if draft is None:
            continue
        if onward is None and recent is not None and _continues(recent, draft, view):
            _absorb(recent, draft, view)
            continue
        if publisher is not None and not draft.explicit_donor and FIRST_PERSON.search(view.text):
            draft.donor, draft.donor_span = publisher  # "We donated 5,000 masks" in its release
            draft.explicit_donor = True
        if _complete(draft, recent, view, memory):
            drafts.append(draft)
            memory.remember(draft)
    destination = title.recipient or _only_foreign(analysis, memory.doubtful)
    if not _gift_told(analysis):
        for draft in drafts:
            if _bought(draft, analysis.text):
                draft.mode = "sale"  # a pledge told without gift words is an order's delivery
    for draft in drafts:
        if not draft.recipients and destination and draft.donor.country == CHINA:
            draft.recipients = [Recipient(country=destination)]
        title.typed(draft)
        _credit_the_military(draft, analysis, reference)
    # Co-donors in the order the text names them.
    drafts = [
        part
        for d in drafts
        for part in sorted((d, *_co_donors(d, reference)), key=lambda x: x.donor_span[0])
    ]
    # A delivery whose destination was never named, in its sentences or the title, is no record.
    kept = merge_restatements([d for d in drafts if d.recipients])
    return [part.to_record() for d in kept for part in split_shares(d, d.sentences[0])]


# Two givers joined as giving together: "the Consulate-General of China in Lagos, in tandem with
# the Chinese Entrepreneurs Community", "CHEC's expressway department and the Red Cross Society
# of China donated". Not "through" or "on behalf of": the one handing over gives nothing.
CO_DONOR_GAP = re.compile(
    r"^(?:[\w.'’ ]|\([A-Z]{2,6}\)){0,60}?\s*,?\s*(?:and|as well as|in tandem with|together with|"
    r"jointly with|along with|in partnership with|in cooperation with)\s+(?:the\s+)?$"
)


def _co_donors(draft: Draft, reference: Reference) -> list[Draft]:
    """One record per co-donor (decisions 24 and "joint donors" of docs/annotation.md): a
    Chinese giver of another channel named together with the record's donor, in the sentence
    that names the donor, gives the same goods to the same recipients. The donor channel is
    what analysts count, so an embassy giving with a community's association is two records."""
    if draft.donor.country != CHINA or not draft.explicit_donor or not draft.sentences:
        return []
    start, end = draft.donor_span
    view = next((v for v in draft.sentences if v.start <= start < v.end), None)
    if view is None:
        return []
    text = view.sentence.text
    out: list[Draft] = []
    seen = {draft.donor.channel}
    for mention in _usable(view):
        channel = channel_of(mention, reference)
        if channel is None or channel in seen:
            continue
        if mention.start >= end:
            gap = text[end - view.start : mention.start - view.start]
        elif mention.end <= start:
            gap = text[mention.end - view.start : start - view.start]
        else:
            continue
        if not CO_DONOR_GAP.match(gap):
            continue
        seen.add(channel)
        donor = Donor(name=donor_name(mention, reference), country=CHINA, channel=channel)
        out.append(
            replace(
                draft,
                donor=donor,
                donor_span=(mention.start, mention.end),
                items=list(draft.items),
                recipients=list(draft.recipients),
                sentences=list(draft.sentences),
            )
        )
    return out


def _gift_told(analysis: Analysis) -> bool:
    """Whether the document or its title calls anything given, aided, handed over or thanked for
    (decision 22 of docs/annotation.md)."""
    title = analysis.title.text if analysis.title is not None else ""
    return bool(firms().gift_wording.search(analysis.text) or firms().gift_wording.search(title))


def _bought(draft: Draft, text: str) -> bool:
    """A Chinese "donation" in a document that never tells of a gift is a purchase, unless the
    PLA gives, a medical team goes, or the Chinese state itself is the one said to send: the
    frame reads "Chile received its first shipment of CoronaVac from Chinese drugmaker Sinovac"
    as a gift from China, and annotators (decision 22) as the purchase it is."""
    if draft.donor.country != CHINA or draft.mode not in ("donation", "pledge"):
        return False
    if draft.donor.channel == "military" or any(i.item == "medical_teams" for i in draft.items):
        return False
    start, end = draft.donor_span
    state = draft.donor.channel in ("government", "subnational") and end > start
    agent = state and bool(
        firms().state_sends_after.search(text[end : end + 40])
        or firms().state_sends_before.search(text[max(0, start - 30) : start])
    )
    return not agent


# "generosity from China, including from Jack Ma who donated ...": a giver added to a list of
# givers gave something of their own; the record before keeps its giver.
OTHER_GIVER = re.compile(r"\b(?:including|besides|apart from|in addition to)\s+(?:from|by)\b")


def _adds_detail(
    recent: Draft, view: SentenceView, c: Cues, reference: Reference, memory: Memory
) -> bool:
    """Sentences that only complete the record before: who received it ("The recipients are
    ..."), where it is going, who really gave it, or that it is still on its way."""
    text = view.text
    if c.recipient_list.search(view.sentence.flat.strip()) or (
        not recent.recipient_countries() and c.destination.search(text)
    ):
        _extend_recipients(recent, view, c, reference, memory)
        return True
    if not ANAPHORA.search(text) or find_items(view.sentence.text):
        return False
    if (
        recent.generic_donor
        and not OTHER_GIVER.search(text)
        and _name_the_giver(recent, view, c, reference)
    ):
        return True  # "The kits were donated by the Jack Ma Foundation."
    if c.shipped.search(text) and not recent.arrived and recent.mode != "pledge":
        recent.status = "shipped"  # "The consignment should reach them within a week."
        recent.sentences.append(view)
        return True
    return False


ITEM_LIST = re.compile(
    r"\b(?:includ(?:ed|es|ing)|consist(?:ed|s|ing) of|compris(?:ed|es|ing)|contain(?:ed|s|ing)"
    r"|among them|made up of|breakdown)\b|:",
    re.IGNORECASE,
)


def _lists_items(recent: Draft, view: SentenceView, c: Cues) -> bool:
    """A sentence that only lists the goods of the record before ("The supplies included 400
    protective suits, 200 pairs of goggles and 21,300 N95 masks"): counted items, no giving word
    of its own, and no country other than the record's own recipients. Analysts cite the listed
    counts, so they join that record rather than being lost for want of a verb."""
    text = view.sentence.text
    local = find_items(text)
    if not local or first_cue(text, c, local) is not None or SPECULATION.search(text):
        return False
    named = {
        m.country for m in view.mentions if m.country and m.country != CHINA and m.type == "country"
    }
    if named - recent.recipient_countries():
        return False
    counted = [i for i in build_items(view, _shifted(local, view.start)) if i.quantity is not None]
    if not counted:
        return False
    quantified = any(i.quantity is not None for i in recent.items)
    if quantified and not ITEM_LIST.search(text):
        return False
    if quantified and any(i.item not in ("other",) for i in recent.items if i.quantity is not None):
        # The record already has its own counts: a list adds only what it does not count yet.
        have = {i.item for i in recent.items if i.quantity is not None}
        counted = [i for i in counted if i.item not in have]
        if not counted:
            return False
    addition = Draft(
        donor=recent.donor,
        donor_span=recent.donor_span,
        recipients=[],
        items=counted,
        value=None,
        date=None,
        mode=recent.mode,
        status=recent.status,
        sentences=[view],
    )
    _extend(recent, addition, view)
    if any(i.item != "other" for i in counted):
        # "25,000 medical supplies ... included 400 suits, ...": the breakdown is what is cited,
        # with the counted goods of kind `other` it lists itself ("300 packs of tissue").
        listed = {id(i) for i in counted}
        recent.items = [i for i in recent.items if i.item != "other" or id(i) in listed]
    return True


def _continues(recent: Draft, draft: Draft, view: SentenceView) -> bool:
    """A draft that describes the record before rather than a delivery of its own. Goods counted
    as given after a pledge ("aims to ship six million masks ... has already shipped a million")
    are a delivery beside the pledge, not its detail (docs/annotation.md, decision 42)."""
    if ANOTHER.search(view.text) or not _same_giver(recent, draft):
        return False
    if (
        recent.mode == "pledge"
        and draft.mode != "pledge"
        and any(i.quantity is not None for i in draft.items)
    ):
        return False
    return (
        not draft.recipients
        or (
            bool(ANAPHORA.search(view.text))
            and draft.recipient_countries() <= recent.recipient_countries()
        )
        or (not draft.recipient_countries() and bool(recent.recipient_countries()))
    )


def _absorb(recent: Draft, draft: Draft, view: SentenceView) -> None:
    if recent.generic_donor and draft.explicit_donor and not draft.generic_donor:
        recent.donor, recent.donor_span, recent.generic_donor = draft.donor, draft.donor_span, False
    _extend(recent, draft, view)


# A diplomatic mission named only by its kind, as the subject of a sentence with no other giver.
MISSION = re.compile(r"\b[Tt]he (?:[Ee]mbassy|[Cc]onsulate(?:[- ][Gg]eneral)?|[Aa]mbassador)\b")
MISSION_DONOR = "Chinese embassies and consulates"


def _complete(draft: Draft, recent: Draft | None, view: SentenceView, memory: Memory) -> bool:
    """Fill what a sentence leaves to its context; False when it still names no giver."""
    if (
        not draft.recipients
        and recent is not None
        and (ANOTHER.search(view.text) or recent.sentences[-1].index == view.index)
    ):
        # "X gave masks to A, and Y donated kits", "a second gift arrived": same destination.
        draft.recipients = [
            Recipient(country=country) for country in sorted(recent.recipient_countries())
        ]
    mission = MISSION.search(view.text)
    chinese_context = memory.last_donor is None or memory.last_donor[0].country == CHINA
    if not draft.explicit_donor and mission and chinese_context:
        # "In March, the embassy donated 1 000 test kits": the Chinese mission the report is
        # about, a state giver, not the foundation or firm of the sentences before.
        draft.donor = Donor(name=MISSION_DONOR, country=CHINA, channel="government")
        draft.donor_span = (view.start + mission.start(), view.start + mission.end())
    elif not draft.explicit_donor and memory.last_donor is not None:
        draft.donor, draft.donor_span = memory.last_donor
    return not (draft.donor.channel == "unknown" and not draft.donor.name)


def first_cue(text: str, c: Cues, items: list[ItemMention]) -> re.Match[str] | None:
    """The earliest giving, selling or pledging word that is not itself an item ("supplies")."""
    found = []
    for pattern in (c.give, c.sale, c.pledge):
        for match in pattern.finditer(text):
            if not any(i.start <= match.start() < i.end for i in items):
                found.append(match)
                break
    return min(found, key=lambda m: m.start()) if found else None


def _onward(
    recent: Draft, view: SentenceView, c: Cues, reference: Reference, memory: Memory
) -> Draft | None:
    """ "The Tianjin team later moved on to Cote d'Ivoire": a delivery of its own."""
    if not c.onward.search(view.text):
        return None
    have = recent.recipient_countries()
    mentions = _recipient_mentions(view, None, c, reference, memory.hubs, None, memory.doubtful)
    recipients = [
        r
        for r in build_recipients(mentions, view, reference)
        if r.country and r.country not in have
    ]
    if not recipients:
        return None
    return Draft(
        donor=recent.donor,
        donor_span=recent.donor_span,
        recipients=recipients,
        items=list(recent.items),
        value=None,
        date=first_date(view),
        mode=recent.mode,
        status="delivered",
        sentences=[view],
        explicit_donor=recent.explicit_donor,
        generic_donor=recent.generic_donor,
    )


def _name_the_giver(recent: Draft, view: SentenceView, c: Cues, reference: Reference) -> bool:
    cue = first_cue(view.sentence.text, c, [])
    found = direction(view, view.start + cue.start(), reference) if cue else None
    if found is None or found.channel is None:
        return False
    if found.giver.type == "country" or found.giver.actor_id in GENERIC_CHINA_ACTORS:
        return False
    recent.donor = Donor(
        name=donor_name(found.giver, reference), country=CHINA, channel=found.channel
    )
    recent.donor_span, recent.generic_donor = (found.giver.start, found.giver.end), False
    recent.sentences.append(view)
    return True


def _same_giver(recent: Draft, draft: Draft) -> bool:
    """A follow-up belongs to the record before unless it names a different specific giver."""
    if not draft.explicit_donor or draft.generic_donor or recent.generic_donor:
        return True
    return draft.donor.channel == recent.donor.channel


# "Beijing hopes to ...", "donations may help": intentions and speculation, not deliveries. A
# giver that "aims to ship six million masks" states a plan of its own, a pledge (aid_cues.yaml).
SPECULATION = re.compile(
    r"\b(?:hopes? to|aims? to(?! (?:donate|give|send|provide|supply|deliver|ship|contribute)\b)"
    r"|seeks? to|may|might|could|likely)\b"
)
# Goods sent back as faulty are a rejected purchase or gift, not a delivery to the sender.
RETURNED = re.compile(
    r"\b(?:sent|send|sending|shipped|shipping)\s+back\b[^.;]{0,60}\b(?:faulty|defective|substandard)"
    r"|\b(?:faulty|defective|substandard)\b[^.;]{0,60}\b(?:sent|shipped)\s+back\b",
    re.IGNORECASE,
)
EXPLICIT_GIFT = re.compile(
    r"\b(?:donat\w*|gave|give[sn]?|handed|grants?|gifts?|contribut\w*|assistance|aid)\b"
)
INVESTMENT = re.compile(r"\binvest(?:s|ed|ing|ment|ments|or|ors)?\b")


def sentence_aid(view: SentenceView, c: Cues, reference: Reference, memory: Memory) -> Draft | None:
    text = view.sentence.text
    # A share of a larger total ("the series is part of 300,000 doses China donated") tells the
    # total, an aggregate record: counted as a delivery it would count the goods twice.
    if SPECULATION.search(text) or RETURNED.search(text) or c.part_of_total.search(text):
        return None
    if not any(pattern.search(text) for pattern in (c.give, c.sale, c.pledge)):
        return None  # no giving word: most sentences, spared the costlier search for items
    if c.running_total.search(text) and not c.new_tranche.search(text):
        return None  # a running total is an aggregate record, never one more delivery
    local_items = find_items(text)
    give = first_cue(text, c, local_items)
    if give is None:
        return None
    items = _shifted(local_items, view.start)
    money = money_value(view)
    # Money alone is aid only when the text says it is given ("donated $20 million", "a grant"),
    # not for budgets or investments someone "pledged" or "provided".
    gives_money = money is not None and EXPLICIT_GIFT.search(view.lower)
    if not items and not gives_money:
        return None
    if INVESTMENT.search(view.lower) and not EXPLICIT_GIFT.search(view.lower):
        return None  # "investing in the EV supply chain ... pharmaceuticals": commerce, not aid
    trigger = view.start + give.start()
    mode, status = terms(view, c)
    aid_items = build_items(view, items)
    if gives_money and not any(i.item == "funds" for i in aid_items):
        aid_items.append(AidItem(item="funds", quantity=None, text=""))
    found = direction(view, trigger, reference)

    def to_china(donor: Donor, giver: Mention, receiving: tuple[Mention, ...]) -> Draft:
        return Draft(
            donor=donor,
            donor_span=(giver.start, giver.end),
            recipients=[Recipient(country=CHINA, name=_china_recipient_name(receiving))],
            items=aid_items,
            value=money,
            date=first_date(view),
            mode=mode,
            status=status,
            sentences=[view],
        )

    if found is not None and found.channel is None:
        return to_china(
            _foreign_donor(found.giver, reference), found.giver, found.chinese_recipients
        )
    giver = found.giver if found else None
    scope = SCOPE_END.search(text, give.end())
    scope_end = view.start + scope.start() if scope else None
    mentioned = _recipient_mentions(
        view, giver, c, reference, memory.hubs, scope_end, memory.doubtful
    )
    recipients = build_recipients(mentioned, view, reference)
    home = _home_recipient(view, trigger, mentioned)
    if home is not None and found is not None and found.channel is not None:
        # "Chinese firms in Kenya have donated masks to China", "CNPC donated 50 million yuan to
        # Hubei": the gift goes to China, whatever foreign country the giver sits in.
        donor = Donor(name=donor_name(found.giver, reference), country=CHINA, channel=found.channel)
        return to_china(donor, found.giver, (home,))
    recipients += [
        r for r in region_recipients(view) if r.region not in {x.region for x in recipients}
    ]
    if not any(r.country for r in recipients):
        aggregate = aggregate_recipient(view, reference)
        if aggregate is not None:
            recipients.append(aggregate)
    if found is None or found.channel is None:
        return Draft(
            donor=Donor(name="", country=None, channel="unknown"),
            donor_span=(0, 0),
            recipients=recipients,
            items=aid_items,
            value=money,
            date=first_date(view),
            mode=mode,
            status=status,
            sentences=[view],
            explicit_donor=False,
        )
    generic = found.giver.type == "country" or found.giver.actor_id in GENERIC_CHINA_ACTORS
    channel, name = found.channel, donor_name(found.giver, reference)
    if generic:
        channel, name = _generic_giver(view, channel, name, trigger - view.start)
    firm = _state_firm_around(found.giver, view)
    if firm is not None:
        channel, name = "soe", firm
    return Draft(
        donor=Donor(name=name, country=CHINA, channel=channel),
        donor_span=(found.giver.start, found.giver.end),
        recipients=recipients,
        items=aid_items,
        value=money,
        date=first_date(view),
        mode=mode,
        status=status,
        sentences=[view],
        arrived=bool(ARRIVED.search(view.text)),
        generic_donor=found.giver.type == "country" or found.giver.actor_id in GENERIC_CHINA_ACTORS,
    )


HOME_BEFORE = re.compile(
    r"\b(?:to|for|into)\s+(?:the\s+)?(?:hard-hit\s+|virus-hit\s+)?$", re.IGNORECASE
)


def _home_recipient(view: SentenceView, trigger: int, mentioned: list[Mention]) -> Mention | None:
    """A Chinese place or China itself right after "to"/"for" behind the giving verb, with no
    foreign country named on the way: a gift within China or to it, not from it."""
    text = view.sentence.text
    for mention in view.mentions:
        if mention.start <= trigger or mention.country != CHINA:
            continue
        if mention.type not in ("country", "place"):
            continue
        if any(trigger < m.start < mention.start for m in mentioned):
            return None
        if HOME_BEFORE.search(text[: mention.start - view.start]):
            return mention
    return None


def _giving_firm(match: re.Match[str] | None, text: str, cue: int) -> bool:
    """A firm named before the giving verb, or as its agent ("donated by a Chinese firm"),
    gives; one named after it does something else ("... 400 million doses through joint
    production by Chinese companies")."""
    if match is None:
        return False
    return match.start() < cue or bool(
        re.search(
            r"\b(?:donated|given|provided|supplied|sent|offered) by (?:the |a |an )?$",
            text[: match.start()],
        )
    )


def _state_firm_around(mention: Mention, view: SentenceView) -> str | None:
    """The state firm whose name holds the giver's place: "the China Jiangxi International
    Economic and Technical Cooperation Co." gives, not Jiangxi Province."""
    if mention.type not in ("place", "organization"):
        return None
    start, end = mention.start - view.start, mention.end - view.start
    for match in firms().state_firm.finditer(view.sentence.text):
        if match.start() <= start and end <= match.end() and match.end() > end:
            return match.group(0)
    return None


def _generic_giver(
    view: SentenceView, channel: Channel, name: str, cue: int = -1
) -> tuple[Channel, str]:
    """A giver named only as "China" or "a Chinese firm": the words around it often say more.
    A firm named as Chinese state firms are ("China Harbour Engineering Company", "Bank of
    China") is `soe`; a firm named only by its kind is `private` unless called state-owned. A
    gift from "China" to an armed force stays the government's: the channel follows the giver,
    not the receiver (docs/annotation.md, decision 53)."""
    text = view.sentence.text
    cue = len(text) if cue < 0 else cue
    state = firms().state_firm.search(text)
    if state and _giving_firm(state, text, cue):
        return "soe", state.group(0)
    kind = firms().chinese_firm.search(text)
    if kind and _giving_firm(kind, text, cue):
        return ("soe" if firms().state_owned.search(text) else "private"), kind.group(0)
    return channel, name


def _china_recipient_name(receiving: tuple[Mention, ...]) -> str | None:
    places = [m for m in receiving if m.type != "country"]
    return places[0].canonical if places else None


def _foreign_donor(mention: Mention, reference: Reference) -> Donor:
    """A foreign giver: its government when a country is named, its local government for a
    city or province, else the named body."""
    if mention.type == "organization" and mention.actor_id:
        actor = reference.actors.actor(mention.actor_id)
        name = actor.name if actor else mention.canonical
        return Donor(name=name, country=mention.country, channel="unknown")
    if mention.type == "place":
        return Donor(name=mention.text, country=mention.country, channel="subnational")
    return Donor(name=mention.canonical, country=mention.country, channel="government")


def _shifted(items: list[ItemMention], offset: int) -> list[ItemMention]:
    return [ItemMention(i.item, i.start + offset, i.end + offset, i.text) for i in items]


ARRIVAL = re.compile(
    r"\b(?:arrived|landed|touched down|flown (?:to|in)|delivered)\b", re.IGNORECASE
)
ARRIVED = re.compile(
    r"\b(?:arrived|landed|touched down|received|handed over|delivered to|reached)\b", re.IGNORECASE
)


def _extend(previous: Draft, addition: Draft, view: SentenceView) -> None:
    if view not in previous.sentences:
        previous.sentences.append(view)
    if addition.status == "shipped" and previous.status == "delivered" and not previous.arrived:
        previous.status = "shipped"  # "The consignment should reach them within a week."
    # Items the record had before this sentence: a sentence restating one of them adds nothing,
    # but two counts of one item within the added sentence ("30,000 surgical masks, 2,000
    # disposable medical masks") are both kept, as `build_items` keeps them.
    known = {i.item: n for n, i in enumerate(previous.items)}
    for item in addition.items:
        if item.item not in known:
            previous.items.append(item)
        elif item.quantity is not None and previous.items[known[item.item]].quantity is None:
            previous.items[known[item.item]] = item
    have = previous.recipient_countries()
    previous.recipients += [r for r in addition.recipients if r.country and r.country not in have]
    if addition.date and (previous.date is None or ARRIVAL.search(view.text)):
        previous.date = addition.date  # when the goods arrived, not when trucks left
    previous.value = previous.value or addition.value


def _extend_recipients(
    previous: Draft, view: SentenceView, c: Cues, reference: Reference, memory: Memory
) -> None:
    """ "The recipients are Ethiopia, Mozambique, ...": countries named for the record before."""
    recipients = build_recipients(
        _recipient_mentions(view, None, c, reference, memory.hubs, None, memory.doubtful),
        view,
        reference,
    )
    named = [r for r in recipients if r.country]
    if not named:
        return
    template = next((r for r in previous.recipients if r.country is None), None)
    have = previous.recipient_countries()
    kept = [r for r in previous.recipients if r.country is not None]
    for r in named:
        if r.country in have:
            continue
        inherit = template is not None and r.institution_type == "unknown"
        kept.append(
            Recipient(
                country=r.country,
                name=template.name if inherit and template else r.name,
                institution_type=template.institution_type
                if inherit and template
                else r.institution_type,
            )
        )
    previous.recipients = kept
    previous.sentences.append(view)


ANOTHER = re.compile(
    r"\b(?:second|third|another|further|new|additional|latest|next)\s+(?:\w+\s+)?"
    r"(?:gift|batch|consignment|shipment|delivery|donation|round|tranche|planeload)s?\b",
    re.IGNORECASE,
)


def merge_restatements(drafts: Sequence[Draft]) -> list[Draft]:
    """One record per delivery: a later sentence with the same donor channel, recipients and
    terms, and the same counted goods, restates an earlier one (a summary repeating the body).
    "A second gift of ..." is never a restatement."""
    kept: list[Draft] = []
    for draft in drafts:
        same = next(
            (
                k
                for k in kept
                if k.donor.channel == draft.donor.channel
                and k.mode == draft.mode
                and k.recipient_countries() == draft.recipient_countries()
                and {r.name for r in k.recipients if not r.country}
                == {r.name for r in draft.recipients if not r.country}
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
    if any(ANOTHER.search(view.text) for view in b.sentences):
        return False
    counted_a = {i.item: i.quantity for i in a.items if i.quantity is not None}
    counted_b = {i.item: i.quantity for i in b.items if i.quantity is not None}
    if any(counted_a.get(item, value) != value for item, value in counted_b.items()):
        return False
    if counted_a and counted_b:
        return bool(counted_a.keys() & counted_b.keys())  # the same counted goods
    # One side names the goods without a count ("the vaccines were handed over"): the same
    # goods, retold.
    return bool({i.item for i in a.items} & {i.item for i in b.items})
