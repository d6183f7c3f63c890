"""The bold lead line and the summary of a digest item.

A tracker item opens with a headline. When an event is the lead story of one of its source
documents (the document's first event, found in its opening `LEAD_WINDOW` characters), that
document's own headline is the lead line: it was written by an editor for exactly this story.
Otherwise the lead is the first sentence of the event's summary and the rest is the body.
Datelines ("BEIJING, June 5 (Demo Wire) -- ") and Markdown emphasis are removed. The report is
in English: a Chinese headline is never the lead; an event told in Chinese leads with its English
title (built from its fields) and keeps its Chinese sentences as the body, the evidence in the
original language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chinatracker.reference.scripts import has_han
from chinatracker.resolve.records import CanonicalEvent
from chinatracker.sources.titles import is_furniture_title
from chinatracker.store.models import EvidenceRow, FactRow

# The opening of a document: its headline, dateline and first paragraph.
LEAD_WINDOW = 600
IN_CHUNK = 500

DATELINE = re.compile(r"^[A-Z][A-Z .'/-]+(?:, [A-Z][a-z]+\.? \d{1,2})?(?: \([^)]*\))? (?:--|—|–) ")
EMPHASIS = re.compile(r"\*\*|__")
SENTENCE_END = re.compile(r"[.!?][\"”’)]?(\s+)(?=[\"“‘(]?[A-Z0-9])")
ABBREVIATIONS = re.compile(r"\b(?:[A-Z]|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|No|St|Mr|Ms|Dr)\.$")


@dataclass(frozen=True)
class Lead:
    lead: str
    body: str


def clean(text: str) -> str:
    """A summary without its dateline, Markdown emphasis or ragged spaces."""
    text = EMPHASIS.sub("", " ".join(text.split()))
    return DATELINE.sub("", text).strip()


def sentences(text: str) -> list[str]:
    """Split on sentence ends, keeping abbreviations ("Feb. 4", "U.S.") together."""
    pieces, start = [], 0
    for match in SENTENCE_END.finditer(text):
        pieces.append(text[start : match.start(1)])
        start = match.end(1)
    pieces.append(text[start:])
    parts: list[str] = []
    for piece in pieces:
        if parts and ABBREVIATIONS.search(parts[-1]):
            parts[-1] += " " + piece
        else:
            parts.append(piece)
    return [p.strip() for p in parts if p.strip()]


def lead_facts(session: Session, document_ids: Iterable[int]) -> dict[int, int]:
    """Each document's lead event fact (its first, when it starts in the opening window)."""
    wanted = sorted(set(document_ids))
    starts: dict[int, tuple[int, int]] = {}
    for i in range(0, len(wanted), IN_CHUNK):
        query = (
            select(EvidenceRow.document_id, EvidenceRow.fact_id, func.min(EvidenceRow.start))
            .join(FactRow, FactRow.id == EvidenceRow.fact_id)
            .where(
                FactRow.kind == "event",
                FactRow.current.is_(True),
                EvidenceRow.document_id.in_(wanted[i : i + IN_CHUNK]),
            )
            .group_by(EvidenceRow.document_id, EvidenceRow.fact_id)
        )
        for document_id, fact_id, start in session.execute(query):
            if document_id not in starts or (start, fact_id) < starts[document_id]:
                starts[document_id] = (start, fact_id)
    return {d: fact for d, (start, fact) in starts.items() if start <= LEAD_WINDOW}


def headline(event: CanonicalEvent, leads: Mapping[int, int]) -> str | None:
    """The headline of the earliest source document whose lead story this event is."""
    facts = set(event.fact_ids)
    for document in sorted(event.sources, key=lambda d: (d.published is None, d.published, d.id)):
        # A store ingested before titles were checked may hold "Advertisement" as a title.
        if document.title and is_furniture_title(document.title):
            continue
        if leads.get(document.id) in facts and document.title and not has_han(document.title):
            return clean(document.title).rstrip(".")
    return None


def lead_of(event: CanonicalEvent, leads: Mapping[int, int]) -> Lead:
    text = clean(event.summary).removesuffix("…").rstrip()
    title = headline(event, leads)
    if title:
        return Lead(lead=title + ".", body=text)
    if has_han(text):
        return Lead(lead=clean(event.title) + ".", body=text)
    parts = sentences(text)
    if not parts:
        return Lead(lead=clean(event.title), body="")
    return Lead(lead=parts[0], body=" ".join(parts[1:]))


def distinct_leads(events: Sequence[CanonicalEvent], leads: Mapping[str, Lead]) -> dict[str, Lead]:
    """No lead line printed twice: two stories may share a sentence (a wire photo caption
    reused by two papers), and an issue that prints it twice reads like one story counted twice.
    A later event whose lead was already used leads with its next own sentence not yet used,
    else its title, else its title with its date."""
    used: set[str] = set()
    out: dict[str, Lead] = {}
    for event in events:
        lead = leads[event.id]
        if lead.lead in used:
            rest = sentences(lead.body)
            fresh = next((i for i, s in enumerate(rest) if s not in used), None)
            title = clean(event.title).rstrip(".")
            if fresh is not None:
                lead = Lead(lead=rest[fresh], body=" ".join(rest[:fresh] + rest[fresh + 1 :]))
            elif title + "." not in used:
                lead = Lead(lead=title + ".", body=lead.body)
            else:
                when = event.date.start.isoformat() if event.date else f"record {event.id}"
                lead = Lead(lead=f"{title} ({when}).", body=lead.body)
        used.add(lead.lead)
        out[event.id] = lead
    return out
