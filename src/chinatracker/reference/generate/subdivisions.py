"""Extract subdivisions.csv (name, iso3, type, code) from pycountry's ISO 3166-2 tables.

Names are cleaned to the form news uses: bracketed notes and parenthesised region numbers
are dropped, Chinese suffixes ("Hubei Sheng", "Guangxi Zhuangzu Zizhiqu") are cut, inverted
forms ("wallonne, Région") are skipped. Names that are common English words, bare compass
words, or equal to a country's name or alias are dropped, so that "Georgia" stays a country.
A name used by subdivisions of two or more countries gets ``ambiguous=true``.

    python -m chinatracker.reference.generate.subdivisions
"""

from __future__ import annotations

import importlib
import re

from chinatracker.reference.generate.common import (
    COMMON_WORDS,
    excluded_names,
    mark_ambiguous,
    write_rows,
)
from chinatracker.reference.names import name_key

_CHINESE_SUFFIX = re.compile(
    r"\s+(?:Sheng|Shi|Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu|Uygur Zizhiqu|Tebiexingzhengqu)$"
)
_BRACKETS = re.compile(r"\s*[\[(].*?[\])]")

# Build-only dependencies: not needed (nor installed) at run time or in CI, hence the
# dynamic import, which also spares mypy from needing their stubs.
pycountry = importlib.import_module("pycountry")


def clean(name: str) -> str | None:
    """The usable English-ish form of an ISO 3166-2 name, or None to skip it."""
    name = _BRACKETS.sub("", name).strip()
    name = _CHINESE_SUFFIX.sub("", name)
    name = _CHINESE_SUFFIX.sub("", name)  # "Guangxi Zhuangzu Zizhiqu" needs both passes
    if "," in name or ";" in name or len(name) < 3:
        return None
    return name


def main() -> None:
    """Rewrite subdivisions.csv."""
    excluded = excluded_names()
    rows: list[dict[str, object]] = []
    for sub in pycountry.subdivisions:
        name = clean(sub.name)
        if name is None:
            continue
        key = name_key(name)
        if key in excluded or key in COMMON_WORDS or all(w in COMMON_WORDS for w in key.split()):
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        rows.append(
            {"name": name, "iso3": country.alpha_3, "type": sub.type.lower(), "code": sub.code}
        )
    mark_ambiguous(rows)
    rows.sort(key=lambda r: (str(r["iso3"]), str(r["code"])))
    count = write_rows("subdivisions.csv", ("name", "iso3", "type", "code", "ambiguous"), rows)
    print(f"subdivisions.csv: {count} rows")


if __name__ == "__main__":
    main()
