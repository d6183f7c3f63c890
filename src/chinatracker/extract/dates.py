"""Dates in news text, resolved against the publication date, with exact offsets.

`find_dates` returns every date expression in a text as a `FoundDate`: the resolved `DateSpan`,
its offsets, and its kind:

- "absolute": a day ("June 15, 2020", "15 June 2020", "2020-06-15", "on June 4");
- "month": a month ("April 2020", "in April", "mid-January", "early April", "end of June");
- "year": a year ("in 2019", "by 2049", "the 1989 crackdown");
- "relative": words that need the publication date ("yesterday", "on Friday", "last week",
  "last month", "this year", "three days ago");
- "range": two dates joined by "between ... and", "from ... to" or a dash ("between March 13
  and June 19", "January–June 2020", "on February 9-10"). "June 22 and June 28" stays two dates.

Rules an analyst should know:

- A date without a year takes the publication year, unless that would put it more than
  `max_days_after_publication` (62) days after publication; then it takes the year before (news
  reports the past). A range without years applies the rule to its end and puts its start in the
  same year, or the year before when the start month comes after the end month.
- Dates are never resolved against today. Without a publication date, anything that needs one
  (a missing year, "yesterday", "on Friday") is dropped, not guessed.
- "Friday" / "on Friday" / "this Friday" is the most recent Friday on or before publication,
  or the next one on or after it when the sentence speaks of the future ("will", "is due to");
  "last Friday" is strictly before and "next Friday" strictly after publication.
- "last week" / "this week" / "next week" are the Monday-to-Sunday week (day precision, with an
  end); "last month" and "this year" have month and year precision; "N weeks ago" is the day
  7×N days before publication.
- A month name alone is a date only after a word such as "in", "since", "by", "early" or as part
  of a range, so "China may" and "troops march" are not dates; "Long March 5" is a rocket.
  Trigger words ("in", "between") are not part of a date's text; modifiers ("early", "mid-",
  "end of") are.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from chinatracker.extract.rule_files import rule_file
from chinatracker.records import DateSpan, Precision

DateKind = Literal["absolute", "relative", "range", "month", "year"]

_S = "[ \\t\\u00a0\\u202f]"


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date expression found in a text: what it means and where it is."""

    span: DateSpan
    start: int
    end: int
    kind: DateKind

    @property
    def text(self) -> str:
        return self.span.text


def _texts(values: Iterable[Any], key: str) -> frozenset[str]:
    """A list of words from the data file; YAML turns a bare `On` or `no` into a boolean."""
    values = list(values)
    bad = [v for v in values if not isinstance(v, str)]
    if bad:
        raise ValueError(
            f"extract/data/dates.yaml: {key} holds non-text entries {bad!r}; quote them"
        )
    return frozenset(values)


_RAW = rule_file("dates.yaml")
_MONTH_NUMBERS: dict[str, int] = {**_RAW["months"], **_RAW["month_abbreviations"]}
_MONTH_NUMBERS.update({name.upper(): n for name, n in _RAW["months"].items()})
_FULL_MONTHS = frozenset(_RAW["months"]) | frozenset(m.upper() for m in _RAW["months"])
_WEEKDAYS: dict[str, int] = _RAW["weekdays"]
_COUNT_WORDS: dict[str, int] = _RAW["count_words"]
_MONTH_BLOCKERS = {m: _texts(words, m) for m, words in _RAW["month_blockers"].items()}
_WEEKDAY_BLOCKERS = _texts(_RAW["weekday_blockers"], "weekday_blockers")
_YEAR_ALLOWED_BEFORE = frozenset(
    w.lower() for w in _texts(_RAW["year_allowed_before"], "year_allowed_before")
)
_MAX_AHEAD = dt.timedelta(days=int(_RAW["max_days_after_publication"]))


