"""Entity mentions resolve names, demonyms, capitals and sub-national places to countries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chinatracker.records import Extraction


def by_text(extraction: Extraction) -> dict[str, tuple[str, str | None]]:
    return {m.text: (m.type, m.country) for m in extraction.mentions}


@pytest.mark.parametrize(
    ("sentence", "surface", "country"),
    [
        (
            "The Serbian president thanked the doctors for their work in the hospitals.",
            "Serbian",
            "SRB",
        ),
        ("A Peruvian delegation arrived to discuss the purchase of test kits.", "Peruvian", "PER"),
        (
            "Beijing has rejected the accusation made by the foreign ministry this week.",
            "Beijing",
            "CHN",
        ),
        (
            "Washington has sanctioned two companies for shipping parts to the navy.",
            "Washington",
            "USA",
        ),
        (
            "Ankara has yet to ratify the extradition treaty signed three years ago.",
            "Ankara",
            "TUR",
        ),
        (
            "Masks reached hospitals in Champassak province on Tuesday after a long drive.",
            "Champassak",
            "LAO",
        ),
        (
            "Doctors in Ceara State received ventilators donated by the company last week.",
            "Ceara",
            "BRA",
        ),
        (
            "The flight landed in Port-of-Spain with protective suits for the hospital.",
            "Port-of-Spain",
            "TTO",
        ),
        (
            "Fighting in the Tigray region has displaced thousands of people this year.",
            "Tigray",
            "ETH",
        ),
        (
            "The Republic of Korea received the shipment of masks at Incheon airport.",
            "Republic of Korea",
            "KOR",
        ),
        (
            "South Korea received the shipment of masks at Incheon airport yesterday.",
            "South Korea",
            "KOR",
        ),
    ],
)
def test_countries_from_names_demonyms_capitals_and_places(
    extract: Callable[..., Extraction], sentence: str, surface: str, country: str
) -> None:
    found = by_text(extract(sentence))
    assert found[surface][1] == country


def test_actors_are_organisations_with_their_country(extract: Callable[..., Extraction]) -> None:
    text = (
        "The PLA Navy, NORINCO and the Jack Ma Foundation were named in the report, "
        "alongside the World Health Organization and the Central Military Commission."
    )
    found = {m.canonical: m for m in extract(text).mentions}
    assert found["PLA Navy"].country == "CHN"
    assert found["PLA Navy"].type == "organization"
    assert found["China North Industries Group Corporation"].country == "CHN"
    assert found["World Health Organization"].country is None
    assert "Jack Ma Foundation" in found


def test_currency_prefixes_and_people_named_like_cities_are_not_countries(
    extract: Callable[..., Extraction],
) -> None:
    text = "Vladimir Putin said the fund of US$100 million would be spent on hospitals in Moscow."
    found = by_text(extract(text))
    assert found["Vladimir Putin"] == ("person", "RUS")
    assert "US" not in found
    assert found["Moscow"][1] == "RUS"


def test_a_surname_shared_with_a_county_is_the_person(extract: Callable[..., Extraction]) -> None:
    found = by_text(extract("Podesta took over the climate file from John Kerry in January."))
    assert found["John Kerry"] == ("person", "USA")
    assert all(country != "IRL" for _, country in found.values())


def test_people_keep_their_role(extract: Callable[..., Extraction]) -> None:
    text = "Defense Minister Wei Fenghe called his Russian counterpart on Tuesday to discuss the drills."
    [person] = [m for m in extract(text).mentions if m.type == "person"]
    assert person.canonical == "Wei Fenghe"
    assert person.country == "CHN"
    assert person.role
