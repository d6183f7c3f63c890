"""Claims: disinformation, quality complaints about delivered goods, conditions attached to aid.

A sentence makes a claim when it has one of the cue phrases in `data/claims.yaml` and concerns
China (it names China or a Chinese actor, or continues a paragraph that does). Consecutive
sentences making the same kind of claim are one claim. `countries` are the complaining countries
for quality complaints and conditionality, and the countries concerned for disinformation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from chinatracker.extract.rule_files import rule_file
from chinatracker.records import Claim, ClaimKind, Evidence

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis, SentenceView

CHINA = "CHN"


@cache
def claim_cues() -> dict[ClaimKind, re.Pattern[str]]:
    raw = rule_file("claims.yaml")
    return {
        kind: re.compile(
            r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w-])", re.IGNORECASE
        )
        for kind, patterns in raw["claims"].items()
    }


def concerns_china(view: SentenceView) -> bool:
    return any(m.country == CHINA for m in view.mentions)


def find_claims(analysis: Analysis) -> list[Claim]:
    cues = claim_cues()
    return claims_from(
        analysis, lambda view: next((k for k, p in cues.items() if p.search(view.text)), None)
    )


def claims_from(
    analysis: Analysis, kind_of: Callable[[SentenceView], ClaimKind | None]
) -> list[Claim]:
    """The claims of a document, whatever the language reads as a claim (`kind_of` gives a
    sentence's kind, or None): only in paragraphs that concern China, consecutive sentences of
    one paragraph and one kind as one claim."""
    claims: list[Claim] = []
    last: tuple[ClaimKind, int, int] | None = None  # kind, paragraph, sentence index
    china_paragraphs = {s.sentence.paragraph for s in analysis.sentences if concerns_china(s)}
    for view in analysis.sentences:
        if view.sentence.paragraph not in china_paragraphs:
            continue
        kind = kind_of(view)
        if kind is None:
            continue
        countries = tuple(dict.fromkeys(view.countries()))
        if kind != "disinformation":
            countries = tuple(c for c in countries if c != CHINA)
        evidence = Evidence(start=view.start, end=view.end, quote=view.sentence.text)
        if last == (kind, view.sentence.paragraph, view.index - 1):
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
