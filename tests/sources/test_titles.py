"""Titles for inputs without one: the first headline-like line, or none (sources/titles.py)."""

from __future__ import annotations

import pytest

from chinatracker.sources.cleaning import clean_text
from chinatracker.sources.titles import (
    display_title,
    first_sentence,
    headline_of,
    is_furniture_title,
    retitled,
)

BODY = (
    "The ministry said on Tuesday that a shipment of masks had arrived in Dili, the third "
    "such delivery this year, and that more would follow before the rainy season began."
)


@pytest.mark.parametrize(
    "head",
    [
        "Advertisement\nBusiness\nGeneral\n",
        "World\nBEIJING\n",
        "Jakarta.\nBy Ana Example\n",
        "Opinion\n06 Sep 2023 02:09PM\nTHURSDAY, MAY 02, 2024\n",
        "#\nHONG KONG SAR -\nREAD MORE\n",
    ],
)
def test_furniture_before_the_headline_is_skipped(head: str) -> None:
    text = clean_text(f"{head}China sends masks to Timor-Leste\n{BODY}\n").text
    assert headline_of(text) == "China sends masks to Timor-Leste"


def test_a_text_that_opens_with_its_body_has_no_title_and_shows_its_first_sentence() -> None:
    text = f"BEIJING - {BODY} A second sentence follows here.\n"
    assert headline_of(text) is None
    assert display_title(None, text).startswith("The ministry said on Tuesday")
    assert "BEIJING" not in display_title(None, text)


def test_a_line_cut_from_a_paragraph_by_a_link_is_not_a_headline() -> None:
    text = "Italy, seeking to limit any backlash, would aim to revive\nthe\nSilk Road talks\n"
    assert headline_of(text + BODY) is None


def test_a_wire_stamp_is_not_a_headline_nor_a_first_sentence() -> None:
    text = f"BEIJING\n, Oct. 25, 2024 /PRNewswire/ -- {BODY}\n"
    assert headline_of(text) is None
    assert first_sentence(text).startswith("The ministry said")


def test_a_banner_in_capitals_and_a_sentence_are_not_headlines() -> None:
    assert headline_of(f"CEO OF THE YEAR 2024\nOfficials met on Monday.\n{BODY}\n") is None


@pytest.mark.parametrize(
    "title", ["Advertisement", "Business", "BEIJING", "Jakarta.", "Life", "World", "READ MORE"]
)
def test_furniture_words_are_furniture_titles(title: str) -> None:
    assert is_furniture_title(title)


def test_a_real_headline_is_not_a_furniture_title() -> None:
    assert not is_furniture_title("China sends masks to Timor-Leste")


def test_retitle_keeps_a_real_title_and_replaces_furniture() -> None:
    text = f"Advertisement\nChina sends masks to Timor-Leste\n{BODY}\n"
    assert retitled("Aid to Dili &amp; beyond", text) == "Aid to Dili & beyond"
    assert retitled("Advertisement", text) == "China sends masks to Timor-Leste"
    assert retitled("BEIJING", f"BEIJING\n{BODY}\n") is None


def test_a_headline_after_the_first_body_sentence_is_another_story_s() -> None:
    text = (
        "MANILA, Philippines — Oil companies will change prices again this week, they said.\n"
        "Gasoline goes up by 40 centavos a liter.\nBar exam 2024: List of successful examinees\n"
    )
    assert headline_of(text) is None


def test_headlines_listed_under_featured_stories_are_not_the_title() -> None:
    assert headline_of("FEATURED STORIES\nWWW\nTeodoro says petitions are political\n") is None
