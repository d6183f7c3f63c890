"""When an event happened: which of the dates in its sentences is the happening's own.

An event's sentences name many dates besides the day of the happening: the day it was reported
("the ministry said on Saturday"), the edge of another span of time ("since August", "after
March 5"), a target ("by 2022"), something recalled ("Moscow's February 2022 invasion"). The
gold rules (docs/annotation.md, decisions 10, 15, 29, 31 and 40) say which one counts:

- a dateline's date dates the filing; a date given for the report of a delivery is not the
  delivery's (`delivery_categories`, decision 40), while in other news the day an official
  spoke is most often the day of what is reported;
- a date after "since", "after", "following" ... marks another span of time, and "by" with a
  date after publication is a target; neither is the happening's;
- a current event happened within months of publication (decision 15), so a date that ended
  `background_days` or more before publication belongs to something recalled;
- of the dates left, the first one with a day or a month wins; a bare year, or a date that
  names another thing ("the February election"), only when nothing more precise is there;
- "last week", "this week" are the month (decision 10), with no end (decision 29);
- a year after the publication year that is not the time of a planned happening ("in 2025",
  "next year") but names a thing ("2025 will be the Golden Year", "2035 climate targets")
  dates no happening;
- a current event dated only by the publication year ("the 2024 FOCAC summit", "this year")
  is news of the publication month: it happened within months of its report (decision 15), and
  a vague date is coded as its month (decision 10), here the month the report speaks from.

With no date left, the event may take one from a sentence next to its own (`borrowed_date`):
news often names the happening in one sentence and dates it in the next ("They began on August
9"), and an event's sentences are only those its category was found in. A neighbour lends its
date only when it tells the same story, which the caller judges (the learned engine: the model
gives the neighbour some chance of the same category); otherwise the event has no date, since a
reaction the text does not date is not given the date of what it reacts to (decision 31).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from chinatracker.extract.dates import FoundDate
from chinatracker.extract.rule_files import rule_file
from chinatracker.records import DateSpan

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import SentenceView

_RAW = rule_file("event_dates.yaml")


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


# Between a reporting word and its date: "said on", "said in a statement on", "told reporters
# on", "according to a report from the Media Centre of the Fiji Government on". Lower-case words
# other than these would be a clause of their own ("said the troops arrived on Friday").
_LINK = (
    r"(?:in|on|at|a|an|the|to|of|from|by|its|his|her|their|statement|reporters|journalists|"
    r"media|press|conference|briefing|interview|website|release|report|late|early|posted|"
    r"local|here|state|official|"
    r"[A-Z][\w.'’()-]*)"
)
_REPORT_BEFORE = re.compile(
    rf"\b(?:{_alternation(_RAW['report_verbs_before'])})(?:\s+{_LINK}){{0,10}}\s*\Z"
)
_REPORT_AFTER = re.compile(rf"\A\s+(?:{_alternation(_RAW['report_verbs_after'])})\b")
# A dateline the sentence splitter left in the body: "BEIJING, Oct. 21, 2024 /PRNewswire/ --",
# "ATHENS (UrduPoint News / Sputnik - 21st March, 2020) China has sent ...", "BEIJING, Apr 26
# (APP): China's Ningxia has donated ...". It dates the filing.
_WIRES = _alternation(_RAW["wire_services"])
_WIRE_AFTER = re.compile(rf"\A\s*(?:/|\()\s*(?:{_WIRES})\b")
_WIRE_OPEN = re.compile(rf"\((?=[^()]*\b(?:{_WIRES})\b)[^()]*\Z")
_REFERENCE = re.compile(rf"\b(?:{_alternation(_RAW['reference_triggers'])})\s+(?:the\s+)?\Z", re.I)
# "Since the beginning of his term as Prime Minister in August", "Following his inauguration
# on Oct 20": the date of a short phrase after a reference word is that phrase's, not the
# happening's (a clause of up to eight words, no punctuation, at the start of a sentence).
_REFERENCE_CLAUSE = re.compile(
    rf"\A\W*(?:{_alternation(_RAW['reference_clause_triggers'])})\s+"
    rf"(?:[^\s,;:]+\s+){{1,8}}(?:in|on)\s+\Z",
    re.I,
)
# "... despite some progress since presidents Biden and Xi met last November": anywhere in a
# sentence, "since" and a short clause lead to the start of another span of time.
_SINCE_CLAUSE = re.compile(r"\bsince\s+(?:[^\s,;:]+\s+){1,8}\Z", re.I)
_TARGET = re.compile(rf"\b(?:{_alternation(_RAW['target_triggers'])})\s+\Z", re.I)
# "the February election", "Moscow's February 2022 invasion": a date naming another thing.
_DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|this|that)|['’]s)\s+\Z")
_NOUN_AFTER = re.compile(r"\A\s+([a-z]+)\b")
_NOT_NOUNS = frozenset(_RAW["not_nouns"])
DELIVERY_CATEGORIES = frozenset(_RAW["delivery_categories"])
BACKGROUND = dt.timedelta(days=int(_RAW["background_days"]))
_WEEK = re.compile(r"\bweek\Z", re.IGNORECASE)
# The phrases of the publication year that stand for "now" ("this year", "2024"), unlike those
# that point away from it ("earlier this year", "later this year", "by the end of this year").
_PLANNED_IN = re.compile(rf"\b(?:{_alternation(_RAW['planned_year_words'])})\s+\Z", re.I)
_NOW_YEAR = re.compile(
    rf"\A(?:{_alternation(_RAW['publication_year_phrases'])}|[12][0-9]{{3}})\Z", re.IGNORECASE
)
# "whose four-day visit concluded on Monday", "wrapping up his three-day trip on Friday": the
# visit's own date is its first day (decision 29), counted back from the day it ended.
_DAY_COUNTS = {word: n for n, word in enumerate(_RAW["day_counts"], start=1)}
_SPAN_ENDED = re.compile(
    rf"\b(?P<days>{'|'.join(_DAY_COUNTS)}|[1-9])[- ]day\s+(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:{_alternation(_RAW['multi_day_nouns'])})\b(?P<gap>[^.;]{{0,60}}?)"
    rf"\b(?:{_alternation(_RAW['span_end_verbs'])})(?:\s+(?:on|in|at))?\s*\Z",
    re.IGNORECASE,
)
_SPAN_ENDING = re.compile(
    rf"\b(?:{_alternation(_RAW['span_ending_verbs'])})\s+(?:\w+\s+){{0,2}}?"
    rf"(?P<days>{'|'.join(_DAY_COUNTS)}|[1-9])[- ]day\s+(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:{_alternation(_RAW['multi_day_nouns'])})\b",
    re.IGNORECASE,
)
# "On Monday, the last leg of his four-day visit": the last day named before the span's length.
_SPAN_LAST_AFTER = re.compile(
    rf"\A[\s,(]+(?:the\s+)?(?:{_alternation(_RAW['span_last_words'])})\s+of\s+"
    rf"(?:\w+['’]s|his|her|their|its|the|a)\s+"
    rf"(?P<days>{'|'.join(_DAY_COUNTS)}|[1-9])[- ]day\s+(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:{_alternation(_RAW['multi_day_nouns'])})\b",
    re.IGNORECASE,
)
NEIGHBOURS = int(_RAW["borrow_within_sentences"])


def event_date(
    views: Sequence[SentenceView], category: str, published: dt.date | None
) -> DateSpan | None:
    """The date of the happening the event's sentences report, or None."""
    best: DateSpan | None = None
    for view in views:
        for found in view.dates:
            started = _start_of_ended_span(view, found)
            if started is not None:
                return started
    for view in views:
        for found in view.dates:
            if not _is_happening(view, found, category, published):
                continue
            if found.span.precision != "year" and not _names_another_thing(view, found):
                return _as_coded(found)
            best = best or _as_coded(found, published)
    return best


