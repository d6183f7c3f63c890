"""Recipient and event countries as ISO 3166-1 alpha-3 codes, whatever the text called them.

"Republic of Korea", "South Korea", "KR" and "kor" are all KOR. Extraction usually gives a
code already; resolve checks it against the reference and fills it from a recipient's name or
region when the extractor left it empty, so that one country is never counted twice.
"""

from __future__ import annotations

from chinatracker.reference import Reference


def resolve_country(value: str | None, reference: Reference) -> str | None:
    """An ISO3 code for a code ("KOR", "KR") or a name ("Republic of Korea"); None if unknown."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if len(text) in (2, 3) and text.isalpha():
        found = reference.country(text)
        if found is not None:
            return found.iso3
    country = reference.lookup_country(text)
    return country.iso3 if country is not None else None


def recipient_country(
    code: str | None, name: str | None, region: str | None, reference: Reference
) -> str | None:
    """The recipient's country from its code, else its name, else its (sub-national) region.

    Only whole names are resolved: "Republic of Korea" is KOR, but a body's name is never
    searched for a country inside it ("Africa CDC" is not Ethiopia), and neither are regions
    that name several countries ("Hyogo and Jeju").
    """
    found = resolve_country(code, reference)
    if found is not None:
        return found
    for text in (name, region):
        if not text:
            continue
        found = resolve_country(text, reference)
        if found is not None:
            return found
    if region:
        place = reference.lookup_place(region)
        if place is not None and place.iso3:
            return place.iso3
    return None
