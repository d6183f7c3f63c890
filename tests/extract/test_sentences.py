"""Sentence splitting keeps offsets and drops page clutter."""

from __future__ import annotations

from chinatracker.extract.sentences import LineKind, classify_line, split_sentences

PAGE = (
    "Navy ships dock in Manila\n"
    "Advertisement\n"
    "MANILA -- Two Chinese navy frigates docked in Manila on Monday for a four-day goodwill visit, "
    "the Philippine Navy said.\n"
    "The U.S. embassy said Mr. Smith would attend.\n"
    "READ NEXT\n"
    "China sends warships to disputed shoal as tensions rise\n"
    "Coast guard fires water cannon at supply boat\n"
)


def test_offsets_point_at_the_original_text() -> None:
    text = "First sentence here.  Second one follows, with a comma.\n\nThird paragraph sentence."
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.paragraph for s in split_sentences(text)] == [0, 0, 1]


def test_link_lists_and_furniture_are_not_body_text() -> None:
    body = " ".join(s.flat for s in split_sentences(PAGE))
    assert "goodwill visit" in body
    for clutter in (
        "Advertisement",
        "READ NEXT",
        "disputed shoal",
        "water cannon",
        "Navy ships dock",
    ):
        assert clutter not in body


def test_abbreviations_do_not_end_sentences() -> None:
    sentences = [s.flat for s in split_sentences(PAGE)]
    assert "The U.S. embassy said Mr. Smith would attend." in sentences


def test_scraper_line_breaks_inside_a_sentence_are_joined() -> None:
    text = (
        "Officials said the talks in\nHong Kong's\nharbour district went well and lasted two days."
    )
    [sentence] = split_sentences(text)
    assert sentence.flat.startswith("Officials said") and sentence.flat.endswith("two days.")
    assert len(sentence.flat) == len(sentence.text)


def test_line_kinds() -> None:
    assert classify_line("READ NEXT") is LineKind.MARKER
    assert classify_line("Advertisement") is LineKind.MARKER
    assert (
        classify_line("China sends warships to disputed shoal as tensions rise")
        is LineKind.HEADLINE
    )
    assert classify_line("The ministry said the ships left on Friday.") is LineKind.PROSE
