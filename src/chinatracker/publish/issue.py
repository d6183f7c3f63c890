"""The tracker issue as plain data: what every renderer (HTML, Markdown, PDF) prints.

Building an issue (`publish.report.build_issue`) reads the store once and decides every word
and number; renderers only lay it out. The parts follow a printed China Security Tracker
issue: title and period, Highlights, the Focus topic, the digest by taxonomy section, then an
annex of the records behind the focus figures, the methodology and the source notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chinatracker.publish.figures import Figure, FigureBook
from chinatracker.publish.highlights import Highlight
from chinatracker.publish.notes import Note, Notes
from chinatracker.publish.scope import Scope
from chinatracker.publish.text import Cell, Paragraph

SERIES = "China Security Tracker"


@dataclass(frozen=True)
class HighlightItem:
    highlight: Highlight
    lead: str
    anchor: str
    date: str
    section: str
    sources: int


@dataclass(frozen=True)
class KeyFigure:
    figure: Figure
    caption: str


@dataclass(frozen=True)
class Chart:
    """An inline SVG with its caption and a text alternative."""

    svg: str
    caption: str
    alt: str
    source: str = ""


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class RecordRow:
    """One canonical record behind the focus figures, with its sources."""

    anchor: str
    record_id: str
    kind: str
    country_anchor: str | None
    where: str
    what: str
    date: str
    description: str
    notes: tuple[Note, ...]
    quality: float
    reviewed: bool
    figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigureEntry:
    """A figure in the annex list: its number, what it counts, and links to its records."""

    figure: Figure
    records: tuple[tuple[str, str], ...]  # (anchor, short label)


@dataclass(frozen=True)
class Focus:
    kind: str
    title: str
    standfirst: str
    key_figures: tuple[KeyFigure, ...]
    narrative: tuple[Paragraph, ...]
    world_map: Chart
    timeline: Chart
    tables: tuple[Table, ...]
    records: tuple[RecordRow, ...]
    figure_entries: tuple[FigureEntry, ...]
    empty: bool = False


@dataclass(frozen=True)
class DigestItem:
    anchor: str
    lead: str
    body: str
    date: str
    countries: str
    notes: tuple[Note, ...]
    reviewed: bool
    corroboration: int
    confidence: float


@dataclass(frozen=True)
class DigestCategory:
    code: str
    label: str
    items: tuple[DigestItem, ...]


@dataclass(frozen=True)
class DigestSection:
    code: str
    label: str
    anchor: str
    categories: tuple[DigestCategory, ...]

    @property
    def count(self) -> int:
        return sum(len(c.items) for c in self.categories)

    @property
    def rests_on(self) -> str:
        """What the section rests on, in words: "rests on 1 record", "rests on 12 records"."""
        return f"rests on {self.count} record{'' if self.count == 1 else 's'}"


@dataclass(frozen=True)
class Accuracy:
    """Scores of one evaluation run (`chinatracker eval --json`)."""

    label: str
    documents: int
    extractor_version: str
    rows: tuple[tuple[str, float | None, float | None, float | None, str], ...]


@dataclass(frozen=True)
class Methodology:
    paragraphs: tuple[Paragraph, ...]
    inclusion: tuple[Paragraph, ...]
    score: tuple[Paragraph, ...]
    versions: tuple[tuple[str, str], ...]
    publishers: Table
    accuracy: tuple[Accuracy, ...]
    accuracy_missing: tuple[str, ...]
    attribution: str


@dataclass
class Issue:
    title: str
    subtitle: str
    period: str
    scope: Scope
    generated: dt.date
    highlights: tuple[HighlightItem, ...]
    focus: Focus
    digest: tuple[DigestSection, ...]
    methodology: Methodology
    notes: Notes
    figures: FigureBook
    stats: dict[str, int] = field(default_factory=dict)
