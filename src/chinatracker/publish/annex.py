"""The annex of an issue's focus: the canonical records behind its figures, with sources.

Every figure of the focus links here: to its entry in the list of figures, which links to the
rows of its records, which cite their source documents in the notes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from chinatracker.publish.dates import span_words
from chinatracker.publish.figures import FigureBook
from chinatracker.publish.issue import FigureEntry, RecordRow
from chinatracker.publish.notes import Notes
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalAid, CanonicalEvent
from chinatracker.yaml_io import safe_load


@cache
def labels() -> dict[str, Any]:
    text = (files("chinatracker.publish") / "data" / "labels.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = safe_load(text)
    return data


INSTITUTIONS = {
    "defense": "defence",
    "health": "health",
    "government": "government",
    "civil_society": "civil society",
    "international_org": "international body",
    "other": "other",
    "unknown": "unspecified",
}


def channel_label(channel: str, key: str = "name") -> str:
    return str(labels()["channels"].get(channel, {}).get(key, channel))


def country_name(iso3: str | None, reference: Reference, fallback: str = "") -> str:
    country = reference.country(iso3) if iso3 else None
    return country.name if country else (fallback or iso3 or "")


def first_published(record: CanonicalAid | CanonicalEvent) -> Any:
    dates = [d.published for d in record.sources if d.published]
    return min(dates) if dates else None


def aid_description(record: CanonicalAid) -> str:
    """ "masks (62,000), PPE (19,000)"; the batch a record belongs to."""
    items = []
    for item in record.items:
        name = item.replace("_", " ")
        name = "PPE" if name == "ppe" else name
        amount = record.quantities.get(item)
        items.append(f"{name} ({amount:,.0f})" if amount else name)
    text = ", ".join(items) or "supplies"
    if record.value_amount and record.value_currency:
        text += f"; {record.value_currency} {record.value_amount:,.0f}"
    if record.batch_countries > 1:
        text += f"; part of a delivery to {record.batch_countries} countries"
    return text


def aid_rows(
    records: Sequence[CanonicalAid], notes: Notes, reference: Reference, book: FigureBook
) -> tuple[RecordRow, ...]:
    """One row per aid record, by country then date; the first row of a country is its anchor."""
    in_figures = _figures_by_record(book)
    ordered = sorted(
        records,
        key=lambda r: (
            country_name(r.recipient_country, reference, r.recipient_label),
            r.reference_date or first_published(r) or "",
            r.id,
        ),
    )
    rows, seen = [], set()
    for record in ordered:
        country = record.recipient_country
        anchor = f"country-{country}" if country and country not in seen else None
        seen.add(country)
        institution = INSTITUTIONS.get(record.institution_type, record.institution_type)
        rows.append(
            RecordRow(
                anchor=f"rec-{record.id}",
                record_id=record.id,
                kind="aid",
                country_anchor=anchor,
                where=country_name(country, reference, record.recipient_label),
                what=f"{channel_label(record.donor_channel)} → {institution}",
                date=span_words(record.date, first_published(record)),
                description=aid_description(record),
                notes=notes.cite(record.sources),
                quality=record.quality,
                reviewed=record.reviewed,
                figures=in_figures.get(record.id, ()),
            )
        )
    return tuple(rows)


def event_rows(
    records: Sequence[CanonicalEvent],
    notes: Notes,
    reference: Reference,
    book: FigureBook,
    leads: Mapping[str, str],
) -> tuple[RecordRow, ...]:
    in_figures = _figures_by_record(book)
    ordered = sorted(records, key=lambda r: (r.reference_date or first_published(r), r.id))
    rows = []
    for record in ordered:
        foreign = [c for c in record.countries if c != "CHN"]
        rows.append(
            RecordRow(
                anchor=f"rec-{record.id}",
                record_id=record.id,
                kind="event",
                country_anchor=None,
                where=", ".join(country_name(c, reference) for c in foreign) or "China",
                what=reference.taxonomy.category(record.category).label
                if reference.taxonomy.is_code(record.category)
                else record.category,
                date=span_words(record.date, first_published(record)),
                description=leads.get(record.id, record.title),
                notes=notes.cite(record.sources),
                quality=record.quality,
                reviewed=record.reviewed,
                figures=in_figures.get(record.id, ()),
            )
        )
    return tuple(rows)


def _figures_by_record(book: FigureBook) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for figure in book:
        for record_id in figure.record_ids:
            found.setdefault(record_id, []).append(figure.anchor)
    return {k: tuple(v) for k, v in found.items()}


def figure_entries(book: FigureBook, chip_labels: Mapping[str, str]) -> tuple[FigureEntry, ...]:
    """Each figure with links to its records' rows (labelled by `chip_labels`)."""
    return tuple(
        FigureEntry(
            figure=figure,
            records=tuple(
                (f"rec-{r}", chip_labels.get(r, r[:8]))
                for r in sorted(figure.record_ids, key=lambda r: (chip_labels.get(r, r), r))
            ),
        )
        for figure in book
    )
