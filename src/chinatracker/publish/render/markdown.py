"""The issue as Markdown (GitHub-flavoured: pipe tables, footnotes for the sources).

The map and the chart are written next to the Markdown as SVG files (`report-map.svg`,
`report-timeline.svg`) and shown as images; every number still links to its records.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FunctionLoader

from chinatracker import __version__
from chinatracker.links import is_link_target
from chinatracker.publish.dates import long_date
from chinatracker.publish.figures import Figure
from chinatracker.publish.issue import SERIES, Issue
from chinatracker.publish.render import Outcome
from chinatracker.publish.render.html import _load, percent
from chinatracker.publish.text import Link, Segment

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """Text with Markdown's special characters escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def cellsafe(text: str) -> str:
    return text.replace("\n", " ")


def mdrich(segments: tuple[Segment, ...]) -> str:
    out = []
    for segment in segments:
        if isinstance(segment, Figure):
            out.append(f"[{segment.display}](#{segment.anchor})")
        elif isinstance(segment, Link) and is_link_target(segment.href):
            out.append(f"[{md(segment.text)}]({segment.href})")
        elif isinstance(segment, Link):
            out.append(md(segment.text))
        else:
            out.append(_SPECIAL.sub(r"\\\1", segment.replace("\n", " ")))
    return "".join(out)


@cache
def environment() -> Environment:
    env = Environment(loader=FunctionLoader(_load), autoescape=False, keep_trailing_newline=True)
    env.filters.update(md=md, mdrich=mdrich, pct=percent, cellsafe=cellsafe)
    return env


def render_markdown(issue: Issue, images: dict[str, str] | None = None) -> str:
    """The issue as Markdown; `images` names the map and timeline files, if written."""
    template = environment().get_template("report.md.j2")
    text = template.render(
        issue=issue,
        version=__version__,
        series=SERIES,
        generated=long_date(issue.generated),
        images=images or {},
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


class MarkdownRenderer:
    name = "md"
    suffix = ".md"

    def write(self, issue: Issue, path: Path, *, chromium: str | None = None) -> Outcome:
        images = {}
        for key, chart in (("map", issue.focus.world_map), ("timeline", issue.focus.timeline)):
            image = path.with_name(f"{path.stem}-{key}.svg")
            image.write_text(chart.svg + "\n", encoding="utf-8")
            images[key] = image.name
        path.write_text(render_markdown(issue, images), encoding="utf-8")
        return Outcome(self.name, path, None)
