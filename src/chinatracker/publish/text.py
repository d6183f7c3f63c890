"""Rich text of an issue, independent of the output format: strings, figures and links.

Narrative sentences are templates whose `{placeholders}` are filled with figures, so every
number in them is a `Figure` that the renderers turn into a link to its records. Nothing
else in a generated paragraph is a number.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chinatracker.publish.figures import Figure


@dataclass(frozen=True)
class Link:
    """Text that links to an anchor in the issue (or a URL)."""

    text: str
    href: str


Segment = str | Figure | Link
Paragraph = tuple[Segment, ...]
Cell = tuple[Segment, ...]


def fill(template: str, **values: Segment) -> Paragraph:
    """Split a template on its `{name}` fields and put the values in their place."""
    parts: list[Segment] = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if field is not None:
            if field not in values:
                raise KeyError(f"template field {field!r} has no value")
            parts.append(values[field])
    return tuple(parts)


def join(paragraphs: Sequence[Paragraph], separator: str = " ") -> Paragraph:
    """Sentences into one paragraph."""
    out: list[Segment] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            out.append(separator)
        out.extend(paragraph)
    return tuple(out)


def plain(paragraph: Paragraph) -> str:
    """The paragraph as plain text (figures as their display value)."""
    return "".join(
        s if isinstance(s, str) else s.display if isinstance(s, Figure) else s.text
        for s in paragraph
    )


def noun(figure: Figure, singular: str, plural: str) -> str:
    """The noun that agrees with a figure: "1 country", "6 countries"."""
    return singular if figure.value == 1 else plural


def figures_in(paragraphs: Sequence[Paragraph]) -> list[Figure]:
    return [s for p in paragraphs for s in p if isinstance(s, Figure)]


def cell(*segments: Segment) -> Cell:
    return tuple(segments)


def names(codes: Sequence[str], lookup: Mapping[str, str], limit: int = 6) -> str:
    """ "Zimbabwe, Zambia and Angola"; past `limit` names, "... and others" (no bare count:
    a number in generated text must be a figure)."""
    shown = [lookup.get(c, c) for c in codes[:limit]]
    if len(codes) > len(shown):
        return ", ".join(shown) + " and others"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return shown[0] if shown else ""
