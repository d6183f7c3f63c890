"""Quotations in Chinese text: the words inside “…”, 「…」 or 『…』, of at least a clause, that a
speech verb frames (`data/zh/quotes.yaml`).

- **Before.** 耿爽说：“…”, 魏凤和告诉奥斯汀「…」, 美国国务院警告说，该协议“…”: a speech verb in
  the clause before the opening mark, with at most a few words between.
- **After.** “…，”他表示 / “…”省外办有关负责人介绍: a speech verb within a few characters after
  the closing mark.

A quotation is read over the whole text, not sentence by sentence: a quoted speech holds its own
full stops. Slogans and titles (“中国加油”, 《…》) are shorter than a clause and are left out. The
speaker is the actor or country named nearest before the speech verb, in canonical form, else
the subject of the speech clause as written (马云表示 gives 马云), else none (他说).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from chinatracker.extract.zh.vocabulary import zh_file
from chinatracker.records import Evidence, Mention, Quote
from chinatracker.reference.scripts import to_simplified

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis

QUOTED = re.compile(r"[“「『]([^“”「」『』]{1,600}?)[”」』]")
HAN = re.compile(r"[\u4e00-\u9fff]")
# How far back in its sentence the speech verb of a quotation may stand (奥斯汀曾告诉…委员会，
# 他期待…，「…」).
HEAD_CHARS = 80
# The longest subject taken as a speaker (本次运输任务的空军某部保障部部长边玉风).
SUBJECT_CHARS = 24
# Where the subject of a speech clause ends: 德席尔瓦在接收这批物资时说 gives 德席尔瓦, 千岁市
# 市长山口幸太郎在亲自录制的视频中说道 gives 千岁市市长山口幸太郎.
SUBJECT_END = re.compile(r"在|于|向|对|曾|也|还|则|已|都|就|随后|当天|今天|日前|近日")


@cache
def _frames() -> tuple[re.Pattern[str], re.Pattern[str], int, int, str]:
    raw = zh_file("quotes.yaml")
    verbs = str(raw["speech_verbs"])
    before = re.compile(
        rf"^.*(?P<verb>{verbs})(?:道|称|说)?(?P<between>[^。！？!?；;]*?)[：:，,]?\s*$"
    )
    after = re.compile(rf"[，,。]?\s*[”」』]?[^。！？!?“”「」『』\n]{{0,12}}?(?P<verb>{verbs})")
    return before, after, int(raw["min_chars"]), int(raw["words_between"]), verbs


def find_quotes(analysis: Analysis) -> list[Quote]:
    before, after, min_chars, close, _ = _frames()
    text = analysis.text
    simple = to_simplified(text)
    mentions = analysis.mentions
    found = []
    for match in QUOTED.finditer(simple):
        start, end = match.start(1), match.end(1)
        if len(HAN.findall(match.group(1))) < min_chars:
            continue  # a slogan or a name (“中国加油”, “海上联合-2022”)
        head = simple[max(0, match.start() - HEAD_CHARS) : match.start()]
        head = re.split(r"[。！？!?\n]", head)[-1]
        framed = before.search(head)
        if framed is not None:
            verb_at = match.start() - len(head) + framed.start("verb")
            confidence = 0.75 if len(framed.group("between")) <= close else 0.6
        else:
            tail = after.match(simple, match.end(), match.end() + 20)
            if tail is None:
                continue
            verb_at, confidence = tail.start("verb"), 0.75
        speaker = _speaker(simple, mentions, verb_at, match.end() if framed is None else None)
        found.append(
            Quote(
                speaker=speaker,
                text=text[start:end],
                evidence=(Evidence(start=start, end=end, quote=text[start:end]),),
                confidence=confidence if speaker else confidence - 0.2,
            )
        )
    return found


def _speaker(
    simple: str, mentions: list[Mention], verb_at: int, quote_end: int | None
) -> str | None:
    """The subject of the verb's clause: an actor's canonical name when the subject is that
    actor (中国驻斯里兰卡大使馆在一份声明中说), else the subject as written (美国总统拜登表态,
    外交部发言人汪文斌表示), else none (他说)."""
    floor = quote_end if quote_end is not None else max(0, verb_at - HEAD_CHARS)
    clause = re.split(r"[，,。：:；;“”「」『』\s]", simple[floor:verb_at])[-1]
    subject = SUBJECT_END.split(clause, maxsplit=1)[0]
    subject = re.sub(rf"(?:{_frames()[4]})+$", "", subject)  # 美国国务院警告说: 美国国务院
    if not 2 <= len(subject) <= SUBJECT_CHARS or subject in PRONOUNS or not HAN.match(subject):
        return None
    start = verb_at - len(clause)
    end = start + len(subject)
    actor = next(
        (
            m
            for m in mentions
            if start <= m.start and m.end == end and m.type in ("organization", "country")
        ),
        None,
    )
    return actor.canonical if actor is not None else subject


# Words before a speech verb that are no one's name.
PRONOUNS = frozenset({"他", "她", "他们", "她们", "我们", "对此", "同时", "此外", "另外", "并"})