def _start_of_ended_span(view: SentenceView, found: FoundDate) -> DateSpan | None:
    """The first day of a visit, trip or summit of a stated length whose last day the sentence
    dates ("whose four-day visit concluded on Monday", "on Monday, the last leg of his four-day
    visit"), else None."""
    if found.span.precision != "day" or found.span.end is not None:
        return None
    before = view.text[: found.start - view.start]
    match = _SPAN_ENDED.search(before) or _SPAN_LAST_AFTER.match(
        view.text[found.end - view.start :]
    )
    if match is None:
        # "Wrapping up his four-day trip on Friday": the verb before the span's length.
        ending = _SPAN_ENDING.search(before)
        if ending is None or len(before) - ending.end() > 40:
            return None
        match = ending
    word = match.group("days").lower()
    days = int(word) if word.isdigit() else _DAY_COUNTS[word]
    if days < 2:
        return None
    first = found.span.start - dt.timedelta(days=days - 1)
    return DateSpan(start=first, precision="day", text=found.span.text)


def _is_happening(
    view: SentenceView, found: FoundDate, category: str, published: dt.date | None
) -> bool:
    before = view.text[: found.start - view.start]
    after = view.text[found.end - view.start :]
    if _WIRE_AFTER.match(after) or _WIRE_OPEN.search(before):
        return False
    if category in DELIVERY_CATEGORIES and (
        _REPORT_BEFORE.search(before) or _REPORT_AFTER.match(after)
    ):
        return False
    if _REFERENCE.search(before) or _REFERENCE_CLAUSE.match(before) or _SINCE_CLAUSE.search(before):
        return False
    if published is None:
        return True
    if _TARGET.search(before) and found.span.start > published:
        return False
    if (
        found.span.precision == "year"
        and found.span.start.year > published.year
        and found.kind == "year"
        and not _PLANNED_IN.search(before)
    ):
        return False
    return _last_day(found.span) > published - BACKGROUND


