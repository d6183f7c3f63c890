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

from chinatracker.extract.claims import claims_from
from chinatracker.extract.zh.vocabulary import zh_file
from chinatracker.records import Claim, ClaimKind

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis


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


def find_claims(analysis: Analysis) -> list[Claim]:
    cues, negation = claim_cues()
    return claims_from(
        analysis,
        lambda view: next((k for k, p in cues.items() if _claimed(p, negation, view.lower)), None),
    )
