"""GeoJSON of countries with their record counts: aid recipients, or countries of events.

Geometries are the committed Natural Earth shapes (`data/world.geojson`, lon/lat, RFC 7946
orientation); a country missing from the 1:50m data is a Point at its reference location,
with `point: true`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from chinatracker.publish.contract import (
    CountryCollectionOut,
    CountryFeatureOut,
    CountryPropertiesOut,
    MultiPolygonOut,
    PointOut,
    PolygonOut,
)
from chinatracker.publish.worldmap import base_map
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalAid, CanonicalEvent

ATTRIBUTION = (
    "Country shapes: Natural Earth 1:50m Admin 0 (public domain), via the npm package "
    "world-atlas 2.0.2 (ISC); simplified."
)
CHINA = "CHN"


def _geometry(iso3: str, reference: Reference) -> PolygonOut | MultiPolygonOut | PointOut | None:
    shape = base_map().get(iso3)
    if shape is not None:
        geometry = shape.geometry
        if geometry["type"] == "Polygon":
            return PolygonOut(type="Polygon", coordinates=geometry["coordinates"])
        return MultiPolygonOut(type="MultiPolygon", coordinates=geometry["coordinates"])
    country = reference.country(iso3)
    if country is None:
        return None
    return PointOut(type="Point", coordinates=[country.lon, country.lat])


def _features(
    groups: dict[str, list[CanonicalAid] | list[CanonicalEvent]],
    by: dict[str, Counter[str]],
    reference: Reference,
) -> list[CountryFeatureOut]:
    features = []
    for iso3 in sorted(groups):
        geometry = _geometry(iso3, reference)
        country = reference.country(iso3)
        if geometry is None or country is None:
            continue
        records = groups[iso3]
        dates = [r.reference_date for r in records if r.reference_date]
        features.append(
            CountryFeatureOut(
                type="Feature",
                id=iso3,
                geometry=geometry,
                properties=CountryPropertiesOut(
                    iso3=iso3,
                    name=country.name,
                    records=len(records),
                    record_ids=sorted(r.id for r in records),
                    documents=len({d for r in records for d in r.document_ids}),
                    by=dict(sorted(by[iso3].items())),
                    first_date=min(dates) if dates else None,
                    last_date=max(dates) if dates else None,
                    point=geometry.type == "Point",
                ),
            )
        )
    return features


def aid_countries(records: Sequence[CanonicalAid], reference: Reference) -> CountryCollectionOut:
    """Recipient countries of Chinese aid (every canonical aid record with a country)."""
    groups: dict[str, list[CanonicalAid]] = defaultdict(list)
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        iso3 = record.recipient_country
        if iso3 and iso3 != record.donor_country:
            groups[iso3].append(record)
            by[iso3][record.donor_channel] += 1
    return CountryCollectionOut(
        type="FeatureCollection",
        name="Recipient countries of aid records, with counts by donor channel",
        attribution=ATTRIBUTION,
        features=_features(dict(groups), by, reference),
    )


def event_countries(
    records: Sequence[CanonicalEvent], reference: Reference
) -> CountryCollectionOut:
    """Foreign countries involved in security events, with counts by taxonomy section."""
    groups: dict[str, list[CanonicalEvent]] = defaultdict(list)
    by: dict[str, Counter[str]] = defaultdict(Counter)
    taxonomy = reference.taxonomy
    for record in records:
        section = (
            taxonomy.section_of(record.category).code
            if taxonomy.is_code(record.category)
            else "other"
        )
        for iso3 in dict.fromkeys(record.countries):
            if iso3 != CHINA:
                groups[iso3].append(record)
                by[iso3][section] += 1
    return CountryCollectionOut(
        type="FeatureCollection",
        name="Countries involved in security events, with counts by taxonomy section",
        attribution=ATTRIBUTION,
        features=_features(dict(groups), by, reference),
    )
