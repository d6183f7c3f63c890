"""Renderers of a tracker issue: one module per output format, registered by name.

A renderer takes the `Issue` (plain data, decided once) and writes one file. HTML and
Markdown need nothing outside Python; PDF prints the HTML with headless Chromium and is
skipped, with the reason, when no Chromium is installed. Adding a format is adding a module
with a `Renderer` and registering it here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from chinatracker.publish.issue import Issue


@dataclass(frozen=True)
class Outcome:
    """What a renderer did: the file it wrote, or why it wrote none."""

    format: str
    path: Path | None
    skipped: str | None


class Renderer(Protocol):
    name: str
    suffix: str

    def write(self, issue: Issue, path: Path, *, chromium: str | None = None) -> Outcome: ...


def renderers() -> dict[str, Renderer]:
    from chinatracker.publish.render.html import HtmlRenderer
    from chinatracker.publish.render.markdown import MarkdownRenderer
    from chinatracker.publish.render.pdf import PdfRenderer

    found: list[Renderer] = [HtmlRenderer(), PdfRenderer(), MarkdownRenderer()]
    return {r.name: r for r in found}


def render_all(
    issue: Issue, out: Path, *, name: str, formats: Sequence[str], chromium: str | None = None
) -> list[Outcome]:
    registry = renderers()
    outcomes = []
    for fmt in formats:
        renderer = registry[fmt]
        outcomes.append(renderer.write(issue, out / f"{name}{renderer.suffix}", chromium=chromium))
    return outcomes