def _phrases(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any in-line space."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join((_S + "+").join(re.escape(w) for w in p.split()) for p in ordered)


# --- compiled once -------------------------------------------------------------------------------
_ABBREVIATED = [m for m in _MONTH_NUMBERS if m not in _FULL_MONTHS]
# A full stop belongs to an abbreviation ("Oct. 5"), never to a full name ("in April.").
_MONTH = rf"(?:(?:{_phrases(_FULL_MONTHS)})\b|(?:{_phrases(_ABBREVIATED)})\b\.?)"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![^\W_])"
_YEAR4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_YEAR = _YEAR4 + r"(?![^\W_]|[.,][0-9])"
_DASH = f"{_S}*[-–]{_S}*"
# Every kind starts at a word boundary: said once, so a position inside a word fails one test,
# not one per kind.
_ATOM = re.compile(
    r"\b(?:"
    rf"(?P<iso>(?P<iy>{_YEAR4})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12][0-9]|3[01])\b)"
    rf"|(?P<md>(?P<m1>{_MONTH}){_S}+(?P<d1>{_DAY})(?:{_DASH}(?P<d1b>{_DAY}))?"
    rf"(?:,?{_S}+(?P<y1>{_YEAR}))?)"
    rf"|(?P<dm>(?P<d2>{_DAY})(?:{_DASH}(?P<d2b>{_DAY}))?{_S}+(?:of{_S}+)?(?P<m2>{_MONTH})"
    rf"(?:,?{_S}+(?P<y2>{_YEAR}))?)"
    rf"|(?P<my>(?P<m3>{_MONTH})(?:,?{_S}+(?P<y3>{_YEAR})"
    rf"|{_S}+(?:of{_S}+)?(?P<ry>this|last|next){_S}+year\b)?)"
    rf"|(?P<year>(?P<y4>{_YEAR}))"
    rf"|(?P<wd>(?:{_phrases(_WEEKDAYS)})\b)"
    r"|(?P<rel>(?i:yesterday|today|tomorrow|tonight"
    rf"|last{_S}+night|this{_S}+(?:morning|afternoon|evening)|(?:earlier|later){_S}+today"
    rf"|(?:(?<=over{_S})|(?<=at{_S})|(?<=during{_S}))the{_S}+weekend"
    rf"|(?:earlier|later){_S}+this{_S}+(?:week|month|year)"
    rf"|(?:last|this|next){_S}+(?:weekend|week|month|year)"
    rf"|(?P<agon>{_phrases(_COUNT_WORDS)}|[0-9]{{1,3}}){_S}+(?P<agou>day|week|month|year)s?"
    rf"{_S}+ago)\b))"
)
_BEFORE = re.compile(
    rf"(?:(?<![^\W_])(?P<trig>{_phrases(_texts(_RAW['month_triggers'], 'triggers'))}){_S}+)?"
    rf"(?:(?<![^\W_])the{_S}+)?"
    rf"(?P<mod>(?<![^\W_])(?:{_phrases(_texts(_RAW['modifiers'], 'modifiers'))})"
    rf"(?:{_S}+|-)(?:the{_S}+)?)?\Z",
    re.IGNORECASE,
)
_PREV_WORD = re.compile(rf"([^\W\d_][\w'’.\-]*){_S}+\Z")
_RANGE_GAP = re.compile(rf"{_S}*(?:[-–—]|to|until|till|through|thru|and){_S}*\Z", re.IGNORECASE)
_FUTURE = re.compile(
    rf"\b(?:{_phrases(_texts(_RAW['future_cues'], 'future_cues'))})\b", re.IGNORECASE
)
# A line break inside a sentence is a wrap of the line ("will be held in\nBeijing\nfrom
# Wednesday"); only a blank line ends a paragraph.
_SENTENCE_BREAK = re.compile(r"[.!?]|\n[ \t]*\n")
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_PAST_BEFORE = re.compile(
    rf"(?<!\bbe{_S})(?<!\bbeing{_S})"
    rf"\b((?-i:[a-z]+ed)|{_phrases(_texts(_RAW['past_verbs'], 'past_verbs'))})"
    rf"(?:{_S}+(?:reporters|journalists))?(?:{_S}+(?:on|late|early|in{_S}+the))?{_S}*\Z",
    re.IGNORECASE,
)
_POSSESSED = re.compile(rf"['’]s{_S}+([^\W\d_]+)")
_NOT_A_DAY_AFTER = frozenset(_texts(_RAW["not_a_day_after"], "not_a_day_after"))
_NOT_PAST = frozenset(_texts(_RAW["not_past"], "not_past"))
_COUNTED_AFTER = re.compile(rf"{_S}+([a-z][a-z'’\-]*[a-rt-z]s)\b")
_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "this", "that", "a", "an"})
_BAD_BEFORE_YEAR = frozenset("$€£¥#+")


