"""Sentences with offsets, and which lines of a scraped page are clutter.

Scraped news mixes the article with navigation, share buttons, "READ NEXT" link lists and the
headlines of other stories. Those lines look like headlines (no final punctuation) and often
mention China, so treating them as prose would invent events. Every line is classified first;
only prose lines are split into sentences that carry facts. Offsets always point into the
original text, whose newlines inside a sentence are kept (read `Sentence.flat` for matching).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from chinatracker.extract.rule_files import rule_file

TERMINAL = re.compile(r"""[.!?…]["'”’»)\]]*\s*$|[.!?]["'”’]\s*\(.*\)\s*$""")
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# Lines that open a block of links or are page furniture.
MARKER = re.compile(
    r"""^\W*(read\ next|read\ more|read\ also|also\ read|related(\ (stories|articles?|topics|news))?
    |more\ (from|in|on)\b.*|most\ (read|popular|viewed)|editors?'?\ ?picks?|featured\ stories
    |also\ worth\ reading|recommended(\ for\ you)?|trending(\ now)?|the\ latest|popular|highlights?
    |latest\ news|you\ may\ (also\ )?like|view\ (more|comments)|advertisement|advertising
    |sponsored|share(\ this\ article)?|keywords|comments?|subscribe.*|sign\ (me\ )?up.*|log\ ?in
    |follow(\ us)?|newsletter.*|see\ also|watch|listen(\ to\ this\ article)?|photos?|video
    |article\ continues\ after\ this\ advertisement|adchoices|tags?|topics?)\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A line ending in one of these words continues on the next line (scraper line breaks).
CONTINUES = re.compile(
    r"(?:\b(?:a|an|the|of|to|in|on|at|by|for|from|with|and|or|but|as|that|how|its|his|her|their"
    r"|is|are|was|were|be|has|have|had|will|would|said|says|which|who|whose|than|into|over)|[,;:(“\"‘-])\s*$",
    re.IGNORECASE,
)
ABBREVIATIONS = frozenset(rule_file("lexicon.yaml")["abbreviations"])
# "BEIJING, May 13 (Demo Wire) -- ": where and when a story was filed, not what it reports.
DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’/-]{2,40}(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|:)\s*"
)
SENTENCE_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+|$)""")


class LineKind(Enum):
    BLANK = "blank"
    MARKER = "marker"
    FRAGMENT = "fragment"  # a few words without final punctuation: a label, a name, a link
    HEADLINE = "headline"  # a title-like line: several words, no final punctuation
    PROSE = "prose"


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    kind: LineKind


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article body; `start`/`end` are offsets into the document text."""

    start: int
    end: int
    text: str
    paragraph: int

    @cached_property
    def body_start(self) -> int:
        """Offset after a dateline the sentence opens with (its own start if none)."""
        match = DATELINE.match(self.text)
        return self.start + (match.end() if match else 0)

    @cached_property
    def flat(self) -> str:
        """The text with line breaks as spaces: same length, so offsets still match."""
        return self.text.replace("\n", " ").replace("\r", " ")


def classify_line(text: str) -> LineKind:
    stripped = text.strip().replace("&nbsp;", " ").strip()
    if not stripped:
        return LineKind.BLANK
    if MARKER.match(stripped):
        return LineKind.MARKER
    words = len(WORD.findall(stripped))
    if TERMINAL.search(stripped) or words >= 25:
        return LineKind.PROSE
    if words < 5:
        return LineKind.FRAGMENT
    return LineKind.HEADLINE


def split_lines(text: str) -> list[Line]:
    lines = []
    position = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(Line(position, position + len(body), body, classify_line(body)))
        position += len(raw)
    return lines


def _joins_next(line: Line, following: Line | None) -> bool:
    """True when a line break falls inside a sentence (the scraper broke the line)."""
    if following is None or following.kind in (LineKind.BLANK, LineKind.MARKER):
        return False
    if TERMINAL.search(line.text.strip()):
        return False
    head = following.text.lstrip()[:1]
    return bool(CONTINUES.search(line.text)) or head.islower() or head in ",.;:)’'”"


def body_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of running text, skipping clutter: link lists, furniture, headlines of other stories.

    A block is a run of lines glued by scraper line breaks; it counts as body only if it holds a
    prose line. Headline-like lines standing alone (between blank lines, markers or other
    headlines) are never body.
    """
    lines = split_lines(text)
    blocks: list[tuple[int, int]] = []
    current: list[Line] = []
    for index, line in enumerate(lines):
        if line.kind in (LineKind.BLANK, LineKind.MARKER):
            _close(current, blocks)
            current = []
            continue
        current.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if not _joins_next(line, following):
            _close(current, blocks)
            current = []
    _close(current, blocks)
    return blocks


def _close(current: list[Line], blocks: list[tuple[int, int]]) -> None:
    if current and any(line.kind is LineKind.PROSE for line in current):
        last = current[-1]
        if TERMINAL.search(last.text.strip()) or len(current) > 1 or last.kind is LineKind.PROSE:
            blocks.append((current[0].start, last.end))


def split_sentences(text: str) -> list[Sentence]:
    """The article's sentences, in order, each with its offsets and paragraph number."""
    sentences: list[Sentence] = []
    for paragraph, (block_start, block_end) in enumerate(body_blocks(text)):
        block = text[block_start:block_end]
        start = 0
        for match in SENTENCE_END.finditer(block):
            end = match.end()
            if _is_abbreviation(block, match.start()) or _is_initial(block, match.start()):
                continue
            if end < len(block) and not _starts_sentence(block, end):
                continue
            _add(sentences, text, block_start + start, block_start + end, paragraph)
            start = end
        _add(sentences, text, block_start + start, block_end, paragraph)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2 and WORD.search(text[start:end]):
        sentences.append(Sentence(start, end, text[start:end], paragraph))


_WORD_BEFORE_DOT = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_LETTERS_AND_DOTS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _is_abbreviation(block: str, dot: int) -> bool:
    if block[dot] != ".":
        return False
    # The word before the dot, searched from where its run of letters and dots begins (before a
    # final line break, as `$` allows): searching the whole block up to every full stop made a
    # long paragraph cost the square of its length.
    start = dot - 1 if block[dot - 1 : dot] == "\n" else dot
    while start > 0 and block[start - 1] in _LETTERS_AND_DOTS:
        start -= 1
    match = _WORD_BEFORE_DOT.search(block, start, dot)
    return match is not None and match.group(1).lower().rstrip(".") in ABBREVIATIONS


def _is_initial(block: str, dot: int) -> bool:
    """ "J. Smith" or "Xi J." : a single capital letter before the dot."""
    return (
        block[dot] == "."
        and dot >= 1
        and block[dot - 1].isupper()
        and (dot < 2 or not block[dot - 2].isalpha())
    )


def _starts_sentence(block: str, end: int) -> bool:
    rest = block[end:].lstrip()
    if not rest:
        return True
    head = rest[0]
    return head.isupper() or head.isdigit() or head in "“\"‘'(•–-[¿¡"
