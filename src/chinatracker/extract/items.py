"""Aid items named in text ("surgical face masks", "N95 respirators", "pieces of PPE")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from chinatracker.extract.rule_files import rule_file
from chinatracker.records import Item, Quantity


@dataclass(frozen=True, slots=True)
class ItemMention:
    item: Item
    start: int
    end: int
    text: str


@cache
def _item_regex() -> tuple[re.Pattern[str], dict[str, Item]]:
    raw = rule_file("items.yaml")
    groups: dict[str, Item] = {}
    parts = []
    for number, (item, patterns) in enumerate(raw["items"].items()):
        name = f"i{number}"
        groups[name] = item
        alternatives = "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))
        parts.append(f"(?P<{name}>{alternatives})")
    # Alternatives are tried in file order; the file lists specific items before generic ones.
    regex = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)
    return regex, groups


def find_items(text: str, start: int = 0, end: int | None = None) -> list[ItemMention]:
    regex, groups = _item_regex()
    found = []
    for match in regex.finditer(text, start, len(text) if end is None else end):
        name = match.lastgroup
        assert name is not None
        found.append(ItemMention(groups[name], match.start(), match.end(), match.group()))
    return found


# Containers counted in place of the goods: "2,280 pairs of goggles", "1,250 sets of suits".
CONTAINERS = frozenset(
    {
        "pair",
        "set",
        "piece",
        "unit",
        "box",
        "carton",
        "pack",
        "roll",
        "bottle",
        "dose",
        "kit",
        "bag",
        "sack",
    }
)
_OF_GAP = re.compile(r"^\s+of\s+(?:[\w'’-]+\s+){0,2}$")
_TEAM_SIZE = re.compile(
    r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)-(?:member|person|strong)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
_FIRST_OF = re.compile(
    r"\bfirst\s+(\d[\d,]*)\s+of\s+(?:the\s+)?\d[\d,.]*\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
# A count right before the item or one or two describing words before it, read when the
# quantity pass found none there ("2,000 protective equipment": a mass noun it does not count);
# a verb between them ("on August 24 received medical supplies") is no description, and a year
# right before the item ("in 2020 medical supplies") is no count.
# Some outlets write a count in brackets, alone or after its words: "(20,000) test strips",
# "thirty thousand (30,000) doses".
_BARE_COUNT = re.compile(
    r"(?<![\w.,$€£¥-])\(?(?!(?:19|20)\d\d\s)(?:(\d{1,3}(?:,\d{3})+|\d+)\)?\s+(?:(?!of\b|and\b|or\b|to\b|for\b|[a-z-]*ed\b)[a-z][a-z-]*\s+){1,2}|(\d{1,3}(?:,\d{3})+|\d+)\)?\s+)$",
    re.IGNORECASE,
)
# A small count in words before a named device of up to three describing words ("one
# non-contact infra-red forehead thermometer"); not "one of the ...".
_WORD_COUNT = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:(?!of\b|and\b|or\b|to\b|for\b|the\b|[a-z]+ed\b)[a-z][a-z-]*\s+){0,3}$",
    re.IGNORECASE,
)
# The counted noun after an item's name: "ventilator machines", "test kit units".
_COUNTED_AS = re.compile(r"^\s+(?:machines?|units?|sets?|pieces?|devices?)$", re.IGNORECASE)
NOT_COUNTS = frozenset(
    {"percent", "tonne", "ton", "kilogram", "kg", "time", "country", "flight", "plane", "planeload"}
)


def quantity_for(
    item: ItemMention, quantities: list[Quantity], text: str = ""
) -> Quantity | float | None:
    """The count written right before an item ("62,000 masks", "19,000 pieces of PPE",
    "2,280 pairs of goggles"), or the size of a team ("a seven-member team of doctors")."""
    part = _FIRST_OF.search(text[max(0, item.start - 60) : item.start]) if text else None
    if part:  # "the first 200,000 of the 800,000 masks ... arrived": the part that moved
        return float(part.group(1).replace(",", ""))
    for quantity in quantities:
        if quantity.currency or quantity.unit in NOT_COUNTS:
            continue
        covers = quantity.start < item.start < quantity.end or (
            quantity.start < item.start and 0 <= item.start - quantity.end <= 2
        )
        if covers and (
            quantity.end <= item.end + 1 or _COUNTED_AS.match(text[item.end : quantity.end])
        ):
            return quantity  # "62,000 masks"; "five ventilator machines"
        if (
            quantity.unit in CONTAINERS
            and quantity.end <= item.start
            and _OF_GAP.match(text[quantity.end : item.start])
        ):
            return quantity
    offset = max(0, item.start - 60)
    bare = _BARE_COUNT.search(text[offset : item.start]) if text else None
    group = 1 if bare and bare.group(1) else 2
    if bare and not any(q.start <= offset + bare.start(group) < q.end for q in quantities):
        # "500 medical disposable protective clothing": a count the quantity pass left without
        # a unit; not "700 tonnes of disinfectant", which it read with its own.
        return float(bare.group(group).replace(",", ""))
    spelled = _WORD_COUNT.search(text[offset : item.start]) if text and not bare else None
    if spelled and item.item != "medical_teams":
        return float(_NUMBERS[spelled.group(1).lower()])
    if item.item == "medical_teams" and text:
        size = _TEAM_SIZE.search(text[max(0, item.start - 60) : item.start])
        if size:
            word = size.group(1).lower()
            return float(word) if word.isdigit() else float(_NUMBERS[word])
    return None
