"""Chinese numbers and what they count: 6.2万只口罩, 1.5亿元, 两架次, 一批物资, 50万剂疫苗.

A number is Arabic digits (with a decimal point or thousands commas) or Chinese numerals
(一 … 九, 两, 十, 百, 千), scaled by 万 (10^4) and 亿 (10^8); a measure word or unit follows
(只, 剂, 架次, 元 …). The item is the first item word within a few characters after it. 一批 and
其他 counts without a figure give the item with no quantity, as the annotation guide asks.
Years, days, ordinals (第35批) and times are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from chinatracker.extract.zh.vocabulary import alternation, zh_file
from chinatracker.records import Quantity

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
SCALES = {"万": 1e4, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万亿": 1e12}
# How far after a number (and its measure word) the item it counts may start.
ITEM_WINDOW = 10
NOT_COUNTS = re.compile(r"[年月日号時时点點分秒岁歲周]|次会|届|期|%|％")


@dataclass(frozen=True)
class ItemFound:
    """An item word, with the number that counts it (None for 一批 or no figure)."""

    item: str
    quantity: float | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Measures:
    """What measure words say about the item (`data/zh/items.yaml`)."""

    not_items: frozenset[str]  # 12国, 11架, 35吨: no count of the goods
    persons: frozenset[str]  # 名, 人: the only count of a team
    implied: dict[str, str]  # 30万剂 with no item word: vaccines


@cache
def _measures() -> Measures:
    items = zh_file("items.yaml")
    return Measures(
        frozenset(items["not_item_measures"]),
        frozenset(items["person_measures"]),
        dict(items["implied_items"]),
    )


@cache
def _patterns() -> tuple[
    re.Pattern[str], re.Pattern[str], dict[str, str], dict[str, dict[str, str]]
]:
    items = zh_file("items.yaml")
    forms = {form: item for item, words in items["items"].items() for form in words}
    units: dict[str, dict[str, str]] = items["units"]
    measure = alternation(set(items["measure_words"]) | set(units))
    number = (
        r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
        r"(?: ?(?P<scale>万亿|千万|百万|万|亿))?(?P<approx>多|余)?"
        rf"(?: ?(?P<measure>{measure}))?"
    )
    return re.compile(number), re.compile(alternation(set(forms))), forms, units


def chinese_number(text: str) -> float | None:
    """一百二十 -> 120, 两千五百 -> 2500, 十二 -> 12; digits as they are."""
    if re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (current or 1) * SMALL_UNITS[ch]
            current = 0
        else:
            return None
    return float(total + current)


def find_quantities(
    simplified: str, text: str, start: int, end: int
) -> tuple[list[Quantity], list[ItemFound]]:
    """Quantities and the items they count between `start` and `end` (offsets of the text)."""
    number, item_words, forms, units = _patterns()
    measures = _measures()
    quantities: list[Quantity] = []
    uncounted: list[tuple[re.Match[str], float]] = []  # 5万只 of "5万只和3万只口罩"
    items: list[ItemFound] = []
    counted: set[int] = set()
    for match in number.finditer(simplified, start, end):
        raw = match.group("number")
        measure = match.group("measure") or ""
        after = simplified[match.end() : match.end() + 2]
        if not measure and not match.group("scale") and NOT_COUNTS.match(after):
            continue
        previous = simplified[max(start, match.start() - 1) : match.start()]
        if previous == "第" or (
            previous and ((previous.isascii() and previous.isalpha()) or previous in "-－—")
        ):
            continue  # an ordinal (the 35th batch) or part of a name (N95, 运-20)
        if not measure and not match.group("scale"):
            if not raw[0].isdigit():
                continue  # 一 or 十 alone is a word, not a count
            if raw.isdigit() and not re.match(rf"\s*(?:{item_words.pattern})", after):
                continue  # a bare figure counts nothing we know
        value = chinese_number(raw)
        if value is None:
            continue
        value *= SCALES.get(match.group("scale") or "", 1.0)
        is_batch = measure in ("批", "批次") and raw in ("一", "1")
        unit_info = units.get(measure, {})
        item = None
        countable = measure not in measures.not_items and "currency" not in unit_info
        if countable:
            item = item_words.match(simplified, match.end(), min(end, match.end() + ITEM_WINDOW))
            if item is None:
                item = _item_after(item_words, simplified, match.end(), end)
            if item is None:
                item = _item_before(item_words, simplified, match.start(), start, counted)
        batch_of = BATCH_OF.search(simplified, max(start, match.start() - 3), match.start())
        if item is None and countable and measure in measures.implied and batch_of:
            items.append(
                ItemFound(
                    measures.implied[measure],
                    value,
                    match.start(),
                    match.end(),
                    text[match.start() : match.end()],
                )
            )
        elif item is None and countable and measure and not is_batch:
            uncounted.append((match, value))
        if item is not None:
            name = forms[item.group()]
            quantity = None if is_batch or measure in ("批", "批次") else value
            if name == "medical_teams" and measure not in measures.persons:
                quantity = None  # 三支专家组: three teams; the gold counts their people
            items.append(
                ItemFound(
                    name, quantity, match.start(), item.end(), text[match.start() : item.end()]
                )
            )
            counted.add(item.start())
            unit = _counted_unit(name)
        else:
            unit = unit_info.get("unit", "units")
        if is_batch:
            continue
        quantities.append(
            Quantity(
                value=value,
                unit=unit or "units",
                currency=unit_info.get("currency"),
                text=text[match.start() : match.end()],
                start=match.start(),
                end=match.end(),
            )
        )
    for item in item_words.finditer(simplified, start, end):
        if item.start() not in counted:
            items.append(
                ItemFound(
                    forms[item.group()],
                    None,
                    item.start(),
                    item.end(),
                    text[item.start() : item.end()],
                )
            )
    items += _shared_items(uncounted, items, simplified, text)
    items = [_team_size(i, quantities, simplified) for i in items]
    items.sort(key=lambda i: i.start)
    return quantities, items


# Between two figures that share the item named after the second (5万只和3万只口罩, 铁路警察
# 200只、边防警察250只口罩): a joining word, then at most a few characters of who gets it.
SHARED = re.compile(r"^(?:和|及|与|、)[^，,。；;：:和及与、]{0,6}$")


def _shared_items(
    uncounted: list[tuple[re.Match[str], float]],
    items: list[ItemFound],
    simplified: str,
    text: str,
) -> list[ItemFound]:
    """A figure with a measure word and no item, joined to the next figure of the same measure
    word that has one, counts that item too."""
    shared = []
    for match, value in uncounted:
        measure = match.group("measure")
        for item in items:
            if item.quantity is None or item.start <= match.end():
                continue
            if SHARED.match(simplified[match.end() : item.start]) is None:
                break
            if measure in simplified[item.start : item.end]:  # the same measure word
                shared.append(
                    ItemFound(
                        item.item, value, match.start(), match.end(), text[match.start() : item.end]
                    )
                )
            break
    return shared


def _team_size(item: ItemFound, quantities: list[Quantity], simplified: str) -> ItemFound:
    """A medical team counts its people, given after it in the same clause (医疗专家组一行12人)
    or before it (由7人组成的医疗专家组); not the people it trained (培训1000余名医务人员)."""
    if item.item != "medical_teams" or item.quantity is not None:
        return item
    for q in quantities:
        if q.unit != "personnel":
            continue
        after = item.end <= q.start <= item.end + 12 and not CLAUSE_END.search(
            simplified[item.end : q.start]
        )
        before = q.end <= item.start and TEAM_OF.match(simplified[q.end : item.start])
        if after or before:
            return ItemFound(item.item, q.value, item.start, item.end, item.text)
    return item


# 首批60万剂, 新一批30万剂: a batch's own figure, which counts what the measure word implies;
# a total or a change (100万剂无偿援助的基础上, 增至130万剂) does not say what came.
BATCH_OF = re.compile(r"批(?:约|共|计)?$")
CLAUSE_END = re.compile(r"[，,。；;]")
TEAM_OF = re.compile(r"^组成的[^，,。；;]{0,8}$")


# Between an item and the figure that follows it (口罩约7万只, 防护服共4500套).
BETWEEN = frozenset("约共各计达近超逾:：")


def _item_before(
    item_words: re.Pattern[str], simplified: str, at: int, start: int, counted: set[int]
) -> re.Match[str] | None:
    """The item word just before a figure: lists read "口罩7万只、防护服4500套"."""
    window_start = max(start, at - 10)
    last = None
    for found in item_words.finditer(simplified, window_start, at):
        last = found
    if last is None or last.start() in counted:
        return None
    gap = simplified[last.end() : at]
    return last if all(ch in BETWEEN for ch in gap) else None


def _item_after(
    item_words: re.Pattern[str], simplified: str, at: int, end: int
) -> re.Match[str] | None:
    """The item word within the window after a number, past adjectives (新冠, 医用, 防疫)."""
    window = simplified[at : min(end, at + ITEM_WINDOW)]
    stop = re.search(r"[，,。；、和及与]", window)
    limit = at + (stop.start() if stop else len(window))
    return item_words.search(simplified, at, limit)


COUNTED_UNITS = {
    "masks": "masks",
    "respirators": "respirators",
    "protective_suits": "protective_suits",
    "gowns": "gowns",
    "goggles": "goggles",
    "face_shields": "face_shields",
    "gloves": "gloves",
    "test_kits": "test_kits",
    "ventilators": "ventilators",
    "thermometers": "thermometers",
    "medical_teams": "personnel",
    "vaccines": "doses",
    "medicines": "medicines",
    "medical_equipment": "units",
    "ppe": "items",
    "funds": "CNY",
    "other": "items",
}


def _counted_unit(item: str) -> str:
    return COUNTED_UNITS.get(item, "units")
