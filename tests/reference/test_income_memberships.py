"""Income groups and organisation memberships are answered for a date."""

from datetime import date

import pytest

from chinatracker.reference.income import income_group
from chinatracker.reference.memberships import is_member, members


def test_income_group_follows_the_1_july_reclassification() -> None:
    assert income_group("IDN", date(2020, 6, 30)) == "lower_middle"
    assert income_group("IDN", date(2020, 7, 1)) == "upper_middle"
    assert income_group("ROU", date(2020, 3, 1)) == "upper_middle"
    assert income_group("ROU", date(2020, 9, 1)) == "high"
    assert income_group("LKA", date(2020, 9, 1)) == "lower_middle"
    assert income_group("ZWE", date(2020, 4, 1)) == "lower_middle"
    assert income_group("CHN", date(2020, 4, 1)) == "upper_middle"
    assert income_group("USA", date(2020, 4, 1)) == "high"


def test_income_group_outside_coverage_is_unknown() -> None:
    assert income_group("CHN", date(2015, 1, 1)) is None
    assert income_group("ATA", date(2020, 4, 1)) is None


def test_uk_left_the_eu_on_31_january_2020() -> None:
    assert is_member("EU", "GBR", date(2020, 1, 31))
    assert not is_member("EU", "GBR", date(2020, 2, 1))
    assert len(members("EU", date(2020, 6, 1))) == 27
    assert len(members("EU", date(2019, 6, 1))) == 28


def test_nato_enlargements() -> None:
    assert not is_member("NATO", "MKD", date(2020, 3, 26))
    assert is_member("NATO", "MKD", date(2020, 3, 27))
    assert len(members("NATO", date(2020, 6, 1))) == 30
    assert is_member("NATO", "FIN", date(2023, 4, 4))
    assert not is_member("NATO", "SWE", date(2024, 3, 6))
    assert len(members("nato", date(2024, 6, 1))) == 32


def test_sco_au_asean_g20_oecd() -> None:
    assert not is_member("SCO", "IRN", date(2023, 7, 3))
    assert is_member("SCO", "IRN", date(2023, 7, 4))
    assert is_member("SCO", "BLR", date(2024, 7, 4))
    assert len(members("AU", date(2020, 6, 1))) == 55
    assert is_member("AU", "MLI", date(2022, 1, 1))  # suspended, still a member
    assert len(members("ASEAN", date(2020, 6, 1))) == 10
    assert len(members("G20", date(2020, 6, 1))) == 19
    assert is_member("OECD", "COL", date(2020, 6, 1))
    assert not is_member("OECD", "CRI", date(2020, 6, 1))


def test_unknown_organisation_is_an_error() -> None:
    with pytest.raises(KeyError):
        is_member("WTO", "CHN", date(2020, 1, 1))
