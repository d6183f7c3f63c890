"""The cheap passes over a Chinese document: sentences, names, quantities, items and dates.

They fill the same `Analysis` as the English passes, so the learned event model, the event
builder and the evaluation read a Chinese document exactly as an English one. Each sentence
view also keeps its simplified text, on which every Chinese pattern is matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

from chinatracker.extract.dates import FoundDate
from chinatracker.extract.pipeline import Analysis, SentenceView
from chinatracker.extract.zh import sentences
from chinatracker.extract.zh.dates import find_dates
from chinatracker.extract.zh.events import score
from chinatracker.extract.zh.names import chinese_names
from chinatracker.extract.zh.quantities import ItemFound, find_quantities
from chinatracker.records import DateSpan, Document
from chinatracker.reference.scripts import to_simplified


@dataclass
class ChineseSentenceView(SentenceView):
    simple: str = ""
    items: list[ItemFound] = field(default_factory=list)
    # The date of a timeline heading above the sentence's paragraph ("3月19日" alone on a line,
    # then what happened that day): the sentence's date when it names none itself.
    heading_date: DateSpan | None = None
    # The day that 当天 / 当日 / 同日 ("that same day") points back to: the last day-precise date
    # written before it, in this sentence or an earlier one.
    same_day: DateSpan | None = None

    @cached_property
    def lower(self) -> str:
        return self.simple

    @cached_property
    def grams(self) -> list[str]:
        """Character unigrams and bigrams, read by the learned model for this sentence and the
        next one."""
        from chinatracker.extract.learned.features import han_grams

        return han_grams(self.simple)

    @cached_property
    def cue_scores(self) -> dict[str, float]:
        """The Chinese cue rules' score per category (`data/zh/event_rules.yaml`)."""
        return score(self.simple)


def analyse(document: Document) -> Analysis:
    text = document.text
    simplified = to_simplified(text)
    names = chinese_names()
    mentions = names.mentions(text, simplified)
    views: list[SentenceView] = []
    last_day: DateSpan | None = None
    position = 0
    for i, sentence in enumerate(sentences.split_sentences(text)):
        simple = simplified[sentence.start : sentence.end]
        view = ChineseSentenceView(i, sentence, simple=simple)
        while position < len(mentions) and mentions[position].end <= sentence.start:
            position += 1
        scan = position
        while scan < len(mentions) and mentions[scan].start < sentence.end:
            if mentions[scan].end <= sentence.end:
                view.mentions.append(mentions[scan])
            scan += 1
        view.quantities, view.items = find_quantities(
            simplified, text, sentence.start, sentence.end
        )
        view.dates = find_dates(simplified, document.published, sentence.start, sentence.end)
        previous = cast(ChineseSentenceView, views[-1]) if views else None
        view.heading_date = _heading_date(previous, sentence.start, simplified, document)
        pointer = SAME_DAY.search(simple)
        if pointer is not None:
            before = [
                d.span
                for d in view.dates
                if d.start < sentence.start + pointer.start() and d.span.precision == "day"
            ]
            view.same_day = before[-1] if before else last_day
        days = [d.span for d in view.dates if d.span.precision == "day"]
        last_day = days[-1] if days else last_day
        views.append(view)
    return Analysis(document=document, sentences=views)


# Words for "that same day", which point back to the last day written.
SAME_DAY = re.compile(r"当天|当日|同日|同一天|是日")
# What a heading line may hold besides its date: spaces, bullets, punctuation and the clock it
# is told in ("当地时间5月13日").
HEADING_CLUTTER = re.compile(r"[\s●•■◆▲·:：,，.。、()（）\-—]+|当地时间|北京时间")


def _date_alone(found: list[FoundDate], line: str) -> DateSpan | None:
    """The day of a line that holds one day-precise date and nothing else but clutter."""
    if len(found) != 1 or found[0].span.precision != "day":
        return None
    return None if HEADING_CLUTTER.sub("", line.replace(found[0].text, "", 1)) else found[0].span


def _heading_date(
    previous: ChineseSentenceView | None, start: int, simplified: str, document: Document
) -> DateSpan | None:
    """A timeline's day: a line between the previous sentence and this one, or the previous
    sentence itself, that holds nothing but one day-precise date ("3月19日", then what happened
    that day) dates the sentence; a sentence of the same paragraph as the previous one carries
    its heading's date on."""
    gap_start = previous.end if previous is not None else 0
    gap = simplified[gap_start:start]
    offset = gap_start
    heading = None
    if previous is not None and "\n" in gap:
        # A story set one phrase per line opens with "当地时间5月13日" as a sentence of its own.
        heading = _date_alone(previous.dates, simplified[previous.start : previous.end])
    for line in gap.split("\n"):
        found = find_dates(simplified, document.published, offset, offset + len(line))
        heading = _date_alone(found, line) or heading
        offset += len(line) + 1
    if heading is not None:
        return heading
    if previous is not None and "\n" not in gap:
        return previous.heading_date
    return None