# --- atoms: one date expression each, before ranges are joined -----------------------------------
@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    level: Literal["day", "month", "year", "weekday", "relative"]
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day_end: int | None = None
    year_shift: int | None = None  # "March this year" → 0, "last year" → -1
    weekday: int | None = None
    trigger: str | None = None
    anchored: bool = True  # False: a bare month that needs a trigger or a range partner
    phrase: str = ""


def _day(value: str | None) -> int | None:
    return int(value.rstrip("stndrh")) if value else None


def _atom(text: str, match: re.Match[str], lo: int) -> _Atom | None:
    kind = match.lastgroup or ""
    start, end = match.start(), match.end()
    before = _BEFORE.search(text, max(lo, start - 40), start)
    trigger = before.group("trig").lower() if before and before.group("trig") else None
    if before and before.group("mod"):
        start = before.start("mod")
    elif trigger in ("last", "this", "next"):
        start = before.start("trig") if before else start  # "last Friday", "next March"
    prev = _PREV_WORD.search(text, max(0, match.start() - 30), match.start())
    prev_word = prev.group(1) if prev else ""
    if kind == "iso":
        return _Atom(start, end, "day", int(match["iy"]), int(match["im"]), int(match["id"]))
    if kind in ("md", "dm", "my"):
        month_name = (match["m1"] or match["m2"] or match["m3"]).rstrip(".")
        if prev_word in _MONTH_BLOCKERS.get(month_name.title(), ()):
            return None
        month = _MONTH_NUMBERS[month_name]
        year_text = match["y1"] or match["y2"] or match["y3"]
        year = int(year_text) if year_text else None
        if kind != "my":
            day = _day(match["d1"] or match["d2"])
            day_end = _day(match["d1b"] or match["d2b"])
            return _Atom(start, end, "day", year, month, day, day_end, trigger=trigger)
        atom = _Atom(start, end, "month", year, month, trigger=trigger)
        if match["ry"]:
            atom.year_shift = {"this": 0, "last": -1, "next": 1}[match["ry"]]
        elif year is None:
            if month_name not in _FULL_MONTHS:
                return None  # "Mar" alone is not a date
            atom.anchored = bool(trigger or (before and before.group("mod")))
        return atom
    if kind == "year":
        return _year_atom(text, match, start, end, prev_word, trigger)
    if kind == "wd":
        if prev_word in _WEEKDAY_BLOCKERS:
            return None
        return _Atom(start, end, "weekday", weekday=_WEEKDAYS[match.group()], trigger=trigger)
    if match.group()[0].isupper() and prev_word[:1].isupper() and not prev_word.endswith("."):
        return None  # "India Today", "Hunan Today": a title, not a day
    possessed = _POSSESSED.match(text, end)
    if possessed and possessed.group(1).lower() in _NOT_A_DAY_AFTER:
        return None  # "today's world"
    phrase = " ".join(match.group().lower().split())
    return _Atom(start, end, "relative", trigger=trigger, phrase=phrase)


