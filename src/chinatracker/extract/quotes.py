"""Direct quotations and who said them.

A quotation is text in quote marks with at least four words (shorter ones are scare quotes or
slogans: "mask diplomacy"). Its speaker is the person or body named next to a speech verb just
before or after it ("..., Vucic said", "As Josep Borrell stated: ...", "according to the
ministry"), or the last person named before it when the text says "he said". A quotation without
any speaker is layout (a pull quote) and is left out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from chinatracker.records import Evidence, Mention, Quote

if TYPE_CHECKING:
    from chinatracker.extract.pipeline import Analysis

QUOTED = re.compile(r"[“\"]([^“”\"]{12,1500}?)[”\"]")
MIN_WORDS = 4
SPEECH = (
    r"(?:said|says|stated|states|told|tells|added|adds|noted|wrote|writes|declared|warned|"
    r"insisted|argued|stressed|explained|remarked|tweeted|posted)"
)
AFTER = re.compile(
    rf"^[,.]?\s*[”\"]?\s*,?\s*(?:(?P<verb1>{SPEECH})\s+(?P<who1>[^,.;“”\"]{{2,80}})|(?P<who2>[^,.;“”\"]{{2,80}}?)\s+{SPEECH}\b)"
)
BEFORE = re.compile(rf"(?P<who>[^.;“”\"]{{2,120}}?)\s+{SPEECH}(?:\s+\w+){{0,3}}\s*[:,]?\s*$")
ACCORDING = re.compile(r"according to\s+(?P<who>[^,.;“”\"]{2,80}),?\s*$", re.IGNORECASE)
PRONOUN = re.compile(r"^(?:he|she|they)$", re.IGNORECASE)


def _named_in(span_start: int, span_end: int, mentions: list[Mention]) -> Mention | None:
    """The person (else organisation or country) named inside a character range."""
    inside = [m for m in mentions if span_start <= m.start and m.end <= span_end]
    for kind in ("person", "organization", "country"):
        found = [m for m in inside if m.type == kind]
        if found:
            return found[-1] if kind == "person" else found[0]
    return None


def _speaker_name(
    text: str, start: int, end: int, mentions: list[Mention]
) -> tuple[str | None, str | None]:
    named = _named_in(start, end, mentions)
    if named is not None:
        return named.canonical, named.role
    words = text[start:end].strip()
    if PRONOUN.match(words):
        earlier = [m for m in mentions if m.type == "person" and m.end <= start]
        if earlier:
            return earlier[-1].canonical, earlier[-1].role
        return None, None
    capitalised = re.findall(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}\b", words)
    if capitalised:
        return capitalised[-1], None
    return None, None


def find_quotes(analysis: Analysis) -> list[Quote]:
    text = analysis.text
    mentions = analysis.mentions
    body = [(s.start, s.end) for s in analysis.sentences]
    quotes = []
    for match in QUOTED.finditer(text):
        inner_start, inner_end = match.start(1), match.end(1)
        words = match.group(1).split()
        if len(words) < MIN_WORDS or not any(s < inner_end and inner_start < e for s, e in body):
            continue
        speaker, role = _attribute(text, match.start(), match.end(), mentions)
        if speaker is None:
            continue
        quotes.append(
            Quote(
                speaker=speaker,
                speaker_role=role,
                text=" ".join(words),
                evidence=(Evidence(start=inner_start, end=inner_end, quote=match.group(1)),),
                confidence=0.8 if role else 0.7,
            )
        )
    return quotes


def _attribute(
    text: str, start: int, end: int, mentions: list[Mention]
) -> tuple[str | None, str | None]:
    after = text[end : end + 100]
    found = AFTER.match(after)
    if found:
        group = "who1" if found.group("who1") else "who2"
        who_start = end + found.start(group)
        speaker = _speaker_name(text, who_start, end + found.end(group), mentions)
        if speaker[0]:
            return speaker
    line_start = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start - 1), start - 200) + 1
    before = text[line_start:start]
    for pattern in (BEFORE, ACCORDING):
        found = pattern.search(before)
        if found:
            speaker = _speaker_name(
                text, line_start + found.start("who"), line_start + found.end("who"), mentions
            )
            if speaker[0]:
                return speaker
    return None, None
