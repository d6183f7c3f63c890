"""Named features of one body sentence, for the learned event model.

The model sees the words (unigrams and bigrams of the sentence, and unigrams of the sentence
before, since "The two sides also signed..." takes its meaning from what came first) and what
the rule passes already know: the cue scores of each taxonomy category, whether a Chinese actor
acts, foreign parties, hedges, figures, and how old the sentence's date is against the
publication date, which is what separates news from a recalled event. Pure functions: the same
sentence gives the same features wherever it runs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from chinatracker.extract import events as rules
from chinatracker.extract.rule_files import rule_file
from chinatracker.reference.scripts import is_chinese

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis, SentenceView

TOKEN = re.compile(r"[a-z][a-z'’-]*|\d+")
# Chinese has no spaces: runs of Han characters, read as character unigrams and bigrams (most
# Chinese words are one or two characters), with runs of digits and Latin letters as words.
HAN_RUN = re.compile(r"[\u3400-\u9fff]+|[a-z]+|\d+")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
Features = dict[str, float]


def _phrases(words: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    alternation = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)
    return re.compile(rf"(?<![\w'’])(?:{alternation})(?![\w'’])")


# Tense and aspect groups of `extract/data/event_features.yaml`.
ASPECTS = {name: _phrases(words) for name, words in rule_file("event_features.yaml").items()}
# Where in the body the sentence stands: the news is told first, recollections and comment
# follow (on dev, two in five right events start in the first three sentences, one in seven
# false alarms).
POSITIONS = ((0, "0"), (2, "1-2"), (5, "3-5"), (10, "6-10"))
# Sentences in a body from which it reads as a long piece (analysis, opinion, a feature).
LONG_BODY = 40


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def age_bucket(days: int) -> str:
    """Coarse age of a date against publication: what the status head needs, no more."""
    if days < -3:
        return "future"
    if days <= 31:
        return "month"
    if days <= 120:
        return "quarter"
    if days <= 400:
        return "year"
    return "older"


def date_features(features: Features, view: SentenceView, published: dt.date | None) -> None:
    """Whether the sentence is dated, and how old its first date is against publication: what
    tells news from a recalled event, in either language."""
    if view.dates:
        features["dated"] = 1.0
        if published is not None:
            days = (published - view.dates[0].span.start).days
            features[f"age:{age_bucket(days)}"] = 1.0


def sentence_features(analysis: Analysis, view: SentenceView) -> Features:
    features: Features = {"bias": 1.0}
    words = view.words
    for word in words:
        features[f"w:{word}"] = 1.0
    for a, b in itertools.pairwise(words):
        features[f"b:{a}_{b}"] = 1.0
    if view.index > 0:
        for word in analysis.sentences[view.index - 1].words:
            features[f"p:{word}"] = 0.5
    for code, strength in view.cue_scores.items():
        features[f"rule:{code}"] = min(strength, 3.0)
    related = rules.china_related(view)
    features["china_related"] = float(related)
    features["chinese_actor"] = float(rules.chinese_actor(view))
    features["foreign_party"] = float(rules.has_foreign_party(view))
    features["specific"] = float(rules.is_specific(view))
    features["hedge"] = float(bool(rules.HEDGE.search(view.text)))
    features["caption"] = float(bool(rules.CAPTION.search(view.text)))
    features["meeting"] = float(bool(rules.MEETING.search(view.lower)))
    parties = len(rules.parties(view))
    features[f"parties:{min(parties, 3)}"] = 1.0
    features["quantities"] = float(bool(view.quantities))
    published = analysis.document.published
    date_features(features, view, published)
    if published is not None:
        for year in YEAR.findall(view.text):
            features[f"year_age:{age_bucket((published - dt.date(int(year), 7, 1)).days)}"] = 1.0
    if view.index == 0:
        features["first"] = 1.0
    english_context(features, analysis, view)
    return features


def english_context(features: Features, analysis: Analysis, view: SentenceView) -> None:
    """Tense and aspect, place in the body, and the age of a future or recalled date: what
    tells the news of the day from a plan, a hope or a recollection, beyond single words."""
    for name, pattern in ASPECTS.items():
        if pattern.search(view.lower):
            features[f"aspect:{name}"] = 1.0
    features[f"position:{position_bucket(view.index)}"] = 1.0
    share = view.index / max(1, len(analysis.sentences))
    features[f"share:{min(int(share * 4), 3)}"] = 1.0
    # A long piece past its opening is commentary more often than news: out of fold on train,
    # most events after the first quarter of a body of 40 or more sentences were false alarms,
    # against one in four in its first quarter. A linear model cannot cross length with place
    # by itself, so the pair is one feature.
    if len(analysis.sentences) >= LONG_BODY:
        features[f"long_share:{min(int(share * 4), 3)}"] = 1.0
    if "aspect:future" in features and "age:future" in features:
        features["future_dated"] = 1.0
    if "aspect:recalled" in features and "aspect:recent" not in features:
        features["recalled_only"] = 1.0


def position_bucket(index: int) -> str:
    for last, name in POSITIONS:
        if index <= last:
            return name
    return "later"


def han_grams(text: str) -> list[str]:
    """Character unigrams and bigrams of each Han run; a digit or Latin run is one gram."""
    grams: list[str] = []
    for run in HAN_RUN.findall(text.lower()):
        if not run[0] >= "\u3400":
            grams.append("0" if run.isdigit() else run)
            continue
        grams.extend(run)
        grams.extend(a + b for a, b in itertools.pairwise(run))
    return grams


# What separates news from a total, a hope or a recollection in Chinese (docs/annotation.md).
CHINESE_SIGNALS = {
    "aggregate": re.compile(r"累计|截至|迄今|总计|先后|多批|多次|据统计|目前已|至此|共向"),
    "hedge": re.compile(r"可能|或将|如果|若|是否|希望|愿意|愿同|将继续"),
    "past": re.compile(r"此前|曾|早在|去年|前年|上一次|以来"),
    "meeting": re.compile(r"会见|会谈|通电话|视频|会晤|磋商|出席"),
}


def _grams(view: SentenceView) -> list[str]:
    """The sentence's character grams, computed once per sentence (they serve it and the next)."""
    cached = getattr(view, "grams", None)
    return cached if cached is not None else han_grams(view.lower)


