"""What the build scripts share: where the data lives, how CSVs are written, and which names
must never become place names (country names, aliases and common English words)."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from chinatracker.reference.names import name_key

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Place names that are also everyday English words, compass words or given names: a text
# mentioning "nice", "delta" or "Western" must not resolve to a place. Kept as data.
_WORDS_FILE = Path(__file__).with_name("common_words.txt")
COMMON_WORDS = frozenset(
    line.strip()
    for line in _WORDS_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


def excluded_names() -> frozenset[str]:
    """Normalised country names and aliases, so that no city or subdivision shadows them."""
    keys: set[str] = set()
    for row in read_rows("countries.csv"):
        keys.update({name_key(row["name"]), name_key(row["official_name"])})
    for row in read_rows("country_aliases.csv"):
        if row["kind"] != "capital":
            keys.add(name_key(row["alias"]))
    keys.discard("")
    return frozenset(keys)


def read_rows(name: str) -> list[dict[str, str]]:
    """Read one of the committed CSVs."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(name: str, fields: Sequence[str], rows: Iterable[dict[str, object]]) -> int:
    """Write rows to data/<name> with a fixed column order and Unix line ends; return the count."""
    rows = list(rows)
    with (DATA_DIR / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def mark_ambiguous(rows: list[dict[str, object]]) -> None:
    """Set ``ambiguous`` on rows whose name is shared by places in two or more countries."""
    countries_by_key: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        countries_by_key[name_key(str(row["name"]))].add(str(row["iso3"]))
    for row in rows:
        shared = len(countries_by_key[name_key(str(row["name"]))]) > 1
        row["ambiguous"] = "true" if shared else "false"
