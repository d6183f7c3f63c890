"""The offline world map: Natural Earth shapes keyed by ISO3, small states as points."""

from __future__ import annotations

import itertools
import json
from importlib.resources import files

from chinatracker.publish.worldmap import (
    LegendEntry,
    Shade,
    base_map,
    choropleth_svg,
    equal_earth,
    shown_as_point,
)


def test_equal_earth_is_centred_and_symmetric() -> None:
    assert equal_earth(0, 0) == (0.0, 0.0)
    x, y = equal_earth(90, 45)
    assert (-x, -y) == equal_earth(-90, -45)


def test_shapes_are_keyed_by_iso3_with_the_minus_99_quirks_fixed() -> None:
    shapes = base_map()
    for iso3 in ("FRA", "NOR", "XKX", "SOM", "CYP", "CHN", "RUS"):
        assert iso3 in shapes, iso3
    assert "ATA" not in shapes
    assert len(shapes) > 230


def test_no_ring_crosses_the_antimeridian() -> None:
    text = (files("chinatracker.publish") / "data" / "world.geojson").read_text(encoding="utf-8")
    collection = json.loads(text)
    assert "Natural Earth" in collection["attribution"]
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            for ring in polygon:
                assert ring[0] == ring[-1]
                assert all(abs(b[0] - a[0]) < 180 for a, b in itertools.pairwise(ring)), feature[
                    "id"
                ]


def test_small_and_missing_states_are_points() -> None:
    for iso3 in ("SGP", "BHR", "MDV", "TUV", "MLT"):
        assert shown_as_point(iso3), iso3
    for iso3 in ("ZWE", "FRA", "CHN"):
        assert not shown_as_point(iso3), iso3


def test_choropleth_marks_shaded_countries() -> None:
    svg = choropleth_svg(
        {
            "ZWE": Shade("ch-military", "Zimbabwe: 2 records", "#country-ZWE"),
            "SGP": Shade("ch-military", "Singapore"),
        },
        [LegendEntry("ch-military", "Military", "#9b2915")],
        label="test",
    )
    assert 'data-iso3="ZWE" class="country has-records ch-military"' in svg
    assert "<title>Zimbabwe: 2 records</title>" in svg
    assert '<a href="#country-ZWE">' in svg
    assert (
        "<circle cx=" in svg
        and 'data-iso3="SGP" class="country point has-records ch-military"' in svg
    )
    assert svg.count('has-records ch-military"') == 2
