"""The issue as one self-contained HTML page: styles, charts and map inline, no network.

Templates live in `publish/data/templates/` (Jinja2, autoescaped). Figures print as links to
their entry in the annex (`#fig-…`), notes as superscript links to the sources (`#note-…`).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FunctionLoader, select_autoescape
from markupsafe import Markup, escape

from chinatracker import __version__
from chinatracker.links import is_link_target
from chinatracker.publish.dates import long_date
from chinatracker.publish.figures import Figure
from chinatracker.publish.issue import SERIES, Issue
from chinatracker.publish.render import Outcome
from chinatracker.publish.text import Link, Segment

TEMPLATES = files("chinatracker.publish") / "data" / "templates"
# The page needs no script at all, and nothing from elsewhere: styles and the SVG figures are
# inline, images at most `data:`. A hostile link or markup that slipped through still cannot
# run script or load anything when the page is opened from disk or a web server.
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; object-src 'none'; base-uri 'none'; form-action 'none'"
)


def _load(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def rich(segments: tuple[Segment, ...]) -> Markup:
    """Text with figures as links to their records and links as anchors."""
    out = []
    for segment in segments:
        if isinstance(segment, Figure):
            out.append(
                Markup('<a class="fig" href="#{}" title="{}">{}</a>').format(
                    segment.anchor, segment.label, segment.display
                )
            )
        elif isinstance(segment, Link) and is_link_target(segment.href):
            out.append(Markup('<a href="{}">{}</a>').format(segment.href, segment.text))
        elif isinstance(segment, Link):
            out.append(escape(segment.text))
        else:
            out.append(escape(segment))
    return Markup("").join(out)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FunctionLoader(_load),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["rich"] = rich
    env.filters["pct"] = percent
    return env


def render_html(issue: Issue) -> str:
    template = environment().get_template("report.html.j2")
    return template.render(
        issue=issue,
        css=Markup(_load("report.css")),
        csp=CSP,
        version=__version__,
        series=SERIES,
        generated=long_date(issue.generated),
    )


class HtmlRenderer:
    name = "html"
    suffix = ".html"

    def write(self, issue: Issue, path: Path, *, chromium: str | None = None) -> Outcome:
        path.write_text(render_html(issue), encoding="utf-8")
        return Outcome(self.name, path, None)