def _last_day(span: DateSpan) -> dt.date:
    if span.end is not None:
        return span.end
    if span.precision == "year":
        return dt.date(span.start.year, 12, 31)
    if span.precision == "month":
        following = dt.date(span.start.year + span.start.month // 12, span.start.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return span.start


def _names_another_thing(view: SentenceView, found: FoundDate) -> bool:
    before = view.text[: found.start - view.start]
    noun = _NOUN_AFTER.match(view.text[found.end - view.start :])
    return bool(_DETERMINER_BEFORE.search(before) and noun and noun.group(1) not in _NOT_NOUNS)


def coded_week(span: DateSpan) -> bool:
    """Whether a month-precision date stands for a week ("last week", "next week"), coded as
    its month for want of a day (decision 10)."""
    return span.precision == "month" and bool(_WEEK.search((span.text or "").strip()))


def day_within(coded: DateSpan, part: DateSpan | None) -> bool:
    """Whether `part` gives a day inside the month a vague date was coded as: decision 10 codes
    "next week" or 近日 as its month only where the text gives no day."""
    return (
        part is not None
        and part.precision == "day"
        and (part.start.year, part.start.month) == (coded.start.year, coded.start.month)
    )


def _as_coded(found: FoundDate, published: dt.date | None = None) -> DateSpan:
    """ "Last week" and "this week" are coded as their month (decision 10): start on the first
    day of the month the week begins in, no end (decision 29). The publication year on its own
    ("this year", "2024"), given `published`, is coded as the publication month (decisions 10
    and 15), the month a current event was reported in."""
    span = found.span
    if found.kind == "relative" and _WEEK.search(span.text):
        return DateSpan(start=span.start.replace(day=1), precision="month", text=span.text)
    if (
        published is not None
        and span.precision == "year"
        and span.start.year == published.year
        and _NOW_YEAR.match(span.text.strip())
    ):
        return DateSpan(start=published.replace(day=1), precision="month", text=span.text)
    return span


def borrowed_date(
    sentences: Sequence[SentenceView],
    views: Sequence[SentenceView],
    category: str,
    published: dt.date | None,
    same_story: Callable[[SentenceView], bool],
) -> DateSpan | None:
    """The date of the nearest sentence within `NEIGHBOURS` of the event's own (the one before
    first at each distance) that tells the same story and dates a happening."""
    own = {view.index for view in views}
    for distance in range(1, NEIGHBOURS + 1):
        for index in sorted(own):
            for near in (index - distance, index + distance):
                if near in own or not 0 <= near < len(sentences):
                    continue
                neighbour = sentences[near]
                if not neighbour.dates or not same_story(neighbour):
                    continue
                found = event_date([neighbour], category, published)
                if found is not None:
                    return found
    return None
