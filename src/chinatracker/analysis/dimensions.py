"""The dimensions figures are broken down by: name → the keys one record counts under.

A dimension is a small function of a canonical record and the reference data; adding one is
adding a function here. A record with a month-only date counts in that month's first week.
Answers that change over time (income group, Belt and Road membership)
are given for the record's date (`CanonicalAid.reference_date`), so Argentina, which signed its
MoU in February 2022, is a non-member for a June 2020 delivery.
"""

from __future__ import annotations

from collections.abc import Callable

from chinatracker.errors import ConfigError
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalAid

UNKNOWN = "unknown"

Dimension = Callable[[CanonicalAid, Reference], tuple[str, ...]]
_DIMENSIONS: dict[str, Dimension] = {}


def dimension(name: str) -> Callable[[Dimension], Dimension]:
    def register(function: Dimension) -> Dimension:
        _DIMENSIONS[name] = function
        return function

    return register


def dimension_names() -> list[str]:
    return sorted(_DIMENSIONS)


def get_dimension(name: str) -> Dimension:
    if name not in _DIMENSIONS:
        choices = ", ".join(dimension_names())
        raise ConfigError(f"unknown dimension {name!r}; choose one of: {choices}")
    return _DIMENSIONS[name]


def keys(record: CanonicalAid, name: str, reference: Reference) -> tuple[str, ...]:
    return get_dimension(name)(record, reference)


@dimension("country")
def by_country(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    return (record.recipient_country or UNKNOWN,)


@dimension("region")
def by_region(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    country = reference.country(record.recipient_country) if record.recipient_country else None
    return ((country.un_region or UNKNOWN) if country else UNKNOWN,)


@dimension("subregion")
def by_subregion(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    country = reference.country(record.recipient_country) if record.recipient_country else None
    return ((country.un_subregion or UNKNOWN) if country else UNKNOWN,)


@dimension("developing")
def by_development(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    country = reference.country(record.recipient_country) if record.recipient_country else None
    if country is None or country.developing is None:
        return (UNKNOWN,)
    return ("developing" if country.developing else "developed",)


@dimension("income_group")
def by_income_group(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    when = record.reference_date
    if record.recipient_country is None or when is None:
        return (UNKNOWN,)
    return (reference.income_group(record.recipient_country, when) or UNKNOWN,)


@dimension("bri")
def by_bri(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    when = record.reference_date
    if record.recipient_country is None or when is None:
        return (UNKNOWN,)
    return ("member" if reference.bri_member(record.recipient_country, when) else "non-member",)


@dimension("channel")
def by_channel(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    return (record.donor_channel,)


@dimension("institution_type")
def by_institution_type(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    return (record.institution_type,)


@dimension("item")
def by_item(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    """A record counts once under each of its items."""
    return record.items or (UNKNOWN,)


@dimension("mode")
def by_mode(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    return (record.mode,)


@dimension("year")
def by_year(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    when = record.reference_date
    return (f"{when.year}" if when else UNKNOWN,)


@dimension("month")
def by_month(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    when = record.reference_date
    return (f"{when.year}-{when.month:02d}" if when else UNKNOWN,)


@dimension("week")
def by_week(record: CanonicalAid, reference: Reference) -> tuple[str, ...]:
    """ISO week, "2020-W23"."""
    when = record.reference_date
    if when is None:
        return (UNKNOWN,)
    year, week, _ = when.isocalendar()
    return (f"{year}-W{week:02d}",)
