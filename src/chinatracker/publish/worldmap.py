"""The offline world choropleth: Natural Earth shapes, Equal Earth projection, inline SVG.

No network and no JavaScript: `publish/data/world.geojson` (built by `generate/world.py`) is
projected here and written as SVG paths, one per country, each with `data-iso3`, a `<title>`
tooltip and CSS classes (`country`, plus `has-records` and the caller's class when the country
is shaded), so a browser test can tell which countries are coloured. Countries too small to
see at this scale (projected area under `MIN_AREA` square pixels: Singapore, Bahrain, the
Maldives, island states) and those the 1:50m data lacks (Tuvalu, Gibraltar...) are drawn as
circles at their reference point (`countries.csv` lat/lon) when they are shaded.

Equal Earth (Šavrič, Patterson and Jenny, 2018) keeps areas true, so large countries do not
look more important than they are.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from chinatracker.reference import Reference

WIDTH = 1000.0
# Latitudes shown: Antarctica is not in the data; the far north is cropped a little.
NORTH, SOUTH = 84.0, -57.0
MIN_AREA = 9.0
POINT_RADIUS = 3.6
ATTRIBUTION = "Map: Natural Earth (public domain), via world-atlas 2.0.2; Equal Earth projection."

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection of degrees, in units of the Earth's radius (y grows north)."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_X_MAX = equal_earth(180.0, 0.0)[0]
_Y_TOP = equal_earth(0.0, NORTH)[1]
_Y_BOTTOM = equal_earth(0.0, SOUTH)[1]
SCALE = WIDTH / (2 * _X_MAX)
HEIGHT = round((_Y_TOP - _Y_BOTTOM) * SCALE, 1)


def to_svg(lon: float, lat: float) -> tuple[float, float]:
    """Degrees to SVG pixels (origin top left)."""
    x, y = equal_earth(lon, max(SOUTH, min(NORTH, lat)))
    return (x + _X_MAX) * SCALE, (_Y_TOP - y) * SCALE


@dataclass(frozen=True)
class CountryShape:
    """One country of the base map: its SVG path and projected area."""

    iso3: str
    name: str
    path: str
    area: float
    geometry: dict[str, Any]


def _ring_path(ring: Sequence[Sequence[float]]) -> tuple[str, float]:
    points = [to_svg(lon, lat) for lon, lat in ring]
    area = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        area += x1 * y2 - x2 * y1
    d = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points[:-1]) + "Z"
    return d, abs(area) / 2


def _polygons(geometry: Mapping[str, Any]) -> list[Any]:
    coordinates = geometry["coordinates"]
    return [coordinates] if geometry["type"] == "Polygon" else list(coordinates)


@cache
def base_map() -> dict[str, CountryShape]:
    """Every country of `world.geojson`, projected once per process."""
    text = (files("chinatracker.publish") / "data" / "world.geojson").read_text(encoding="utf-8")
    shapes = {}
    for feature in json.loads(text)["features"]:
        parts, area = [], 0.0
        for polygon in _polygons(feature["geometry"]):
            for index, ring in enumerate(polygon):
                d, a = _ring_path(ring)
                parts.append(d)
                area += a if index == 0 else -a
        iso3 = feature["properties"]["iso3"]
        shapes[iso3] = CountryShape(
            iso3=iso3,
            name=feature["properties"]["name"],
            path="".join(parts),
            area=area,
            geometry=feature["geometry"],
        )
    return shapes


def shown_as_point(iso3: str) -> bool:
    """True for a country drawn as a circle: too small at world scale, or not in the data."""
    shape = base_map().get(iso3)
    return shape is None or shape.area < MIN_AREA


@dataclass(frozen=True)
class Shade:
    """How one country is shown: a CSS class (its colour), a tooltip, and where it links."""

    css_class: str
    tooltip: str
    href: str | None = None


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    label: str
    colour: str


def _element(iso3: str, name: str, body: str, classes: str, shade: Shade | None) -> str:
    title = f"<title>{escape(shade.tooltip if shade else name)}</title>"
    element = f"<{body} data-iso3={quoteattr(iso3)} class={quoteattr(classes)}>{title}"
    element += "</path>" if body.startswith("path") else "</circle>"
    if shade and shade.href:
        return f"<a href={quoteattr(shade.href)}>{element}</a>"
    return element


def choropleth_svg(
    shades: Mapping[str, Shade],
    legend: Sequence[LegendEntry],
    *,
    label: str,
    reference: Reference | None = None,
) -> str:
    """The world map as one `<svg>` element, with its own styles and a legend.

    `shades` maps ISO3 codes to how each shaded country is drawn; every other country is
    drawn in the neutral land colour. `legend` lists the classes used, with their colours.
    """
    reference = reference or Reference.load()
    shapes = base_map()
    styles = [
        ".country{fill:#e4e2dc;stroke:#fff;stroke-width:.35}",
        ".country.has-records{stroke:#fff;stroke-width:.4}",
        "circle.country{stroke:#fff;stroke-width:.8}",
        "a:hover .country{opacity:.8}",
        ".legend text{font:15px Arial,'Liberation Sans',sans-serif;fill:#333}",
        ".sphere{fill:#f7f8f9;stroke:#d5d9dd;stroke-width:.8}",
    ]
    styles += [f".{e.css_class}{{fill:{e.colour}}}" for e in legend]
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="-4 -4 {WIDTH + 8:.0f} {HEIGHT + 44:.0f}" class="world-map" role="img" '
        f"aria-label={quoteattr(label)}>",
        f"<style>{''.join(styles)}</style>",
        f'<path class="sphere" d="{sphere_path()}"/>',
        '<g class="countries">',
    ]
    points = []
    for iso3, shape in shapes.items():
        shade = shades.get(iso3)
        if shade and shown_as_point(iso3):
            points.append(iso3)
            shade = None
        classes = "country" + (f" has-records {shade.css_class}" if shade else "")
        out.append(_element(iso3, shape.name, f'path d="{shape.path}"', classes, shade))
    points += [iso3 for iso3 in shades if iso3 not in shapes]
    out.append('</g><g class="points">')
    for iso3 in sorted(points):
        country = reference.country(iso3)
        if country is None:
            continue
        shade = shades[iso3]
        x, y = to_svg(country.lon, country.lat)
        body = f'circle cx="{x:.1f}" cy="{y:.1f}" r="{POINT_RADIUS}"'
        classes = f"country point has-records {shade.css_class}"
        out.append(_element(iso3, country.name, body, classes, shade))
    out.append("</g>")
    out.append(_legend(legend))
    out.append("</svg>")
    return "\n".join(out)


def sphere_path() -> str:
    """The outline of the map: the ±180° meridians and the cropped parallels."""
    west = [to_svg(-180.0, lat) for lat in range(int(SOUTH), int(NORTH) + 1, 3)]
    east = [to_svg(180.0, lat) for lat in range(int(NORTH), int(SOUTH) - 1, -3)]
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in [*west, *east]) + "Z"


def _legend(legend: Sequence[LegendEntry]) -> str:
    y = HEIGHT + 28
    items, x = [], 4.0
    for entry in legend:
        items.append(
            f'<rect x="{x:.0f}" y="{y - 12:.0f}" width="18" height="13" class="{entry.css_class}"/>'
            f'<text x="{x + 24:.0f}" y="{y:.0f}">{escape(entry.label)}</text>'
        )
        x += 44 + 8.0 * len(entry.label)
    circle_x = x + 8
    items.append(
        f'<circle cx="{circle_x:.0f}" cy="{y - 5:.0f}" r="{POINT_RADIUS + 1}" fill="#888"/>'
        f'<text x="{circle_x + 11:.0f}" y="{y:.0f}">small country, shown as a point</text>'
    )
    return f'<g class="legend">{"".join(items)}</g>'
