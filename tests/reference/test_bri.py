"""Belt and Road MoUs answered by date."""

from datetime import date

from chinatracker.reference.bri import bri_index, bri_member, bri_signed, bri_status


def test_argentina_joined_in_2022() -> None:
    assert not bri_member("ARG", date(2020, 6, 5))
    assert bri_member("ARG", date(2022, 6, 1))
    assert bri_signed("ARG") == date(2022, 2, 6)


def test_italy_joined_2019_and_left() -> None:
    assert bri_member("ITA", date(2020, 6, 1))
    assert not bri_member("ITA", date(2024, 6, 1))
    assert not bri_member("ITA", date(2024, 1, 15))
    assert bri_status("ITA") == "withdrawn"
    assert bri_signed("ITA") == date(2019, 3, 23)


def test_panama_withdrew_in_2025() -> None:
    assert bri_member("PAN", date(2020, 1, 1))
    assert not bri_member("PAN", date(2025, 6, 1))
    assert bri_status("PAN") == "withdrawn"


def test_known_signing_dates() -> None:
    assert bri_signed("PHL") == date(2018, 11, 20)
    assert bri_signed("HUN") == date(2015, 6, 6)
    assert bri_signed("NZL") == date(2017, 3, 27)
    assert bri_signed("PRT") == date(2018, 12, 5)
    assert bri_signed("LUX") == date(2019, 3, 27)
    assert bri_signed("GRC") == date(2018, 8, 27)
    assert bri_signed("NIC") == date(2022, 1, 12)
    assert bri_signed("SYR") == date(2022, 1, 12)
    serbia = bri_index().record("SRB")
    assert serbia is not None
    assert serbia.precision == "month"


def test_non_signatories_are_absent() -> None:
    for iso3 in ("IND", "JPN", "USA", "DEU", "FRA", "GBR"):
        assert bri_signed(iso3) is None
        assert bri_status(iso3) is None
        assert not bri_member(iso3, date(2020, 6, 1))


def test_membership_count_by_date() -> None:
    assert 135 <= len(bri_index().members(date(2020, 6, 1))) <= 142
    assert 145 <= len(bri_index().members(date(2023, 6, 1))) <= 152
