"""Quotations in Chinese text: words inside “…”, 「…」 or 『…』 of at least a clause, with the
speaker when a known actor stands just before the speech verb (表示, 说, 指出 …)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from chinatracker.records import Evidence, Quote

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis
    from chinatracker.extract.zh.analysis import ChineseSentenceView

QUOTED = re.compile(r"[“「『]([^“”「」『』]{8,600}?)[”」』]")
SPEECH = re.compile(r"(?:表示|说|指出|强调|称|介绍|认为|告诉)[:：，,]?\s*$")


def find_quotes(analysis: Analysis) -> list[Quote]:
    found = []
    text = analysis.text
    for view in analysis.sentences:
        zh = cast("ChineseSentenceView", view)
        for match in QUOTED.finditer(text, view.start, view.end):
            before = zh.simple[: match.start() - view.start]
            if not SPEECH.search(before):
                continue
            speakers = [m for m in view.mentions if m.end <= match.start()]
            speaker = speakers[-1].canonical if speakers else None
            start, end = match.start(1), match.end(1)
            found.append(
                Quote(
                    speaker=speaker,
                    text=text[start:end],
                    evidence=(Evidence(start=start, end=end, quote=text[start:end]),),
                    confidence=0.7 if speaker else 0.5,
                )
            )
    return found
