"""Recipient countries: one ISO3 code whatever the text called the country."""

from __future__ import annotations

import pytest

from chinatracker.reference import Reference
from chinatracker.resolve.countries import recipient_country, resolve_country


@pytest.mark.parametrize(
    "text", ["KOR", "kor", "KR", "South Korea", "Republic of Korea", "Korea, Republic of"]
)
def test_korea_naming_all_give_kor(text: str) -> None:
    assert resolve_country(text, Reference.load()) == "KOR"


@pytest.mark.parametrize("text", [None, "", "Atlantis", "XYZ"])
def test_unknown_country_is_none(text: str | None) -> None:
    assert resolve_country(text, Reference.load()) is None


def test_recipient_country_from_name_when_code_missing() -> None:
    reference = Reference.load()
    assert recipient_country(None, "Republic of Korea", None, reference) == "KOR"
    assert recipient_country("RWA", "Rwanda Defence Force", None, reference) == "RWA"


def test_recipient_country_from_a_subnational_region() -> None:
    assert recipient_country(None, None, "Hyogo", Reference.load()) == "JPN"


def test_bodies_and_multi_country_regions_get_no_country() -> None:
    reference = Reference.load()
    assert recipient_country(None, "Africa CDC", "Africa", reference) is None
    assert recipient_country(None, None, "Hyogo and Jeju", reference) is None
