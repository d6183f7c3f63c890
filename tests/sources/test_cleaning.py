"""The clean view of a text and its map back to the raw characters (sources/cleaning.py)."""

from __future__ import annotations

import html

import pytest

from chinatracker.sources.cleaning import clean_text, furniture


def test_entities_are_decoded_and_each_maps_back_to_its_raw_entity() -> None:
    raw = "Aid&nbsp;arrived in R&amp;D&#39;s port &amp;nbsp;today.\n&amp;amp;nbsp;\n"
    clean = clean_text(raw)
    assert clean.text == "Aid arrived in R&D's port  today.\n"
    start = clean.text.index("R&D")
    assert raw[slice(*clean.raw_span(start, start + 3))] == "R&amp;D"
    assert "&" not in clean.text.replace("R&D", "")


def test_an_unknown_entity_like_string_is_kept_as_written() -> None:
    assert clean_text("AT&T;s deal and &madeup; stay").text == "AT&T;s deal and &madeup; stay"


def test_stray_tags_and_comments_are_stripped_but_comparisons_are_not() -> None:
    raw = "The <b>navy</b> sailed<br/> on <!-- ad --> Monday; 3 < 5 > 2."
    assert clean_text(raw).text == "The navy sailed on  Monday; 3 < 5 > 2."


def test_a_split_drop_capital_is_joined_but_a_and_i_stay_words() -> None:
    raw = "T he ministry said so.\nA new port opened.\nI think so.\n  W ith help."
    assert (
        clean_text(raw).text
        == "The ministry said so.\nA new port opened.\nI think so.\n  With help."
    )


def test_furniture_lines_and_credit_only_lines_are_dropped_with_their_line_break() -> None:
    raw = (
        "Advertisement\nHeadline of the story\nListen to this article\nPUBLISHED : 7 May 2024\n"
        "&nbsp; Small\n&nbsp;\nBody sentence one.\nINQUIRER FILE PHOTO\nPHOTO: REUTERS\n"
        "Article continues after this advertisement\nBody sentence two.\n"
    )
    assert clean_text(raw).text == "Headline of the story\nBody sentence one.\nBody sentence two.\n"


def test_a_descriptive_caption_stays_and_only_its_credit_goes() -> None:
    raw = "Body.\nMr Lee meets Mr Xi in Beijing on Dec 6, 2023. (Photo: AFP/Someone)\nMore body.\n"
    clean = clean_text(raw).text
    assert "Mr Lee meets Mr Xi in Beijing on Dec 6, 2023.\n" in clean
    assert "AFP" not in clean


def test_section_labels_go_only_at_the_head_of_the_page() -> None:
    long_paragraph = "A paragraph of body text. " * 10
    raw = f"World\nBusiness\nHeadline here now\n{long_paragraph}\nBusiness\nMore.\n"
    clean = clean_text(raw).text
    assert clean.startswith("Headline here now\n")
    assert "\nBusiness\nMore." in clean


def test_every_clean_character_maps_back_to_raw_characters_that_read_as_it() -> None:
    raw = "Advertisement\nT he&nbsp;aid <i>came</i> (R&amp;D).\nPHOTO: AFP\nEnd.\n"
    clean = clean_text(raw)
    for i, char in enumerate(clean.text):
        start, end = clean.raw_span(i, i + 1)
        source = html.unescape(raw[start:end]).replace("\u00a0", " ")
        assert char == source, (i, char, raw[start:end])


@pytest.mark.parametrize(
    ("raw_piece", "expected"),
    [("ministry said", "ministry said"), ("aid&nbsp;came", "aid came"), ("R&amp;D", "R&D")],
)
def test_a_raw_span_maps_onto_the_same_words_in_the_clean_view(
    raw_piece: str, expected: str
) -> None:
    raw = "Advertisement\nThe ministry said aid&nbsp;came for R&amp;D.\n"
    clean = clean_text(raw)
    start = raw.index(raw_piece)
    mapped = clean.clean_span(start, start + len(raw_piece))
    assert mapped is not None
    assert clean.text[mapped[0] : mapped[1]] == expected


def test_a_raw_span_inside_dropped_furniture_maps_to_none() -> None:
    raw = "Advertisement\nBody text.\n"
    assert clean_text(raw).clean_span(0, len("Advertisement")) is None


def test_a_text_without_debris_is_unchanged() -> None:
    raw = "Plain text.\n\nSecond paragraph, with 3 < 4.\n"
    clean = clean_text(raw)
    assert not clean.changed
    assert clean.raw_span(0, len(raw)) == (0, len(raw))


def test_every_listed_furniture_line_is_recognised() -> None:
    rules = furniture()
    for line in rules.lines:
        assert rules.is_furniture(line.upper()), line
