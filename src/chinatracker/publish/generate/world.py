"""Build `publish/data/world.geojson`, the offline world map, from Natural Earth country shapes.

The shapes come from the npm package `world-atlas` (Natural Earth 4.1.0 Admin 0 countries at
1:50m, as TopoJSON). Natural Earth is public domain; world-atlas is ISC-licensed. The package
is build-only: fetch it once, then run this script on its `countries-50m.json`:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m chinatracker.publish.generate.world /tmp/package/countries-50m.json

What the conversion does, and why:
- decodes the quantised, delta-encoded TopoJSON arcs into lon/lat rings;
- keys every country by ISO 3166-1 alpha-3 through its numeric code (`countries.csv`); the
  features world-atlas leaves without a code get one by name (Kosovo → XKX) or join the
  country that the tracker's reference counts them under (Somaliland → SOM, N. Cyprus → CYP);
  disputed or unassigned areas (Siachen Glacier, Indian Ocean Ter.) are dropped;
- cuts the rings that cross the antimeridian (Russia, Fiji) into one ring on each side;
- drops Antarctica (no aid goes there, and it takes a sixth of the map);
- simplifies every ring (Douglas–Peucker, `TOLERANCE` degrees), drops islands smaller than
  `MIN_RING_AREA` square degrees unless they are all a country has, and rounds to 0.01°;
- orients rings as GeoJSON (RFC 7946) asks: exteriors counter-clockwise, holes clockwise.

Countries too small to see on a world map (Singapore, Bahrain, island states) are drawn as
points by the renderer (`publish/worldmap.py`), at the reference lat/lon of `countries.csv`;
those missing from the 1:50m data (Tuvalu, Tokelau, Gibraltar...) are too.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chinatracker.reference.resources import data_file

OUT = Path(__file__).resolve().parent.parent / "data" / "world.geojson"
SOURCE = "world-atlas 2.0.2 (npm), countries-50m.json: Natural Earth 4.1.0 Admin 0, 1:50m"
TOLERANCE = 0.08
MIN_RING_AREA = 0.02
DECIMALS = 2
BY_NAME = {"Kosovo": "XKX", "Somaliland": "SOM", "N. Cyprus": "CYP"}
DROPPED = {"ATA"}

Ring = list[tuple[float, float]]


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Absolute lon/lat points of every arc (TopoJSON quantisation and delta encoding)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: Sequence[int], arcs: list[Ring]) -> Ring:
    """Join arcs into one ring; a negative index ~i means arc i reversed."""
    points: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def signed_area(points: Ring) -> float:
    """Shoelace area in square degrees; positive when counter-clockwise."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return float(((px - ax) ** 2 + (py - ay) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return float(((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5)


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker on an open polyline (iterative, so long coastlines do not recurse)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def clean_ring(points: Ring, *, exterior: bool) -> Ring | None:
    """Simplified, rounded, closed and oriented ring; None when it collapses."""
    open_ring = points[:-1] if points[0] == points[-1] else points
    # Split the closed ring at its far point so both halves simplify as polylines.
    far = max(range(len(open_ring)), key=lambda i: abs(open_ring[i][0] - open_ring[0][0]))
    halves = (
        simplify(open_ring[: far + 1], TOLERANCE)
        + simplify([*open_ring[far:], open_ring[0]], TOLERANCE)[1:-1]
    )
    rounded: Ring = []
    for x, y in halves:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) < 3:
        return None
    ccw = signed_area(rounded) > 0
    if ccw != exterior:
        rounded.reverse()
    return [*rounded, rounded[0]]


def polygons(geometry: dict[str, Any], arcs: list[Ring]) -> list[list[Ring]]:
    """A TopoJSON Polygon or MultiPolygon as a list of polygons (lists of rings)."""
    parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return [[ring(r, arcs) for r in part] for part in parts]


def crosses_antimeridian(points: Ring) -> bool:
    return any(abs(b[0] - a[0]) > 180 for a, b in itertools.pairwise(points))


