"""Whether two reports' aid items can describe the same consignment (data/items.yaml)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from chinatracker.yaml_io import safe_load


@dataclass(frozen=True)
class ItemRelations:
    """Item widening (ppe covers masks...) and the items that say nothing specific."""

    broader: dict[str, frozenset[str]]
    unspecific: frozenset[str]

    def specific(self, items: Iterable[str]) -> frozenset[str]:
        return frozenset(i for i in items if i not in self.unspecific)

    def widen(self, items: Iterable[str]) -> frozenset[str]:
        widened: set[str] = set()
        for item in self.specific(items):
            widened.add(item)
            widened.update(self.broader.get(item, ()))
        return frozenset(widened)

    def shared(self, a: Iterable[str], b: Iterable[str]) -> frozenset[str]:
        """Specific items the two reports have in common, after widening each side."""
        a_specific, b_specific = self.specific(a), self.specific(b)
        return (a_specific & self.widen(b_specific)) | (b_specific & self.widen(a_specific))

    def compatible(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """True when the items overlap, or when either side names nothing specific."""
        a_specific, b_specific = self.specific(a), self.specific(b)
        if not a_specific or not b_specific:
            return True
        return bool(self.shared(a_specific, b_specific))


@cache
def item_relations() -> ItemRelations:
    """Load data/items.yaml once per process."""
    text = (files("chinatracker.resolve") / "data" / "items.yaml").read_text(encoding="utf-8")
    data = safe_load(text)
    broader = {k: frozenset(v) for k, v in (data.get("broader") or {}).items()}
    return ItemRelations(broader=broader, unspecific=frozenset(data.get("unspecific") or ()))
