"""Claims in Chinese text: disinformation, quality complaints about delivered goods, conditions
attached to aid (`data/zh/claims.yaml`), the same records as the English `extract/claims.py`.

A sentence makes a claim when it has a cue that is not denied (不附加任何政治条件 denies a
condition) and it concerns China: it names China or a Chinese actor, or continues a paragraph
that does. Consecutive sentences of one paragraph making the same kind of claim are one claim.
`countries` are the complaining countries for quality complaints and conditions, and the
countries concerned for disinformation, as in English.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, cast

from chinatracker.extract.zh.vocabulary import zh_file
from chinatracker.records import Claim, ClaimKind, Evidence

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis, SentenceView

CHINA = "CHN"


@cache
def claim_cues() -> tuple[dict[ClaimKind, re.Pattern[str]], re.Pattern[str]]:
    raw = zh_file("claims.yaml")
    cues = {
        cast(ClaimKind, kind): re.compile("|".join(f"(?:{p})" for p in patterns))
        for kind, patterns in raw["claims"].items()
    }
    return cues, re.compile(str(raw["negation"]))


def _claimed(kind_pattern: re.Pattern[str], negation: re.Pattern[str], simple: str) -> bool:
    """A cue of the sentence that no negation just before denies."""
    return any(not negation.search(simple[: m.start()]) for m in kind_pattern.finditer(simple))


def _concerns_china(view: SentenceView) -> bool:
    return any(m.country == CHINA for m in view.mentions)


def find_claims(analysis: Analysis) -> list[Claim]:
    cues, negation = claim_cues()
    claims: list[Claim] = []
    last: tuple[ClaimKind, int, int] | None = None  # kind, paragraph, sentence index
    china_paragraphs = {s.sentence.paragraph for s in analysis.sentences if _concerns_china(s)}
    for view in analysis.sentences:
        if view.sentence.paragraph not in china_paragraphs:
            continue
        kind = next((k for k, p in cues.items() if _claimed(p, negation, view.lower)), None)
        if kind is None:
            continue
        countries = tuple(dict.fromkeys(view.countries()))
        if kind != "disinformation":
            countries = tuple(c for c in countries if c != CHINA)
        evidence = Evidence(start=view.start, end=view.end, quote=view.sentence.text)
        continues = last == (kind, view.sentence.paragraph, view.index - 1)
        if continues:
            previous = claims[-1]
            claims[-1] = previous.model_copy(
                update={
                    "evidence": (*previous.evidence, evidence),
                    "countries": tuple(dict.fromkeys((*previous.countries, *countries))),
                }
            )
        else:
            claims.append(
                Claim(
                    kind=kind,
                    text=view.text,
                    countries=countries,
                    evidence=(evidence,),
                    confidence=0.7,
                )
            )
        last = (kind, view.sentence.paragraph, view.index)
    return claims
