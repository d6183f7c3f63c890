"""Aid items named in text ("surgical face masks", "N95 respirators", "pieces of PPE")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from chinatracker.records import Item, Quantity


@dataclass(frozen=True, slots=True)
class ItemMention:
    item: Item
    start: int
    end: int
    text: str


@cache
def _item_regex() -> tuple[re.Pattern[str], dict[str, Item]]:
    raw = yaml.safe_load((files("chinatracker.extract") / "data" / "items.yaml").read_text("utf-8"))
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


def quantity_for(item: ItemMention, quantities: list[Quantity]) -> Quantity | None:
    """The count written right before an item ("62,000 masks", "19,000 pieces of PPE")."""
    for quantity in quantities:
        if quantity.currency or quantity.unit in ("percent", "tonne", "ton", "kilogram", "kg"):
            continue
        covers = quantity.start < item.start < quantity.end or (
            quantity.start < item.start and 0 <= item.start - quantity.end <= 2
        )
        if covers and quantity.end <= item.end + 1:
            return quantity
    return None
