"""Country lookups: names, aliases, demonyms and capitals news actually uses."""

import pytest

from chinatracker.reference.countries import (
    country,
    country_index,
    lookup_countries,
    lookup_country,
)


def iso(text: str, *, allow_ambiguous: bool = True) -> str | None:
    """ISO3 that ``text`` resolves to, or None."""
    found = lookup_country(text, allow_ambiguous=allow_ambiguous)
    return found.iso3 if found else None


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Republic of Korea", "KOR"),
        ("South Korea", "KOR"),
        ("ROK", "KOR"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("Swaziland", "SWZ"),
        ("Eswatini", "SWZ"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
        ("Serbian", "SRB"),
        ("Peruvian", "PER"),
        ("Filipino", "PHL"),
        ("Philippine", "PHL"),
        ("Nepalese", "NPL"),
        ("Nepali", "NPL"),
        ("Emirati", "ARE"),
        ("UAE", "ARE"),
        ("Beijing", "CHN"),
        ("PRC", "CHN"),
        ("People's Republic of China", "CHN"),
        ("mainland China", "CHN"),
        ("Chinese", "CHN"),
        ("U.S.", "USA"),
        ("the U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("United States of America", "USA"),
        ("American", "USA"),
        ("Washington", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("DRC", "COD"),
        ("DR Congo", "COD"),
        ("Democratic Republic of Congo", "COD"),
        ("Congo-Kinshasa", "COD"),
        ("Republic of Congo", "COG"),
        ("Congo-Brazzaville", "COG"),
        ("Russian Federation", "RUS"),
        ("Lao PDR", "LAO"),
        ("Laos", "LAO"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("Macedonia", "MKD"),
        ("North Macedonia", "MKD"),
        ("East Timor", "TLS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Holland", "NLD"),
        ("the Netherlands", "NLD"),
        ("Republic of China", "TWN"),
        ("Taiwan", "TWN"),
        ("Hong Kong", "HKG"),
        ("Macau", "MAC"),
        ("Palestine", "PSE"),
        ("Vatican", "VAT"),
        ("Holy See", "VAT"),
        ("Cape Verde", "CPV"),
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("DPRK", "PRK"),
        ("North Korea", "PRK"),
        ("Ankara", "TUR"),
        ("Moscow", "RUS"),
        ("New Delhi", "IND"),
        ("Delhi", "IND"),
        ("Islamabad", "PAK"),
        ("Taipei", "TWN"),
        ("Kabul", "AFG"),
        ("China's", "CHN"),
        ("Kosovo", "XKX"),
    ],
)
def test_aliases_resolve(text: str, iso3: str) -> None:
    assert iso(text) == iso3


def test_case_sensitive_abbreviations_do_not_match_words() -> None:
    assert iso("us") is None  # the pronoun
    assert iso("car") is None  # CAR is the Central African Republic
    assert iso("CAR") == "CAF"
    assert iso("polish") is None
    assert iso("Polish") == "POL"


def test_shared_names_are_not_forced_onto_one_country() -> None:
    assert iso("Congo") is None
    assert {c.iso3 for c in lookup_countries("Congo")} == {"COD", "COG"}
    assert {c.iso3 for c in lookup_countries("Congolese")} == {"COD", "COG"}
    assert {c.iso3 for c in lookup_countries("Dominican")} == {"DOM", "DMA"}


def test_ambiguous_names_can_be_refused() -> None:
    assert iso("Georgia") == "GEO"
    assert iso("Georgia", allow_ambiguous=False) is None
    assert iso("Korean", allow_ambiguous=False) is None
    assert iso("Turkey", allow_ambiguous=False) is None
    assert iso("Brussels", allow_ambiguous=False) is None
    assert iso("Türkiye", allow_ambiguous=False) == "TUR"


def test_country_records() -> None:
    index = country_index()
    assert 249 <= len(index) <= 251
    china = country("CHN")
    assert china is not None
    assert (china.iso2, china.numeric, china.un_region) == ("CN", "156", "Asia")
    assert china.developing is True
    assert country("cn") == china  # alpha-2 works too
    germany, ethiopia = country("DEU"), country("ETH")
    assert germany is not None
    assert germany.developing is False
    assert ethiopia is not None
    assert (ethiopia.un_subregion, ethiopia.intermediate_region) == (
        "Sub-Saharan Africa",
        "Eastern Africa",
    )
    assert country("ZZZ") is None


def test_every_country_is_complete() -> None:
    for c in country_index().all():
        assert len(c.iso3) == 3
        assert len(c.iso2) == 2
        assert -90 <= c.lat <= 90, c.iso3
        assert -180 <= c.lon <= 180, c.iso3
        if c.iso3 != "ATA":
            assert c.un_region in {"Africa", "Americas", "Asia", "Europe", "Oceania"}, c.iso3
            assert c.un_subregion, c.iso3
            assert c.developing is not None, c.iso3


def test_demonyms_cover_the_tracked_world() -> None:
    """Every country in a tracked organisation or the BRI has an English demonym row."""
    from chinatracker.reference.bri import bri_index
    from chinatracker.reference.memberships import membership_index

    with_demonym = {a.iso3 for a in country_index().aliases if a.kind == "demonym"}
    tracked = {m.iso3 for m in membership_index().rows} | {b.iso3 for b in bri_index().rows}
    assert tracked - with_demonym == set()
