"""A person's mention is the exact words of the text, even when leading words that are not
part of a name ("The", "He") are trimmed: its evidence quote must equal its span."""

from __future__ import annotations

import pytest

from chinatracker.extract.entities import find_people


@pytest.mark.parametrize(
    "text",
    [
        "according to The Korea Times newspaper, said He Yadong, a spokesman.",
        '"Aid is coming," He Yadong said.',
        '"We will help," said The Honourable Michael Wong.',
    ],
)
def test_a_trimmed_name_keeps_its_exact_span(text: str) -> None:
    people = find_people(text)
    assert people
    for person in people:
        assert text[person.start : person.end] == person.text
        assert not person.text.startswith(("The ", "He "))
