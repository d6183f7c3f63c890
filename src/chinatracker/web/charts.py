"""The dashboard's map and timeline, drawn on the server as SVG (no JavaScript, no CDN).

The map is the published report's own world map (`publish.worldmap`, Natural Earth shapes,
Equal Earth projection), shaded by how many matching facts name each country, each country
linking to the dashboard filtered on it. The timeline is stacked monthly bars per kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from chinatracker.publish.worldmap import LegendEntry, Shade, choropleth_svg
from chinatracker.reference.countries import country_index
from chinatracker.store.dashboard import MonthCount

# Upper bounds of the map's classes, and their colours (light to dark).
BUCKETS = ((1, "#c6dbef"), (3, "#9ecae1"), (9, "#4292c6"), (29, "#2171b5"), (None, "#08306b"))
KIND_COLOURS = {"aid": "#2f6db5", "event": "#c0504d", "quote": "#8064a2", "claim": "#e8a33d"}


def _bucket(count: int) -> int:
    for index, (top, _) in enumerate(BUCKETS):
        if top is None or count <= top:
            return index
    return len(BUCKETS) - 1


def _bucket_label(index: int) -> str:
    low = 1 if index == 0 else (BUCKETS[index - 1][0] or 0) + 1
    top = BUCKETS[index][0]
    if top is None:
        return f"{low}+"
    return f"{low}" if top == low else f"{low}–{top}"


def world_map(counts: Mapping[str, int], link: Callable[[str], str]) -> Markup:
    """The choropleth of fact counts per country (ISO3), each shaded country a link."""
    index = country_index()
    shades = {}
    for iso3, count in counts.items():
        country = index.country(iso3)
        name = country.name if country else iso3
        noun = "fact" if count == 1 else "facts"
        shades[iso3] = Shade(f"bucket-{_bucket(count)}", f"{name}: {count} {noun}", link(iso3))
    used = sorted({_bucket(c) for c in counts.values()})
    legend = [LegendEntry(f"bucket-{i}", _bucket_label(i), BUCKETS[i][1]) for i in used]
    svg = choropleth_svg(shades, legend, label="Facts per country")
    return Markup(svg)


@dataclass(frozen=True)
class Bar:
    kind: str
    x: float
    y: float
    width: float
    height: float
    count: int
    period: str  # YYYY-MM, or YYYY when the timeline counts years


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    peak: int
    periods: list[str]
    by_year: bool


# Beyond this many months, bars count years: a stray 1990 event would squash 2020's months.
MAX_MONTHS = 72
MIN_SLOTS = 12


def _month_range(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months: list[str] = []
    while (year, month) <= end and len(months) < 2400:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline(counts: Sequence[MonthCount], *, width: int = 1000, height: int = 160) -> Timeline:
    """Stacked bars per month (per year over long spans), from the first period to the last."""
    if not counts:
        return Timeline(width, height, [], [], 0, [], False)
    periods = _month_range(min(c.month for c in counts), max(c.month for c in counts))
    by_year = len(periods) > MAX_MONTHS
    if by_year:
        first, last = int(periods[0][:4]), int(periods[-1][:4])
        periods = [str(y) for y in range(first, last + 1)]
    totals: dict[str, dict[str, int]] = {p: {} for p in periods}
    for count in counts:
        key = count.month[:4] if by_year else count.month
        kinds = totals.setdefault(key, {})
        kinds[count.kind] = kinds.get(count.kind, 0) + count.facts
    peak = max(sum(kinds.values()) for kinds in totals.values()) or 1
    plot_height, left = height - 22, 36.0
    # At least a year's worth of slots, so a month or two do not become one wide slab.
    step = (width - left) / max(MIN_SLOTS, len(periods))
    left += ((width - left) - step * len(periods)) / 2
    bars = []
    for i, period in enumerate(periods):
        y = float(plot_height)
        for kind in KIND_COLOURS:
            n = totals[period].get(kind, 0)
            if not n:
                continue
            h = n / peak * (plot_height - 6)
            y -= h
            bars.append(Bar(kind, left + i * step + 1, y, max(1.0, step - 2), h, n, period))
    every = max(1, len(periods) // 12)
    ticks = [(left + i * step + step / 2, p) for i, p in enumerate(periods) if i % every == 0]
    return Timeline(width, height, bars, ticks, peak, periods, by_year)


def period_bounds(period: str) -> tuple[str, str]:
    """The `from` and `to` filter values of a bar's period."""
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    year, month = map(int, period.split("-"))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return f"{period}-01", (following - dt.timedelta(days=1)).isoformat()
