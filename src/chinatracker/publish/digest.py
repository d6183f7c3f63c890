"""The digest: the period's events under the taxonomy's sections, in the tracker's order.

Sections and categories print in the order of `reference/data/taxonomy.yaml` (Domestic
developments, Security diplomacy, Force projection, Global security architecture, then Aid
and Narrative); every section prints, an empty one saying so. Within a category, items run
by date. Each item is a bold lead line (`leads.py`), a summary and its sources as notes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence

from chinatracker.publish.annex import country_name, first_published
from chinatracker.publish.dates import span_words
from chinatracker.publish.issue import DigestCategory, DigestItem, DigestSection
from chinatracker.publish.leads import Lead
from chinatracker.publish.notes import Notes
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalEvent

CHINA = "CHN"


def event_anchor(event: CanonicalEvent) -> str:
    return f"ev-{event.id}"


def _order(event: CanonicalEvent) -> tuple[dt.date, str]:
    return (event.reference_date or dt.date.max, event.id)


def digest(
    events: Sequence[CanonicalEvent],
    leads: Mapping[str, Lead],
    notes: Notes,
    reference: Reference,
) -> tuple[DigestSection, ...]:
    """Every event of the issue, by section and category (unknown codes go last, as read)."""
    taxonomy = reference.taxonomy
    by_category: dict[str, list[CanonicalEvent]] = defaultdict(list)
    for event in events:
        by_category[event.category].append(event)
    sections = []
    for section in taxonomy.sections:
        categories = []
        for category in taxonomy.categories_in(section.code):
            chosen = sorted(by_category.get(category.code, []), key=_order)
            if chosen:
                items = tuple(_item(e, leads[e.id], notes, reference) for e in chosen)
                categories.append(DigestCategory(category.code, category.label, items))
        sections.append(
            DigestSection(section.code, section.label, f"section-{section.code}", tuple(categories))
        )
    unknown = sorted(c for c in by_category if not taxonomy.is_code(c))
    if unknown:
        categories = [
            DigestCategory(
                code,
                code,
                tuple(
                    _item(e, leads[e.id], notes, reference)
                    for e in sorted(by_category[code], key=_order)
                ),
            )
            for code in unknown
        ]
        sections.append(DigestSection("other", "Other", "section-other", tuple(categories)))
    return tuple(sections)


def _item(event: CanonicalEvent, lead: Lead, notes: Notes, reference: Reference) -> DigestItem:
    foreign = [c for c in event.countries if c != CHINA]
    return DigestItem(
        anchor=event_anchor(event),
        lead=lead.lead,
        body=lead.body,
        date=span_words(event.date, first_published(event)),
        countries=", ".join(country_name(c, reference) for c in foreign),
        notes=notes.cite(event.sources),
        reviewed=event.reviewed,
        corroboration=event.corroboration,
        confidence=event.confidence,
    )