def chinese_sentence_features(analysis: Analysis, view: SentenceView) -> Features:
    """The features of `sentence_features` for a Chinese sentence: character grams of the
    simplified text in place of words and word pairs, the Chinese cue scores, and the same
    signals from the Chinese passes (actors, foreign parties, figures, dates and their age)."""
    features: Features = {"bias": 1.0}
    simple = view.lower
    features.update(dict.fromkeys(["c:" + gram for gram in _grams(view)], 1.0))
    if view.index > 0:
        previous = _grams(analysis.sentences[view.index - 1])
        features.update(dict.fromkeys(["p:" + g for g in previous if len(g) == 2], 0.5))
    for code, strength in view.cue_scores.items():
        features[f"rule:{code}"] = min(strength, 3.0)
    for name, pattern in CHINESE_SIGNALS.items():
        if pattern.search(simple):
            features[name] = 1.0
    countries = {m.country for m in view.mentions if m.country}
    features["china_related"] = float(bool(countries & rules.CHINA_RELATED))
    channels = {m.role for m in view.mentions if (m.role or "").startswith("channel:")}
    features["chinese_actor"] = float(bool(channels))
    for channel in channels:
        features[str(channel)] = 1.0
    foreign = countries - rules.CHINA_RELATED
    features["foreign_party"] = float(bool(foreign))
    features[f"parties:{min(len(countries), 3)}"] = 1.0
    features["quantities"] = float(bool(view.quantities))
    date_features(features, view, analysis.document.published)
    if view.index == 0:
        features["first"] = 1.0
    return features


def features_for(analysis: Analysis) -> Callable[[Analysis, SentenceView], Features]:
    """The feature function for the document's language."""
    if is_chinese(analysis.document.language):
        return chinese_sentence_features
    return sentence_features
