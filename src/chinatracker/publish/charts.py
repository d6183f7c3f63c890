"""Charts as inline SVG, drawn with matplotlib (no network, no JavaScript).

Text stays text (`svg.fonttype: none`) so the page's fonts apply and the PDF keeps it
searchable; ids are salted per chart and the SVG carries no date, so the same figures give
byte-identical charts and two charts on one page never share an id.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INK = "#222222"
MUTED = "#6b6b6b"
GRID = "#e6e6e6"
FONT = ["Liberation Sans", "Arial", "Helvetica", "DejaVu Sans"]
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def period_label(period: str) -> str:
    """ "2020-W23" → "1 Jun"; "2020-06" → "Jun 2020"; a year stays as it is."""
    if "-W" in period:
        year, week = period.split("-W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)
        return f"{monday.day} {monday:%b}"
    if len(period) == 7:
        return dt.date.fromisoformat(period + "-01").strftime("%b %Y")
    return period


def _svg(figure: Figure, salt: str) -> str:
    import matplotlib
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(figure)
    svg = _PROLOGUE.sub("", buffer.getvalue(), count=1)
    # Scale with the column instead of matplotlib's fixed size in points.
    size = r'<svg([^>]*?) width="[^"]+" height="[^"]+"'
    return re.sub(size, r'<svg\1 class="chart"', svg, count=1)


def stacked_timeline(
    periods: Sequence[str],
    series: Mapping[str, Sequence[float]],
    colours: Mapping[str, str],
    *,
    ylabel: str,
    salt: str,
) -> str:
    """Stacked bars per period, one colour per series, with a legend above the plot."""
    # Imported here: matplotlib takes a second to load, and only drawing needs it.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(
        {"font.family": "sans-serif", "font.sans-serif": FONT, "font.size": 7.5}
    ):
        figure, axes = plt.subplots(figsize=(8.0, 2.2))
        positions = range(len(periods))
        bottom = [0.0] * len(periods)
        for name, values in series.items():
            axes.bar(
                positions,
                values,
                bottom=bottom,
                color=colours.get(name, MUTED),
                width=0.78,
                label=name,
                linewidth=0,
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        step = max(1, -(-len(periods) // 9))  # at most nine labels
        axes.set_xticks(list(positions)[::step])
        axes.set_xticklabels([period_label(p) for p in periods][::step], color=INK)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        axes.set_ylabel(ylabel, color=MUTED)
        axes.grid(axis="y", color=GRID, linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        axes.spines["bottom"].set_color("#999999")
        axes.tick_params(axis="both", length=0, colors=INK)
        axes.set_xlim(-0.6, len(periods) - 0.4)
        if len(series) > 1:
            axes.legend(
                loc="lower left",
                bbox_to_anchor=(0, 1.02),
                ncol=len(series),
                frameon=False,
                handlelength=1.0,
                handleheight=0.8,
                columnspacing=1.4,
            )
        return _svg(figure, salt)
