"""The cheap passes over a Chinese document: sentences, names, quantities, items and dates.

They fill the same `Analysis` as the English passes, so the learned event model, the event
builder and the evaluation read a Chinese document exactly as an English one. Each sentence
view also keeps its simplified text, on which every Chinese pattern is matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from chinatracker.extract.pipeline import Analysis, SentenceView
from chinatracker.extract.zh import sentences
from chinatracker.extract.zh.dates import find_dates
from chinatracker.extract.zh.events import score
from chinatracker.extract.zh.names import chinese_names
from chinatracker.extract.zh.quantities import ItemFound, find_quantities
from chinatracker.records import Document
from chinatracker.reference.scripts import to_simplified


@dataclass
class ChineseSentenceView(SentenceView):
    simple: str = ""
    items: list[ItemFound] = field(default_factory=list)

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
        views.append(view)
    return Analysis(document=document, sentences=views)
