"""The clean view of a document's text, and the map back to the characters it was read from.

Scraped news arrives with markup debris: HTML entities ("&nbsp;", "&amp;"), stray tags, drop
capitals split from their word ("J ust"), photo credits and page furniture ("Advertisement",
"Listen to this article"). Extraction reads the clean view, so no fact, title or report carries
that debris; the raw text is kept beside it, and `CleanText` maps every clean character to the
raw characters it came from. Gold annotations hold offsets into the raw text, and the gold
loader maps them onto the clean view with `clean_span`, so evaluation and extraction read the
same characters.

The furniture list and the caption rules are data (`data/furniture.yaml`).
"""

from __future__ import annotations

import html
import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from chinatracker.yaml_io import safe_load

# An entity (named, decimal or hex; "&amp;nbsp;" and "&amp;amp;nbsp;" are one entity encoded
# twice or three times) or a tag.
_DEBRIS = re.compile(
    r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});"
    r"|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,500})?/?>"
    r"|<!--.{0,500}?-->"
)
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u200a", "\u202f"}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
# A drop capital set apart from the rest of its word at the start of a paragraph. "A" and "I"
# are words of their own, so they are never joined.
_DROP_CAPITAL = re.compile(r"[B-HJ-Z] (?=[a-z]{2,})")
# The lines read as the head of a page, where section labels stand: up to the first paragraph.
HEAD_LINES = 15
PARAGRAPH_CHARS = 200


@dataclass(frozen=True)
class Furniture:
    """The compiled `data/furniture.yaml`."""

    lines: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    captions: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    sections: frozenset[str]
    datelines: tuple[re.Pattern[str], ...]
    bylines: tuple[re.Pattern[str], ...]

    def is_furniture(self, line: str) -> bool:
        key = line.strip().casefold()
        return key in self.lines or any(p.fullmatch(key) for p in self.patterns)

    def is_caption(self, line: str) -> bool:
        key = line.strip()
        return any(p.fullmatch(key) for p in self.captions)

    def is_section(self, line: str) -> bool:
        return line.strip().casefold() in self.sections

    def is_dateline(self, line: str) -> bool:
        key = line.strip()
        return any(p.fullmatch(key) for p in self.datelines)

    def is_byline(self, line: str) -> bool:
        key = line.strip()
        return any(p.fullmatch(key) for p in self.bylines)


@cache
def furniture() -> Furniture:
    text = (files("chinatracker.sources") / "data" / "furniture.yaml").read_text(encoding="utf-8")
    data = safe_load(text)

    def compiled(key: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, flags) for p in data.get(key) or ())

    return Furniture(
        lines=frozenset(str(x).casefold() for x in data["lines"]),
        patterns=compiled("patterns"),
        captions=compiled("captions"),
        credits=compiled("credits"),
        sections=frozenset(str(x).casefold() for x in data["sections"]),
        datelines=compiled("datelines", 0),
        bylines=compiled("bylines"),
    )


@dataclass(frozen=True)
class CleanText:
    """The clean text, and for each of its characters the raw span `[starts[i], ends[i])`."""

    text: str
    raw: str
    starts: array[int]
    ends: array[int]

    @property
    def changed(self) -> bool:
        return self.text != self.raw

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Where a clean span `[start, end)` lies in the raw text."""
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else len(self.raw)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def clean_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Where a raw span lies in the clean text, or None when all of it was dropped."""
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end)
        if first >= last:
            return None
        return first, last


def _is_dropped(line: str, head: bool) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    rules = furniture()
    return (
        rules.is_furniture(stripped)
        or rules.is_caption(stripped)
        or (head and rules.is_section(stripped))
    )


def clean_text(raw: str) -> CleanText:
    """Decode entities, strip tags, join drop capitals, and drop captions and furniture lines.

    A line that is only debris (an "&nbsp;" on its own) is dropped with its line break.
    """
    out: list[str] = []
    starts: array[int] = array("l")
    ends: array[int] = array("l")
    position = 0
    head = True
    for number, line in enumerate(raw.splitlines(keepends=True)):
        body = line.rstrip("\r\n")
        decoded = _decode(body, position)
        visible = "".join(decoded[0]).strip()
        if number >= HEAD_LINES or len(visible) > PARAGRAPH_CHARS:
            head = False
        if (visible or body.strip()) and (not visible or _is_dropped(visible, head)):
            position += len(line)
            continue
        chars, char_starts, char_ends = decoded
        _strip_credit(chars, char_starts, char_ends)
        _join_drop_capital(chars, char_starts, char_ends)
        out.extend(chars)
        starts.extend(char_starts)
        ends.extend(char_ends)
        for offset in range(len(body), len(line)):
            out.append(line[offset])
            starts.append(position + offset)
            ends.append(position + offset + 1)
        position += len(line)
    return CleanText(text="".join(out), raw=raw, starts=starts, ends=ends)


def _decode(body: str, position: int) -> tuple[list[str], list[int], list[int]]:
    """The characters of one line with entities decoded and tags removed, and their spans."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for match in _DEBRIS.finditer(body):
        for i in range(at, match.start()):
            _put(chars, starts, ends, body[i], position + i, position + i + 1)
        piece = match.group()
        if piece.startswith("&"):
            decoded = _unescape(piece)
            if decoded == piece:  # not an entity html knows: keep it as written
                for i in range(match.start(), match.end()):
                    _put(chars, starts, ends, body[i], position + i, position + i + 1)
            else:
                for char in decoded:
                    _put(
                        chars, starts, ends, char, position + match.start(), position + match.end()
                    )
        at = match.end()
    for i in range(at, len(body)):
        _put(chars, starts, ends, body[i], position + i, position + i + 1)
    return chars, starts, ends


def _unescape(piece: str) -> str:
    """An entity decoded as many times as it was encoded."""
    decoded = html.unescape(piece)
    while decoded != piece:
        piece, decoded = decoded, html.unescape(decoded)
    return decoded


def _put(chars: list[str], starts: list[int], ends: list[int], char: str, s: int, e: int) -> None:
    if char in _ZERO_WIDTH:
        return
    chars.append(" " if char in _SPACES else char)
    starts.append(s)
    ends.append(e)


def _strip_credit(chars: list[str], starts: list[int], ends: list[int]) -> None:
    line = "".join(chars)
    for pattern in furniture().credits:
        found = pattern.search(line)
        if found:
            del chars[found.start() : found.end()]
            del starts[found.start() : found.end()]
            del ends[found.start() : found.end()]
            return


def _join_drop_capital(chars: list[str], starts: list[int], ends: list[int]) -> None:
    lead = 0
    while lead < len(chars) and chars[lead] in " \t":
        lead += 1
    if _DROP_CAPITAL.match("".join(chars[lead : lead + 6])):
        del chars[lead + 1], starts[lead + 1], ends[lead + 1]


def unescape_title(title: str | None) -> str | None:
    """A title from metadata, with entities decoded, tags removed and spaces collapsed."""
    if title is None:
        return None
    text = " ".join("".join(_decode(title, 0)[0]).split())
    return text or None
