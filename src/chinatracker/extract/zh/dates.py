"""Chinese dates, resolved against the publication date.

2021年2月7日; 2月7日 (the publication year, or the year before when that would put it months
ahead); 5月12日和13日 and 5月12日至14日 (ranges); 13日 alone (this month); 2020年5月 and 今年5月
(month precision); 昨天, 今天, 前天; 上周五, 本周二, 周三 (the last such day); 今年, 去年,
明年 alone (year precision); 下个月 (the month after, month precision);
上周, 日前, 近日, 本月
(month precision, as docs/annotation.md decision 10 says); 上月 (the month before).
"""

from __future__ import annotations

import datetime as dt
import re

from chinatracker.extract.dates import DateKind, FoundDate
from chinatracker.extract.zh.quantities import chinese_number
from chinatracker.records import DateSpan

NUM = r"(?:\d{1,4}|[〇零一二三四五六七八九十两]{1,4})"
# Scraped copy sometimes spaces the figures from their characters ("5 月 12 日").
SP = r"[ \u3000\u00a0]?"
DATE = re.compile(
    rf"(?:(?P<year>\d{{4}}|今|去|明){SP}年{SP})?(?P<month>{NUM}){SP}月(?:{SP}(?P<day>{NUM}){SP}[日号]"
    rf"(?:(?:和|至|到|、|—|-|－|~)(?:(?P<month2>{NUM})月)?(?P<day2>{NUM})[日号])?)?"
    rf"|(?P<lone>(?<![月\d〇零一二三四五六七八九十])\d{{1,2}})日(?!本|元|报|军|方|前)"
    r"|(?P<week>上周|上星期|本周|这周|周|星期|礼拜)(?P<weekday>[一二三四五六日天])"
    r"|(?P<word>前天|昨天|昨日|今天|今日|上周|上星期|日前|近日|本月|这个月|上月|上个月)"
    r"|(?P<yearonly>\d{4})年(?!\d|[〇零一二三四五六七八九十]{1,2}月)"
    r"|(?P<relyear>今|去|明)年(?!\d|[〇零一二三四五六七八九十]{1,2}月|底|初|以来|来)"
    r"|(?P<nextmonth>下个月|下月)"
)
# A month, day or year more than this far after publication is read as the year before.
MAX_AHEAD = dt.timedelta(days=45)
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _num(text: str | None) -> int | None:
    if not text:
        return None
    value = chinese_number(text)
    return int(value) if value is not None else None


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(spec: str | None, month: int, day: int, published: dt.date | None) -> int | None:
    if spec and spec.isdigit():
        return int(spec)
    if published is None:
        return None
    if spec == "去":
        return published.year - 1
    if spec == "明":
        return published.year + 1
    year = published.year
    guess = _make(year, month, max(1, min(day, 28)))
    if spec is None and guess is not None and guess - published > MAX_AHEAD:
        year -= 1
    return year


def _month_span(day: dt.date, text: str) -> DateSpan:
    return DateSpan(start=day.replace(day=1), end=None, precision="month", text=text)


def _resolve(match: re.Match[str], published: dt.date | None) -> DateSpan | None:
    text = match.group()
    if match.group("month"):
        month = _num(match.group("month"))
        day = _num(match.group("day"))
        if month is None or not 1 <= month <= 12:
            return None
        year = _year(match.group("year"), month, day or 1, published)
        if year is None:
            return None
        if day is None:
            first = _make(year, month, 1)
            return DateSpan(start=first, end=None, precision="month", text=text) if first else None
        start = _make(year, month, day)
        if start is None:
            return None
        end = None
        if match.group("day2"):
            month2 = _num(match.group("month2")) or month
            day2 = _num(match.group("day2"))
            end = _make(year, month2, day2) if day2 else None
            if end is not None and end < start:
                end = None
        return DateSpan(start=start, end=end, precision="day", text=text)
    if published is None:
        return None
    if match.group("lone"):
        day = int(match.group("lone"))
        if not 1 <= day <= 31:
            return None
        month_start = published.replace(day=1)
        if day > published.day + 2:
            month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
        found = _make(month_start.year, month_start.month, day)
        return DateSpan(start=found, end=None, precision="day", text=text) if found else None
    if match.group("weekday"):
        target = WEEKDAYS[match.group("weekday")]
        monday = published - dt.timedelta(days=published.weekday())
        if match.group("week") in ("上周", "上星期"):
            found = monday - dt.timedelta(days=7) + dt.timedelta(days=target)
        else:
            found = monday + dt.timedelta(days=target)
            if found > published:
                found -= dt.timedelta(days=7)
        return DateSpan(start=found, end=None, precision="day", text=text)
    word = match.group("word")
    if word:
        offsets = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
        if word in offsets:
            found = published - dt.timedelta(days=offsets[word])
            return DateSpan(start=found, end=None, precision="day", text=text)
        if word in ("上月", "上个月"):
            return _month_span(published.replace(day=1) - dt.timedelta(days=1), text)
        if word in ("上周", "上星期"):
            return _month_span(published - dt.timedelta(days=published.weekday() + 7), text)
        return _month_span(published, text)
    if match.group("relyear"):
        shift = {"今": 0, "去": -1, "明": 1}[match.group("relyear")]
        return DateSpan(
            start=dt.date(published.year + shift, 1, 1), end=None, precision="year", text=text
        )
    if match.group("nextmonth"):
        first = published.replace(day=1) + dt.timedelta(days=32)
        return _month_span(first, text)
    if match.group("yearonly"):
        year = int(match.group("yearonly"))
        if 1900 <= year <= 2100:
            return DateSpan(start=dt.date(year, 1, 1), end=None, precision="year", text=text)
    return None


# A dateline or a source ("新华社万象3月29日电", "据国防部网站26日消息，"): the day it was
# reported, never the day of what it reports (docs/annotation.md decision 40).
SOURCE = re.compile(
    r"^[^，,。]{0,40}?\d{1,2}月\d{1,2}日(?:电|讯)(?:[(（][^)）]*[)）])?"
    r"|据[^，,。]{1,30}?(?:报道|消息|介绍|了解|透露|获悉)[，,]?"
)


def dateline_end(text: str) -> int:
    """Where the dateline and sources that open a sentence (in simplified text) end: 0 when
    there are none."""
    end = 0
    for match in SOURCE.finditer(text):
        if match.start() <= end + 2:
            end = max(end, match.end())
    return end


# The words coded as their month for want of a day (docs/annotation.md decision 10).
VAGUE = re.compile(r"日前|近日|本月|这个月|上周|上星期")


def coded_vague(span: DateSpan) -> bool:
    """Whether a month-precision date stands for 近日, 日前, 上周 and the like, not a month the
    text names."""
    return span.precision == "month" and bool(VAGUE.fullmatch(span.text or ""))


def find_dates(simplified: str, published: dt.date | None, start: int, end: int) -> list[FoundDate]:
    found = []
    for match in DATE.finditer(simplified, start, end):
        span = _resolve(match, published)
        if span is None:
            continue
        kind: DateKind = "range" if span.end else "absolute"
        if span.precision != "day":
            kind = span.precision
        found.append(FoundDate(span=span, start=match.start(), end=match.end(), kind=kind))
    return found
