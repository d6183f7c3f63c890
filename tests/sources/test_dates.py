"""Publication dates: metadata formats, file names, and never "today"."""

from __future__ import annotations

import datetime as dt

import pytest

from chinatracker.errors import InputError
from chinatracker.sources.dates import date_from_filename, parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-03-13", dt.date(2020, 3, 13)),
        ("2020-03-13T22:15:00+08:00", dt.date(2020, 3, 13)),
        ("Fri, 13 Mar 2020 10:00:00 GMT", dt.date(2020, 3, 13)),
        ("March 13, 2020", dt.date(2020, 3, 13)),
        ("13 March 2020", dt.date(2020, 3, 13)),
        (dt.date(2020, 3, 13), dt.date(2020, 3, 13)),
        (None, None),
        ("  ", None),
    ],
)
def test_metadata_dates(value: object, expected: dt.date | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["2020-13-45", "not a date", "3020-01-01", "0001-01-01"])
def test_malformed_or_impossible_dates_are_errors(value: str) -> None:
    with pytest.raises(InputError, match="malformed date"):
        parse_published(value, today=dt.date(2026, 11, 23))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2020-03-13-serbia.txt", dt.date(2020, 3, 13)),
        ("2020-02-30-impossible.txt", None),
        ("report-2020-03-13.txt", None),
        ("20200313.txt", None),
    ],
)
def test_dates_from_file_names(name: str, expected: dt.date | None) -> None:
    assert date_from_filename(name) == expected