def _year_atom(
    text: str, match: re.Match[str], start: int, end: int, prev_word: str, trigger: str | None
) -> _Atom | None:
    """A four-digit year, unless it is part of a name, an amount or a count."""
    core = match.start()
    if core > 0 and (
        text[core - 1] in _BAD_BEFORE_YEAR
        or (text[core - 1] in "-–" and core > 1 and text[core - 2].isalpha())
    ):
        return None  # "$2020", "COVID-2019"
    if prev_word and not prev_word.endswith("."):
        possessive = prev_word.endswith(("'s", "’s"))
        if (
            prev_word[0].isupper()
            and not possessive
            and prev_word.lower() not in _YEAR_ALLOWED_BEFORE
        ):
            return None  # "Vision 2030", "Type 2020"
    after = text[end : end + 12].lstrip(" \t\u00a0")
    if after.startswith(("%", "percent", "per cent")):
        return None
    counted = _COUNTED_AFTER.match(text, end)
    if counted and not trigger and prev_word.islower() and prev_word not in _DETERMINERS:
        return None  # "sent 2000 troops"; "the 2020 elections" is a year
    return _Atom(start, end, "year", int(match["y4"]), trigger=trigger)


# --- resolution ----------------------------------------------------------------------------------
def _infer_year(month: int, day: int | None, published: dt.date) -> int:
    """The publication year, or the year before if that is too far after publication."""
    last = calendar.monthrange(published.year, month)[1]
    candidate = dt.date(published.year, month, min(day or 1, last))
    return published.year - 1 if candidate > published + _MAX_AHEAD else published.year


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None  # "February 30"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _atom_year(atom: _Atom, published: dt.date | None, future: bool = False) -> int | None:
    """The year of a day or month atom: written, shifted ("this year"), or inferred. A sentence
    that speaks of the future ("the summit will be held in October") names the next such day or
    month on or after publication, however far ahead."""
    if atom.year is not None:
        return atom.year
    if published is None or atom.month is None:
        return None
    if atom.year_shift is not None:
        return published.year + atom.year_shift
    if atom.level == "month" and atom.trigger in ("last", "this", "next"):
        if atom.trigger == "this":
            return published.year
        if atom.trigger == "last":
            return published.year if atom.month < published.month else published.year - 1
        return published.year if atom.month > published.month else published.year + 1
    if future:
        last = calendar.monthrange(published.year, atom.month)[1]
        day = atom.day if atom.level == "day" and atom.day else last
        ahead = dt.date(published.year, atom.month, min(day, last)) >= published
        return published.year if ahead else published.year + 1
    return _infer_year(atom.month, atom.day, published)


def _is_future(text: str, start: int, lo: int) -> bool:
    """Whether the sentence up to a date speaks of the future. A quotation keeps its own tense
    ("'ties will be firm,' Li said on Wednesday"), and a date right after a verb in the past
    ("announced on Wednesday") is past, whatever the reported words promise; "will be held on
    Friday" is not."""
    window = text[max(lo, start - 150) : start]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    sentence = _QUOTED.sub(" ", window[breaks[-1].end() :] if breaks else window)
    past = _PAST_BEFORE.search(sentence)
    if past and past.group(1).lower() not in _NOT_PAST:
        return False
    return bool(_FUTURE.search(sentence))


def _weekday_date(atom: _Atom, published: dt.date, future: bool) -> dt.date:
    assert atom.weekday is not None
    today = published.weekday()
    if atom.trigger == "last":
        return published - dt.timedelta(days=(today - atom.weekday) % 7 or 7)
    if atom.trigger == "next":
        return published + dt.timedelta(days=(atom.weekday - today) % 7 or 7)
    if future:
        return published + dt.timedelta(days=(atom.weekday - today) % 7)
    return published - dt.timedelta(days=(today - atom.weekday) % 7)


_DAY_OFFSETS = {"yesterday": -1, "last night": -1, "today": 0, "tomorrow": 1, "tonight": 0}