def _clip(points: Ring, limit: float, keep_below: bool) -> Ring:
    """Sutherland–Hodgman clip of a ring against the half-plane x <= limit (or x >= limit)."""

    def inside(p: tuple[float, float]) -> bool:
        return p[0] <= limit if keep_below else p[0] >= limit

    out: Ring = []
    for a, b in zip(points, points[1:] + points[:1], strict=True):
        if inside(b):
            if not inside(a):
                out.append((limit, a[1] + (b[1] - a[1]) * (limit - a[0]) / (b[0] - a[0])))
            out.append(b)
        elif inside(a):
            out.append((limit, a[1] + (b[1] - a[1]) * (limit - a[0]) / (b[0] - a[0])))
    return out


def split_at_antimeridian(points: Ring) -> list[Ring]:
    """A ring that crosses ±180° (Russia's Chukotka, Fiji) cut into rings on each side.

    The TopoJSON is spherical (d3 cuts at render time); a flat map needs the cut made here.
    The ring's longitudes are first made continuous, then clipped to each 360° window.
    """
    unwrapped: Ring = [points[0]]
    offset = 0.0
    for a, b in itertools.pairwise(points):
        if b[0] - a[0] > 180:
            offset -= 360
        elif b[0] - a[0] < -180:
            offset += 360
        unwrapped.append((b[0] + offset, b[1]))
    pieces = []
    for shift in (0.0, 360.0, -360.0):
        low, high = -180.0 - shift, 180.0 - shift
        piece = _clip(_clip(unwrapped, high, True), low, False)
        if len(piece) >= 3:
            pieces.append([(x + shift, y) for x, y in [*piece, piece[0]]])
    return pieces


def flat_polygons(parts: list[list[Ring]]) -> list[list[Ring]]:
    """Polygons whose exterior crosses the antimeridian become one polygon per side."""
    flat = []
    for part in parts:
        if crosses_antimeridian(part[0]):
            flat += [[piece] for piece in split_at_antimeridian(part[0])]
        else:
            flat.append(part)
    return flat


def clean_polygons(parts: list[list[Ring]]) -> list[list[Ring]]:
    """Simplify every polygon; drop specks unless nothing bigger is left."""
    largest = max(abs(signed_area(p[0])) for p in parts)
    kept = []
    for part in parts:
        area = abs(signed_area(part[0]))
        if area < MIN_RING_AREA and area < largest:
            continue
        exterior = clean_ring(part[0], exterior=True)
        if exterior is None:
            continue
        holes = [h for h in (clean_ring(r, exterior=False) for r in part[1:]) if h]
        kept.append([exterior, *holes])
    if not kept:  # a microstate: keep its largest ring unsimplified
        biggest = max(parts, key=lambda p: abs(signed_area(p[0])))
        points = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in biggest[0]]
        if signed_area(points) < 0:
            points.reverse()
        kept.append([points])
    return kept


def iso3_by_numeric() -> dict[str, tuple[str, str]]:
    text = data_file("countries.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return {r["numeric"]: (r["iso3"], r["name"]) for r in rows if r["numeric"]}


def build(topology: dict[str, Any]) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of countries keyed by ISO3."""
    arcs = decode_arcs(topology)
    codes = iso3_by_numeric()
    names = dict(codes.values())
    names["XKX"] = "Kosovo"
    shapes: dict[str, list[list[Ring]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric in codes:
            iso3 = codes[numeric][0]
        elif geometry["properties"]["name"] in BY_NAME:
            iso3 = BY_NAME[geometry["properties"]["name"]]
        else:
            continue
        if iso3 in DROPPED:
            continue
        shapes.setdefault(iso3, []).extend(flat_polygons(polygons(geometry, arcs)))
    features = []
    for iso3 in sorted(shapes):
        parts = clean_polygons(shapes[iso3])
        geometry = (
            {"type": "Polygon", "coordinates": parts[0]}
            if len(parts) == 1
            else {"type": "MultiPolygon", "coordinates": parts}
        )
        features.append(
            {
                "type": "Feature",
                "id": iso3,
                "properties": {"iso3": iso3, "name": names[iso3]},
                "geometry": geometry,
            }
        )
    return {
        "type": "FeatureCollection",
        "source": SOURCE,
        "attribution": "Made with Natural Earth (public domain), via world-atlas (ISC).",
        "simplification": {"tolerance_degrees": TOLERANCE, "decimals": DECIMALS},
        "features": features,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    collection = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
    # One feature per line keeps diffs of a rebuild readable.
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{len(collection['features'])} countries → {args.out} ({len(text) // 1024} KiB)")


if __name__ == "__main__":
    main()
