"""Place lookups: curated places, ISO subdivisions and GeoNames cities."""

import pytest

from chinatracker.reference.places import lookup_place, place_index


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Ceara State", "BRA"),
        ("Ceará", "BRA"),
        ("Champassak province", "LAO"),
        ("Champasak", "LAO"),
        ("Port-of-Spain", "TTO"),
        ("Tigray", "ETH"),
        ("Xinjiang", "CHN"),
        ("Tibet", "CHN"),
        ("Guangdong", "CHN"),
        ("Hubei province", "CHN"),
        ("Wuhan", "CHN"),
        ("Hong Kong", "HKG"),
        ("Galwan Valley", "IND"),
        ("Ladakh", "IND"),
        ("Second Thomas Shoal", "PHL"),
        ("Ayungin Shoal", "PHL"),
        ("Miyako Strait", "JPN"),
        ("Okinawa", "JPN"),
        ("Senkaku Islands", "JPN"),
        ("Diaoyu Islands", "JPN"),
        ("Lop Nur", "CHN"),
        ("Kandla", "IND"),
        ("Karachi", "PAK"),
        ("Addis Ababa", "ETH"),
        ("Phnom Penh", "KHM"),
        ("Liège", "BEL"),
        ("Liege Airport", "BEL"),
        ("Da Nang", "VNM"),
        ("Djibouti City", "DJI"),
        ("Lagos", "NGA"),
        ("Mombasa", "KEN"),
    ],
)
def test_places_resolve(text: str, iso3: str) -> None:
    place = lookup_place(text)
    assert place is not None, text
    assert place.iso3 == iso3


@pytest.mark.parametrize(
    ("text", "claimants"),
    [
        ("Paracel Islands", {"CHN", "VNM", "TWN"}),
        ("Spratly Islands", {"CHN", "PHL", "VNM", "MYS", "BRN", "TWN"}),
        ("Fiery Cross Reef", {"CHN", "PHL", "VNM", "TWN"}),
        ("Scarborough Shoal", {"PHL", "CHN", "TWN"}),
        ("Vanguard Bank", {"VNM", "CHN", "TWN"}),
        ("Kashmir", {"IND", "PAK", "CHN"}),
    ],
)
def test_disputed_features_have_no_single_country(text: str, claimants: set[str]) -> None:
    place = lookup_place(text)
    assert place is not None
    assert place.disputed
    assert place.iso3 is None
    assert set(place.claimants) == claimants


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("South China Sea", "sea"),
        ("East China Sea", "sea"),
        ("Gulf of Aden", "sea"),
        ("Taiwan Strait", "strait"),
        ("Mekong River", "river"),
    ],
)
def test_international_features(text: str, kind: str) -> None:
    place = lookup_place(text)
    assert place is not None
    assert (place.iso3, place.type, place.disputed) == (None, kind, False)


def test_common_words_and_country_names_are_not_places() -> None:
    for word in ("Delta", "Nice", "Corona", "Mobile", "Central", "Western", "Georgia"):
        assert lookup_place(word) is None, word


def test_shared_city_names_prefer_the_largest_and_say_so() -> None:
    place = lookup_place("Hyderabad")
    assert place is not None
    assert place.iso3 == "IND"
    assert place.ambiguous
    assert {p.iso3 for p in place_index().lookup_places("Hyderabad")} >= {"IND", "PAK"}


def test_cities_carry_coordinates() -> None:
    place = lookup_place("Belgrade")
    assert place is not None
    assert place.source == "cities"
    assert place.lat is not None
    assert 44 < place.lat < 45
    assert place.population is not None
    assert place.population > 1_000_000
