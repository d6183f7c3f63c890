"""The office-holders table: well-formed terms, one holder per office at a time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import pairwise

from chinatracker.reference.countries import country
from chinatracker.reference.offices import term_at, terms


def test_every_term_names_a_known_country_and_ends_after_it_starts() -> None:
    for term in terms():
        assert country(term.country) is not None, term.name
        assert term.end is None or term.end > term.start, term.name


def test_no_two_people_hold_one_office_of_one_country_at_once() -> None:
    by_office = defaultdict(list)
    for term in terms():
        by_office[(term.country, term.office, term.title)].append(term)
    for held in by_office.values():
        held.sort(key=lambda t: t.start)
        for earlier, later in pairwise(held):
            assert earlier.end is not None and earlier.end <= later.start, (earlier, later)


def test_a_second_term_is_found_by_the_date() -> None:
    first, current = term_at("Wang Yi", dt.date(2020, 1, 1)) or (None, False)
    assert first is not None and current and first.end == dt.date(2022, 12, 30)
    second, current = term_at("Wang Yi", dt.date(2024, 1, 1)) or (None, False)
    assert second is not None and current and second.start == dt.date(2023, 7, 25)
    between, current = term_at("Wang Yi", dt.date(2023, 3, 1)) or (None, True)
    assert between is first and not current
