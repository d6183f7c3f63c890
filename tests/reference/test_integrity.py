"""Cross-file integrity of the reference data."""

import itertools
from collections import defaultdict
from pathlib import Path

from chinatracker.reference.actors import actor_index
from chinatracker.reference.bri import bri_index
from chinatracker.reference.countries import country_index
from chinatracker.reference.income import income_index
from chinatracker.reference.memberships import membership_index
from chinatracker.reference.names import name_key
from chinatracker.reference.resources import data_file, read_csv
from chinatracker.reference.vocabularies import vocabulary

ISO3 = {c.iso3 for c in country_index().all()}


def _codes(name: str, column: str) -> set[str]:
    return {row[column] for row in read_csv(name) if row[column]}


def test_every_iso3_exists() -> None:
    for name, column in [
        ("country_aliases.csv", "iso3"),
        ("income_groups.csv", "iso3"),
        ("memberships.csv", "iso3"),
        ("bri_mous.csv", "iso3"),
        ("places.csv", "iso3"),
        ("subdivisions.csv", "iso3"),
        ("cities.csv", "iso3"),
    ]:
        assert _codes(name, column) - ISO3 == set(), name
    claimants = {c for row in read_csv("places.csv") for c in row["claimants"].split(";") if c}
    assert claimants - ISO3 == set()
    actor_countries = {a.country for a in actor_index().actors if a.country}
    assert actor_countries - ISO3 == set()


def test_no_alias_silently_points_to_two_countries() -> None:
    by_key = defaultdict(list)
    for a in country_index().aliases:
        by_key[(name_key(a.alias, casefold=not a.case_sensitive), a.case_sensitive)].append(a)
    for key, rows in by_key.items():
        if len({r.iso3 for r in rows}) > 1:
            assert all(r.ambiguous for r in rows), key


def test_no_alias_shadows_another_countrys_name_unflagged() -> None:
    primary = {}
    for c in country_index().all():
        for label in (c.name, c.official_name):
            if label:
                primary[name_key(label)] = c.iso3
    for a in country_index().aliases:
        other = primary.get(name_key(a.alias))
        if other and other != a.iso3:
            assert a.ambiguous, (a.alias, a.iso3, other)


def test_every_bri_row_is_sourced_and_dated() -> None:
    rows = bri_index().rows
    assert 145 <= len(rows) <= 155
    for row in rows:
        assert row.source.strip(), row.iso3
        assert row.precision in {"day", "month", "year"}
        if row.status == "withdrawn":
            assert row.ended is not None, row.iso3


def test_income_windows_do_not_overlap() -> None:
    by_country = defaultdict(list)
    for row in income_index().rows:
        assert row.valid_from <= row.valid_to
        by_country[row.iso3].append(row)
    for rows in by_country.values():
        rows.sort(key=lambda r: r.valid_from)
        for earlier, later in itertools.pairwise(rows):
            assert earlier.valid_to < later.valid_from


def test_memberships_are_well_formed() -> None:
    for m in membership_index().rows:
        assert m.left is None or m.joined <= m.left


def test_actors_use_the_export_vocabularies() -> None:
    channels = vocabulary("donor_channel")
    institution_types = vocabulary("institution_type")
    for actor in actor_index().actors:
        if actor.channel is not None:
            assert actor.channel in channels
            assert actor.country, actor.id
        assert actor.institution_type in institution_types, actor.id


def test_data_files_state_their_sources() -> None:
    sources = data_file("SOURCES.md").read_text(encoding="utf-8")
    for entry in data_file("").iterdir():
        if entry.name.endswith(".csv"):
            assert entry.name in sources, entry.name
        elif entry.name.endswith(".yaml"):
            assert entry.read_text(encoding="utf-8").startswith("#"), entry.name


def test_generators_are_documented() -> None:
    readme = Path(__file__).resolve().parents[2] / "src/chinatracker/reference/generate/README.md"
    assert readme.exists()
