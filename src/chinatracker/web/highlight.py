"""Document text with facts highlighted, and search snippets with matches marked: safely.

Documents hold arbitrary text (a page may contain `<script>`). Markup is never mixed into the
text as a string: the text is cut at the evidence offsets in Python into `Segment`s, and the
template escapes each segment's text as it writes it. Snippets arrive from the database with
control characters around the matches; they are escaped first and marked after.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from chinatracker.store.search import MARK_END, MARK_START

# Which kind's colour a stretch of text covered by several facts takes: the most telling.
KIND_ORDER = ("aid", "event", "claim", "quote", "quantity", "entity")


@dataclass(frozen=True)
class Span:
    fact_id: int
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """A stretch of the text and the facts whose evidence covers all of it (none: plain)."""

    text: str
    start: int
    facts: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()

    @property
    def kind(self) -> str | None:
        """The kind that colours the segment."""
        for kind in KIND_ORDER:
            if kind in self.kinds:
                return kind
        return self.kinds[0] if self.kinds else None

    @property
    def fact_list(self) -> str:
        return " ".join(map(str, self.facts))


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut `text` at every span boundary; spans outside the text are clipped or dropped.

    One sweep over the boundaries, so a long document with thousands of mentions stays fast.
    """
    size = len(text)
    valid = [
        Span(s.fact_id, s.kind, max(0, s.start), min(size, s.end))
        for s in spans
        if s.end > s.start and s.start < size and s.end > 0
    ]
    opening: dict[int, list[int]] = defaultdict(list)
    closing: dict[int, list[int]] = defaultdict(list)
    for index, span in enumerate(valid):
        opening[span.start].append(index)
        closing[span.end].append(index)
    cuts = sorted({0, size, *opening, *closing})
    active: set[int] = set()
    found: list[Segment] = []
    for start, end in pairwise(cuts):
        active.difference_update(closing.get(start, ()))
        active.update(opening.get(start, ()))
        covering = sorted((valid[i] for i in active), key=_rank)
        facts = tuple(sorted({s.fact_id for s in covering}))
        kinds = tuple(dict.fromkeys(s.kind for s in covering))
        found.append(Segment(text[start:end], start, facts, kinds))
    return found


def _rank(span: Span) -> tuple[int, int]:
    order = KIND_ORDER.index(span.kind) if span.kind in KIND_ORDER else len(KIND_ORDER)
    return order, span.fact_id


MARKED = re.compile(
    re.escape(str(escape(MARK_START))) + "(.*?)" + re.escape(str(escape(MARK_END))), re.S
)


def marked_snippet(snippet: str) -> Markup:
    """A snippet from `store.search`, escaped, with its matches in `<mark>`."""
    safe = str(escape(snippet))
    safe = MARKED.sub(lambda m: f"<mark>{m.group(1)}</mark>", safe)
    safe = safe.replace(MARK_START, "").replace(MARK_END, "")
    return Markup(safe)


def context(text: str, start: int, end: int, *, around: int = 240) -> tuple[str, str, str]:
    """The evidence and some text either side, cut at word boundaries."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    before = text[max(0, start - around) : start]
    after = text[end : end + around]
    if start - around > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if end + around < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, text[start:end], after


def document_spans(facts: Sequence[tuple[int, str, Sequence[tuple[int, int]]]]) -> list[Span]:
    """Spans from (fact id, kind, [(start, end), ...])."""
    return [Span(fid, kind, s, e) for fid, kind, ranges in facts for s, e in ranges]