def _relative_span(
    phrase: str, published: dt.date, future: bool = False
) -> tuple[dt.date, dt.date | None, Precision]:
    """What "yesterday", "last night", "last week", "earlier this month", "two weeks ago" mean.

    "Over the weekend" is the latest Saturday and Sunday on or before publication (a Monday
    paper's weekend is the one just gone), or the coming one when the sentence speaks of the
    future."""
    words = phrase.split()
    monday = published - dt.timedelta(days=published.weekday())
    day = dt.timedelta(days=1)
    if phrase in _DAY_OFFSETS:
        return published + _DAY_OFFSETS[phrase] * day, None, "day"
    if words[-1] in ("morning", "afternoon", "evening", "today"):  # "earlier today"
        return published, None, "day"
    if words[0] == "the":  # "over the weekend"
        saturday = (
            published
            + ((5 - published.weekday()) % 7 if future else -((published.weekday() - 5) % 7)) * day
        )
        return saturday, saturday + day, "day"
    if words[-1] == "ago":
        count = int(words[0]) if words[0].isdigit() else _COUNT_WORDS[words[0]]
        unit = words[1].rstrip("s")
        if unit == "day":
            return published - count * day, None, "day"
        if unit == "week":
            return published - 7 * count * day, None, "day"
        if unit == "month":
            return _shift_month(published, -count), None, "month"
        return dt.date(published.year - count, 1, 1), None, "year"
    shift = {"last": -1, "this": 0, "next": 1, "earlier": 0, "later": 0}[words[0]]
    unit = words[-1]
    if unit == "week":
        first = monday + 7 * shift * day
        if words[0] == "earlier":
            return first, (published if published > first else None), "day"
        return first, first + 6 * day, "day"
    if unit == "weekend":
        saturday = monday + (5 + 7 * shift) * day
        return saturday, saturday + day, "day"
    if unit == "month":
        return _shift_month(published, shift), None, "month"
    return dt.date(published.year + shift, 1, 1), None, "year"


_Meaning = tuple[dt.date, dt.date | None, Precision, DateKind]


def _meaning(text: str, atom: _Atom, published: dt.date | None, lo: int) -> _Meaning | None:
    """What one atom on its own means: (start, end, precision, kind), or None."""
    if atom.level == "year":
        assert atom.year is not None
        return dt.date(atom.year, 1, 1), None, "year", "year"
    if atom.level in ("relative", "weekday"):
        if published is None:
            return None
        future = _is_future(text, atom.start, lo)
        if atom.level == "relative":
            return (*_relative_span(atom.phrase, published, future), "relative")
        return _weekday_date(atom, published, future), None, "day", "relative"
    future = atom.year is None and published is not None and _is_future(text, atom.start, lo)
    year = _atom_year(atom, published, future) if atom.anchored else None
    if year is None or atom.month is None:
        return None
    if atom.level == "month":
        return dt.date(year, atom.month, 1), None, "month", "month"
    first = _make_date(year, atom.month, atom.day or 1)
    if first is None or atom.day_end is None:
        return (first, None, "day", "absolute") if first else None
    last = _make_date(year, atom.month, atom.day_end)
    return (first, last, "day", "range") if last and last > first else None  # "February 9-10"


def _resolve(text: str, atom: _Atom, published: dt.date | None, lo: int) -> FoundDate | None:
    meaning = _meaning(text, atom, published, lo)
    if meaning is None:
        return None
    first, last, precision, kind = meaning
    span = DateSpan(start=first, end=last, precision=precision, text=text[atom.start : atom.end])
    return FoundDate(span, atom.start, atom.end, kind)


def _joinable(text: str, first: _Atom, second: _Atom) -> bool:
    """Whether two neighbouring atoms are the two ends of one range."""
    if first.level != second.level or first.level not in ("day", "month", "year"):
        return False
    if first.day_end is not None or second.day_end is not None:
        return False
    gap = text[first.end : second.start]
    if not _RANGE_GAP.match(gap):
        return False
    if gap.strip().lower() == "and":
        return first.trigger == "between"
    return True


