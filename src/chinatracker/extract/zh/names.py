"""Names in Chinese text: countries, Chinese actors with their channel, provinces and cities,
and foreign institutions, in one Aho-Corasick pass over the simplified text.

- Countries by full name (巴基斯坦), usual short name (巴铁, 印尼) and, only inside a frame, by
  their one-character abbreviation: 中巴 (China and Pakistan), 巴方 (the Pakistani side), 巴军.
  Strings that contain a frame but mean something else (中新社, 中东, 中老年) block it.
- Chinese actors (解放军, 国防部, 外交部, 国合署, 红十字会总会, 华侨华人 …) with the channel of
  `data/zh/actors.yaml`; provinces and cities are subnational.
- A Chinese-actor word right after a foreign country (巴基斯坦军队, 意大利红十字会) is that
  country's institution, with an institution type, not a Chinese actor.

The leftmost-longest match wins. A mention's `role` carries `channel:<channel>` for a Chinese
actor and `institution:<type>` for a foreign institution: what the aid frame needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from chinatracker.extract.zh.vocabulary import zh_file
from chinatracker.records import Mention
from chinatracker.reference import Reference

CHINA = "CHN"
# Between a country and the institution noun that follows it: nothing, or 的 / 国.
INSTITUTION_GAP = frozenset({"", "的", "国"})
# 中国驻巴基斯坦大使馆 is one Chinese embassy; 巴基斯坦驻华大使馆 is Pakistan's embassy in China.
EMBASSY = re.compile(
    r"(?P<home>中国|我国|我)?驻(?P<host>[^，,。、；\s驻]{1,14}?)"
    r"(?:特命全权)?(?:大使馆|使馆|总领事馆|总领馆|领事馆|使团|代表团)"
)
# An actor whose own name says it is China's (中国政府, 我国政府) stays Chinese after a foreign
# country: 抵达巴基斯坦的中国政府援巴医疗专家组 is China's team in Pakistan.
CHINESE_OWN = ("中国", "中华", "我国", "我军", "中方")
INSTITUTION_NAMES = {
    "institution:defense": "armed forces",
    "institution:health": "health authorities",
    "institution:civil_society": "Red Cross or Red Crescent",
    "institution:government": "government",
    "": "institution",
}


@dataclass(frozen=True)
class Entry:
    kind: str  # country | frame | actor | place | institution | block
    canonical: str = ""
    country: str | None = None
    actor_id: str | None = None
    role: str | None = None
    # For frames: where the abbreviation sits in the matched form, and how long it is.
    short_at: int = 0
    short_len: int = 0


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    entry: Entry


class ChineseNames:
    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._priority: dict[str, int] = {}
        countries = zh_file("countries.yaml")
        actors = zh_file("actors.yaml")
        reference = Reference.load()
        self.country_names: dict[str, str] = {}
        for iso3, forms in countries["countries"].items():
            country = reference.country(iso3)
            name = country.name if country is not None else iso3
            self.country_names[iso3] = name
            for form in forms.get("names") or ():
                self._add(form, Entry("country", name, iso3), 3)
            for short in forms.get("short") or ():
                for frame in countries["frames"]:
                    form = frame.format(short=short)
                    at = frame.index("{short}")
                    self._add(
                        form, Entry("frame", name, iso3, short_at=at, short_len=len(short)), 2
                    )
        for form in countries["not_frames"]:
            self._add(form, Entry("block"), 4)
        for actor in actors["actors"]:
            entry = Entry(
                "actor",
                actor["name"],
                CHINA,
                actor.get("id"),
                f"channel:{actor['channel']}",
            )
            for form in actor["forms"]:
                self._add(form, entry, 3)
        suffixes = actors["subnational_suffixes"]
        for actor_id, forms in actors["subnational"].items():
            for form in forms:
                canonical = _province_name(actor_id, form)
                entry = Entry("place", canonical, CHINA, actor_id or None, "channel:subnational")
                self._add(form, entry, 1)
                for suffix in suffixes:
                    self._add(form + suffix, entry, 3)
        for kind, forms in actors["foreign_institutions"].items():
            for form in forms:
                self._add(form, Entry("institution", form, None, None, f"institution:{kind}"), 1)
        self._automaton.make_automaton()

    def _add(self, form: str, entry: Entry, priority: int) -> None:
        """One entry per form: a form listed twice keeps the entry of higher priority."""
        if self._priority.get(form, -1) >= priority:
            return
        self._priority[form] = priority
        self._automaton.add_word(form, (len(form), entry))

    def find(self, simplified: str) -> list[Found]:
        """Leftmost-longest matches over the simplified text."""
        found = []
        for end, (length, entry) in self._automaton.iter(simplified):
            found.append(Found(end + 1 - length, end + 1, entry))
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        kept: list[Found] = []
        reach = 0
        for f in found:
            if f.start >= reach:
                kept.append(f)
                reach = f.end
        return kept

    def mentions(self, text: str, simplified: str) -> list[Mention]:
        """Mentions with offsets and surface text of the stored `text`; an embassy phrase is
        one mention of the embassy, and a named firm, foundation or association one mention."""
        found = _organisations(self._mentions(text, simplified), text, simplified)
        embassies = [m for m in EMBASSY.finditer(simplified) if "驻" in m.group()]
        if not embassies:
            return found
        out: list[Mention] = []
        for match in embassies:
            out.append(self._embassy(match, text, found))
        spans = [(m.start, m.end) for m in out]
        out += [m for m in found if not any(a <= m.start < b for a, b in spans)]
        out.sort(key=lambda m: m.start)
        return out

    def _embassy(self, match: re.Match[str], text: str, found: list[Mention]) -> Mention:
        host = match.group("host")
        start, end = match.span()
        if host == "华" and not match.group("home"):
            # X驻华使馆: the embassy of the country named just before, in China.
            before = [m for m in found if m.end == start and m.type == "country"]
            if before:
                owner = before[-1]
                return Mention(
                    text=text[owner.start : end],
                    type="organization",
                    canonical=f"Embassy of {owner.canonical} in China",
                    country=owner.country,
                    role="institution:government",
                    start=owner.start,
                    end=end,
                )
        hosts = [m for m in found if start <= m.start < end and m.type == "country"]
        where = f" in {hosts[0].canonical}" if hosts else ""
        return Mention(
            text=text[start:end],
            type="organization",
            canonical=f"Embassy of China{where}",
            country=CHINA,
            actor_id="chinese-embassy",
            role="channel:government",
            start=start,
            end=end,
        )

    def _mentions(self, text: str, simplified: str) -> list[Mention]:
        out: list[Mention] = []
        previous: Mention | None = None
        for f in self.find(simplified):
            entry = f.entry
            if entry.kind == "block":
                continue
            if entry.kind in ("actor", "institution") and previous is not None:
                foreign = previous.country and previous.country != CHINA
                gap = simplified[previous.end : f.start]
                own = simplified.startswith(CHINESE_OWN, f.start)
                if foreign and previous.type == "country" and gap in INSTITUTION_GAP and not own:
                    kind = entry.role if entry.kind == "institution" else _institution(entry)
                    mention = Mention(
                        text=text[f.start : f.end],
                        type="organization",
                        canonical=f"{previous.canonical} {INSTITUTION_NAMES[kind or '']}",
                        country=previous.country,
                        role=kind,
                        start=f.start,
                        end=f.end,
                    )
                    out.append(mention)
                    previous = mention
                    continue
            if entry.kind == "institution":
                continue
            if entry.kind == "frame":
                at = f.start + entry.short_at
                if entry.short_at > 0:  # 中巴: China, then the other country
                    out.append(_country(text, f.start, f.start + 1, "China", CHINA))
                mention = _country(text, at, at + entry.short_len, entry.canonical, entry.country)
            elif entry.kind == "country":
                if _in_personal_name(simplified, f.start, f.end):
                    continue
                mention = _country(text, f.start, f.end, entry.canonical, entry.country)
            else:
                mention = Mention(
                    text=text[f.start : f.end],
                    type="organization" if entry.kind == "actor" else "place",
                    canonical=entry.canonical,
                    country=entry.country,
                    actor_id=entry.actor_id,
                    role=entry.role,
                    start=f.start,
                    end=f.end,
                )
            out.append(mention)
            previous = mention
        return out


NAME_DOT = "·•・‧"
# Names of firms, foundations and associations end in one of these; the name runs back to a
# punctuation mark or a function word (由, 向, 和 …).
ORGANISATION = re.compile(
    r"(?:基金会|有限公司|公司|集团|商会|侨团|同乡会|同乡总会|总会|联谊会|联合会|协会|侨联|企业)"
)
NAME_STOP = frozenset("，,。；;：:、（）()“”「」《》 \n由向和与及在是为给对从将的了于等也还并即")
MAX_NAME = 18
# Two-character words a name runs back to (福建省侨联携同旅意…同乡总会: two bodies).
NAME_STOP_WORDS = frozenset({"携同", "会同"})
# 当地 (local) names a body of the place the story is set in, abroad: never a Chinese giver.
LOCAL = ("当地", "本地")
DIASPORA = re.compile(
    r"华侨|华人|侨胞|侨团|侨联|旅[^\s]{1,4}?(?:华|同乡)|同乡会|华商|中国商会|中华商会"
)


def _organisations(found: list[Mention], text: str, simplified: str) -> list[Mention]:
    """Firms, foundations and associations the vocabulary does not list, by their name's end:
    北京莲心慈善基金会 is a private foundation (not Beijing), 旅意福建华侨华人同乡总会 a diaspora
    association, 日本吉林总商会 a Japanese one. Countries inside the name stay mentions (they say
    where it is); Chinese places inside it do not (they are no donor)."""
    added: list[Mention] = []
    for match in ORGANISATION.finditer(simplified):
        end = match.end()
        start = match.start()
        while (
            start > 0
            and end - start < MAX_NAME
            and simplified[start - 1] not in NAME_STOP
            and simplified[max(0, start - 2) : start] not in NAME_STOP_WORDS
        ):
            start -= 1
        if match.start() - start < 2:
            continue
        known = [m for m in found if m.start < end and start < m.end]
        if any(m.end == end and (m.role or "").startswith("channel:") for m in known):
            continue  # a listed body (马云公益基金会)
        name = simplified[start:end]
        foreign = [m.country for m in known if m.type == "country" and m.country != CHINA]
        if name.startswith(LOCAL):
            role = "institution:civil_society"  # 当地居民协会: the receiving side's own body
        elif match.group() == "侨联" and any(m.type == "place" for m in known):
            role = "channel:subnational"  # 福建省侨联: a province's federation, not a 侨团
        elif DIASPORA.search(name):
            role = "channel:diaspora"
        elif foreign and "中国" not in name and "中资" not in name and "华" not in name:
            role = "institution:civil_society"
        elif name.startswith("中国") and match.group() in ("集团", "公司", "有限公司"):
            role = "channel:soe"
        else:
            role = "channel:private"
        local = role.startswith("institution:")
        country = (foreign[0] if foreign else None) if local else CHINA
        added.append(
            Mention(
                text=text[start:end],
                type="organization",
                canonical=text[start:end],
                country=country,
                role=role,
                start=start,
                end=end,
            )
        )
    if not added:
        return found
    spans = [(m.start, m.end) for m in added]
    kept = [
        m
        for m in found
        if m.type == "country" or not any(a <= m.start and m.end <= b for a, b in spans)
    ]
    return sorted([*kept, *added], key=lambda m: (m.start, -m.end))


def _in_personal_name(simplified: str, start: int, end: int) -> bool:
    """费萨尔·苏丹 is a person: a country name touching the dot of a transliterated name."""
    before = simplified[start - 1 : start] if start else ""
    after = simplified[end : end + 1]
    return bool(before and before in NAME_DOT) or bool(after and after in NAME_DOT)


def _country(text: str, start: int, end: int, canonical: str, iso3: str | None) -> Mention:
    return Mention(
        text=text[start:end],
        type="country",
        canonical=canonical,
        country=iso3,
        start=start,
        end=end,
    )


def _institution(entry: Entry) -> str:
    """A Chinese-actor word used for a foreign body: its institution type."""
    defense = {"military"}
    channel = (entry.role or "").removeprefix("channel:")
    if channel in defense:
        return "institution:defense"
    if entry.actor_id == "rcsc":
        return "institution:civil_society"
    return "institution:government"


def _province_name(actor_id: str, form: str) -> str:
    if actor_id:
        actor = Reference.load().actors.actor(actor_id)
        if actor is not None:
            return actor.name
    return form


@cache
def chinese_names() -> ChineseNames:
    return ChineseNames()
