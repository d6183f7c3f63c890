"""The speed-ups of the cheap passes change no result: literal gates and indexes offer every
pattern that matches, and the rewritten scans agree with the plain ones on real text."""

from __future__ import annotations

import json
import re
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chinatracker.extract import events
from chinatracker.extract.entities import TITLED_PERSON
from chinatracker.extract.literals import Gated, LiteralIndex, literal_gate, required_strings
from chinatracker.extract.sentences import ABBREVIATIONS, _is_abbreviation, split_sentences


@pytest.fixture
def real_sentences(shared_corpus: Path) -> list[str]:
    """The body sentences of the first 150 china_media articles, read in place."""
    path = shared_corpus / "china_media" / "articles.jsonl"
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in islice(lines, 150)]
    return [s.flat for text in texts for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("pattern", "strings"),
    [
        ("foo|bar", {"foo", "bar"}),
        ("ab(?:c|d)e", {"ab"}),  # the class [cd] requires nothing; the longest run is chosen
        ("(?:donat|gift)\\w*[^.]{0,80}masks?", {"mask"}),
        ("x(?:yz)+", {"yz"}),
    ],
)
def test_required_strings_of_simple_patterns(pattern: str, strings: set[str]) -> None:
    assert required_strings(pattern) == strings


@pytest.mark.parametrize(
    "pattern",
    ["foo|b*", "x?", "(?i:abc)", "[a-z]+", "(?:abc)?", "(?=abc)"],
)
def test_required_strings_none_where_nothing_is_required(pattern: str) -> None:
    assert required_strings(pattern) is None


def test_no_gate_for_a_pattern_ignoring_case() -> None:
    """An alternation ignoring case is no cheaper than what it guards, and a plain one would
    miss "MASKS": no gate."""
    assert literal_gate(re.compile("masks", re.IGNORECASE)) is None


@given(st.text(alphabet="abcdefgx -.", max_size=30))
def test_gated_pattern_finds_what_the_pattern_finds(text: str) -> None:
    pattern = re.compile(r"(?<![\w-])(?:ab+c|d(?:e|f)g|x-a)(?![\w-])")
    gated = Gated(pattern)
    assert gated.gate is not None
    assert [m.span() for m in gated.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert bool(gated.search(text, 1, len(text) - 1)) == bool(
        pattern.search(text, 1, len(text) - 1)
    )


def _every_cue_score(lower: str) -> dict[str, float]:
    """`events.score` by trying every cue of every category, the definition the index serves."""
    scores = {}
    for code, cues in events.rules().categories.items():
        weights = sorted((c.weight for c in cues if c.fires(lower)), reverse=True)
        positive = [w for w in weights if w > 0]
        if positive:
            scores[code] = (
                positive[0] + events.SUPPORT * sum(positive[1:]) + sum(w for w in weights if w < 0)
            )
    return scores


def test_cue_index_scores_real_sentences_as_every_cue_would(real_sentences: list[str]) -> None:
    lowers = [s.lower() for s in real_sentences]
    scored = [list(events.score(lower).items()) for lower in lowers]
    assert scored == [list(_every_cue_score(lower).items()) for lower in lowers]
    assert sum(map(len, scored)) > 100  # the sample holds many cues


def test_index_offers_every_cue_that_matches_real_sentences(real_sentences: list[str]) -> None:
    cues = [c for cs in events.rules().categories.values() for c in cs]
    index = LiteralIndex((number, cue.pattern.pattern) for number, cue in enumerate(cues))
    for sentence in (s.lower() for s in real_sentences):
        offered = index.candidates(sentence)
        assert {n for n, cue in enumerate(cues) if cue.pattern.search(sentence)} <= offered


def test_titled_people_gate_misses_no_title(real_sentences: list[str]) -> None:
    found = [m.span() for s in real_sentences for m in TITLED_PERSON.finditer(s)]
    assert found == [m.span() for s in real_sentences for m in TITLED_PERSON.pattern.finditer(s)]
    assert len(found) > 50


def _plain_is_abbreviation(block: str, dot: int) -> bool:
    if block[dot] != ".":
        return False
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", block[:dot])
    return match is not None and match.group(1).lower().rstrip(".") in ABBREVIATIONS


@given(st.text(alphabet="Mr.Gen U.S\nxé1", min_size=1, max_size=14))
def test_word_before_a_full_stop_read_as_the_plain_search_reads_it(block: str) -> None:
    for dot in range(len(block)):
        assert _is_abbreviation(block, dot) == _plain_is_abbreviation(block, dot)