def _resolve_range(
    text: str, first: _Atom, second: _Atom, published: dt.date | None
) -> FoundDate | None:
    words = text[first.start : second.end]
    if first.level == "year":
        assert first.year is not None
        assert second.year is not None
        if second.year <= first.year:
            return None
        span = DateSpan(
            start=dt.date(first.year, 1, 1),
            end=dt.date(second.year, 12, 31),
            precision="year",
            text=words,
        )
        return FoundDate(span, first.start, second.end, "range")
    assert first.month is not None
    assert second.month is not None
    first_key, second_key = (first.month, first.day or 1), (second.month, second.day or 1)
    start_year = _atom_year(first, published) if first.year_shift is not None else first.year
    end_year = second.year
    if end_year is None and start_year is not None:  # "April 1, 2019 to March 31"
        end_year = start_year + (1 if second_key < first_key else 0)
    if end_year is None:
        end_year = _atom_year(second, published)
    if end_year is None:
        return None
    if start_year is None:  # "March 13–June 19, 2020", "from November to February"
        start_year = end_year - (1 if first_key > second_key else 0)
    if first.level == "month":
        start = dt.date(start_year, first.month, 1)
        end: dt.date | None = _month_end(end_year, second.month)
        precision: Precision = "month"
    else:
        start_day = _make_date(start_year, first.month, first.day or 1)
        end = _make_date(end_year, second.month, second.day or 1)
        if start_day is None or end is None:
            return None
        start, precision = start_day, "day"
    if end is None or end <= start:
        return None
    span = DateSpan(start=start, end=end, precision=precision, text=words)
    return FoundDate(span, first.start, second.end, "range")


def _weekday_range(
    text: str, first: _Atom, second: _Atom, published: dt.date | None, lo: int
) -> FoundDate | None:
    """ "From Wednesday to Friday" as one span of days, or None. Each weekday resolved alone
    may land in different weeks (a summit "to be held from Wednesday to Friday" in a paper of
    Thursday); the span ends on the second day and starts on the latest first weekday before
    it, as a span of days runs forward."""
    gap = text[first.end : second.start]
    if not _RANGE_GAP.match(gap) or (gap.strip().lower() == "and" and first.trigger != "between"):
        return None
    one = _resolve(text, first, published, lo)
    two = _resolve(text, second, published, lo)
    if one is None or two is None:
        return None
    end = two.span.start
    start = end - dt.timedelta(days=(end.weekday() - one.span.start.weekday()) % 7 or 7)
    span = DateSpan(start=start, end=end, precision="day", text=text[first.start : second.end])
    return FoundDate(span, first.start, second.end, "range")


def find_dates(
    text: str, published: dt.date | None, start: int = 0, end: int | None = None
) -> list[FoundDate]:
    """Every date expression in `text[start:end]`, resolved against `published`, in order."""
    if isinstance(published, dt.datetime):
        published = published.date()
    hi = len(text) if end is None else min(end, len(text))
    lo = max(0, start)
    atoms = [a for m in _ATOM.finditer(text, lo, hi) if (a := _atom(text, m, lo)) is not None]
    found: list[FoundDate] = []
    index = 0
    while index < len(atoms):
        atom = atoms[index]
        nxt = atoms[index + 1] if index + 1 < len(atoms) else None
        if nxt is not None and _joinable(text, atom, nxt):
            joined = _resolve_range(text, atom, nxt, published)
            if joined is not None and (atom.anchored or nxt.anchored or atom.level != "month"):
                found.append(joined)
                index += 2
                continue
        if nxt is not None and atom.level == nxt.level == "weekday":
            days = _weekday_range(text, atom, nxt, published, lo)
            if days is not None:
                found.append(days)
                index += 2
                continue
        if (
            atom.level == "weekday"
            and nxt is not None
            and nxt.level == "day"
            and not (text[atom.end : nxt.start].strip(" ,\t\u00a0("))
        ):
            index += 1  # "Friday, October 24, 2024": the full date says it
            continue
        resolved = _resolve(text, atom, published, lo)
        if resolved is not None:
            found.append(resolved)
        index += 1
    return found


def resolve_date_phrase(phrase: str, published: dt.date | None) -> DateSpan | None:
    """The date one phrase means ("June 15", "April", "last week", "2019"), or None.

    A month name alone counts here, since the caller has already decided the phrase is a date.
    """
    dates = find_dates(phrase, published) or find_dates("in " + phrase, published)
    if not dates:
        return None
    return max(dates, key=lambda d: d.end - d.start).span
