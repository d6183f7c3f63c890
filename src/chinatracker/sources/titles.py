"""A document's title when its input gave none: the first line that reads like a headline.

A scraped page opens with furniture before its headline: section labels ("Business"),
"Advertisement", datelines ("BEIJING"), bylines and stamps. One rule, tested in
`tests/sources/test_titles.py`: among the lines before the first paragraph, the first line that
is not furniture, a caption, a section label, a dateline or a byline, has three to thirty words,
and does not end like a sentence (a period) or a label (a colon). The search stops at the first
sentence of the body or at a list of links to other stories ("FEATURED STORIES"): a headline-like
line after those is another story's. When none qualifies the title
stays empty, and readers see the first sentence of the body instead (`display_title`): a wrong
title is worse than none, because it is printed as if an editor wrote it.
"""

from __future__ import annotations

import re

from chinatracker.sources.cleaning import HEAD_LINES, PARAGRAPH_CHARS, furniture

MIN_WORDS = 3
MAX_WORDS = 30
MAX_TITLE_CHARS = 200
# "BEIJING - China said..." or "MANILA, Philippines — ...": a dateline opens a body paragraph.
_DATELINE_LEAD = re.compile(r"^[A-Z][A-Z .,']{2,40}(,\s*[A-Z][\w ]+)?\s*(\(\w+\)\s*)?[-–—:]\s")
# A wire release opens ", Oct. 25, 2024 /PRNewswire/ -- ": its stamp is not the first sentence.
_WIRE_LEAD = re.compile(r"^[\s,]*([A-Z][a-z]{2,4}\.? \d{1,2}, \d{4} )?/[\w ]+/ -- ")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\"'”’)])[.!?](?=\s+[\"“‘(]?[A-Z])")
FIRST_SENTENCE_CHARS = 160
BODY_WORDS = 8
# Lines after which a page lists links to other stories, whose headlines are not this one's.
LISTING_MARKERS = frozenset(
    {
        "featured stories",
        "read next",
        "related",
        "related:",
        "related articles",
        "most read",
        "also worth reading",
        "editors' pick",
        "read more",
        "read more:",
        "related topics",
    }
)


def reads_like_headline(line: str) -> bool:
    """Could this line be a headline? (Furniture is ruled out by `headline_of`.)"""
    text = line.strip()
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or len(text) > MAX_TITLE_CHARS:
        return False
    if text.endswith((".", ":", ",", ";")) or _DATELINE_LEAD.match(text):
        return False
    if not any(c.islower() for c in text):  # a banner in capitals is a label, not a headline
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"):  # "/PRNewswire/..."
        return False
    return not _SENTENCE_END.search(text)


def is_furniture_title(title: str) -> bool:
    """Is this title page furniture (a section label, "Advertisement", a dateline...)?"""
    rules = furniture()
    text = title.strip()
    return (
        rules.is_furniture(text)
        or rules.is_section(text)
        or rules.is_caption(text)
        or rules.is_dateline(text)
        or rules.is_byline(text)
    )


def headline_of(text: str) -> str | None:
    """The first headline-like line before the body begins, or None.

    A line that a link cut out of a paragraph ("... aim to revitalise" / "the" / "Silk Road")
    looks like a headline on its own; the line after it giving it away (it goes on in lower
    case or with punctuation) rules it out.
    """
    lines = [line.strip() for line in text.splitlines()[:HEAD_LINES]]
    following = [next((n for n in lines[i + 1 :] if n), "") for i in range(len(lines))]
    for stripped, after in zip(lines, following, strict=True):
        if len(stripped) > PARAGRAPH_CHARS or _continues(stripped) or _is_body(stripped):
            return None  # a paragraph, a sentence, or a line carrying one on: the body has begun
        if stripped.casefold() in LISTING_MARKERS:
            return None  # what follows are other stories' headlines
        if not stripped or is_furniture_title(stripped):
            continue
        if reads_like_headline(stripped) and not _continues(after):
            return " ".join(stripped.split())
    return None


def _is_body(line: str) -> bool:
    """A sentence of the body: eight words or more, ending like a sentence or opening with a
    dateline. A headline after it would be a link to another story."""
    if len(line.split()) < BODY_WORDS:
        return False
    return line.endswith((".", "!", "?", '."', ".”", ".'")) or bool(_DATELINE_LEAD.match(line))


def _continues(line: str) -> bool:
    """Does this line carry on the sentence of the line before it?"""
    return bool(line) and not (line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'(")


def first_sentence(text: str) -> str:
    """The body's first sentence of some length, shortened to fit a title's place."""
    for line in text.splitlines():
        stripped = " ".join(line.split())
        if len(stripped.split()) < 6 or is_furniture_title(stripped):
            continue
        stripped = _WIRE_LEAD.sub("", _DATELINE_LEAD.sub("", stripped))
        end = _SENTENCE_END.search(stripped)
        sentence = stripped[: end.end()] if end else stripped
        if len(sentence) > FIRST_SENTENCE_CHARS:
            cut = sentence[:FIRST_SENTENCE_CHARS].rsplit(" ", 1)[0]
            sentence = cut.rstrip(",;:") + "…"
        return sentence
    return ""


def display_title(title: str | None, text: str) -> str:
    """What a reader sees as a document's title: its title, else its first sentence."""
    return title if title else first_sentence(text)


def retitled(title: str | None, text: str) -> str | None:
    """The title a stored document should have: its own unless it is furniture, else the first
    headline-like line of its (clean) text, else none."""
    from chinatracker.sources.cleaning import clean_text, unescape_title

    own = unescape_title(title)
    if own is not None and not is_furniture_title(own):
        return own
    return headline_of(clean_text(text).text)
