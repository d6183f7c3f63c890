"""The event taxonomy (taxonomy.yaml) as typed records.

Codes are part of the export contract; sections keep the order in which a published
tracker issue prints them, so exports can be laid out without hard-coding that order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from chinatracker.reference.resources import read_yaml


@dataclass(frozen=True, slots=True)
class Section:
    """A top-level heading of the tracker (e.g. "aid")."""

    code: str
    label: str
    order: int


@dataclass(frozen=True, slots=True)
class Category:
    """An event category such as "aid.medical"; its section is the part before the dot."""

    code: str
    label: str
    covers: str
    section: str


class Taxonomy:
    """Sections and categories, ordered as in taxonomy.yaml."""

    def __init__(self, sections: list[Section], categories: list[Category]) -> None:
        self.sections: tuple[Section, ...] = tuple(sections)
        self.categories: tuple[Category, ...] = tuple(categories)
        self._sections = {s.code: s for s in sections}
        self._categories = {c.code: c for c in categories}
        for c in categories:
            if c.section not in self._sections:
                raise ValueError(f"category {c.code} has no section {c.section!r}")

    def category(self, code: str) -> Category:
        """The category with this code; KeyError for unknown codes."""
        return self._categories[code]

    def section(self, code: str) -> Section:
        """The section with this code; KeyError for unknown codes."""
        return self._sections[code]

    def section_of(self, category_code: str) -> Section:
        """The section a category belongs to."""
        return self._sections[self.category(category_code).section]

    def categories_in(self, section_code: str) -> tuple[Category, ...]:
        """Categories of one section, in file order."""
        return tuple(c for c in self.categories if c.section == section_code)

    def is_code(self, code: str) -> bool:
        """True for a known category code."""
        return code in self._categories


@cache
def taxonomy() -> Taxonomy:
    """Load taxonomy.yaml once per process."""
    data = read_yaml("taxonomy.yaml")
    sections = [Section(s["code"], s["label"], i) for i, s in enumerate(data["sections"])]
    categories = [
        Category(c["code"], c["label"], c.get("covers", ""), c["code"].split(".", 1)[0])
        for c in data["categories"]
    ]
    return Taxonomy(sections, categories)


def category(code: str) -> Category:
    """The category with this code."""
    return taxonomy().category(code)


def section_of(code: str) -> Section:
    """The section of a category code."""
    return taxonomy().section_of(code)


def sections() -> tuple[Section, ...]:
    """All sections in print order."""
    return taxonomy().sections
