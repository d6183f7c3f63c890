"""Dashboard filters from a URL's query string, and back: every view has a shareable URL.

Lists are repeated parameters (`?country=SRB&country=ITA`) or comma-separated
(`?country=SRB,ITA`); countries may be given by name. A value that cannot be read is left out
and reported, so a mistyped link still shows something and says what was ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from chinatracker.errors import TrackerError
from chinatracker.reference.countries import country_index
from chinatracker.reference.taxonomy import taxonomy
from chinatracker.reference.vocabularies import vocabularies
from chinatracker.store.dashboard import RECORD_KINDS, DashboardFilters, FilterError
from chinatracker.store.dashboard import region_countries as _region_countries
from chinatracker.web.params import MAX_PAGE

REVIEW_STATUSES = ("pending", "accepted", "corrected", "rejected")


@dataclass(frozen=True)
class ViewFilters:
    """What the dashboard shows: the store's filters plus the page."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    min_confidence: float | None = None
    page: int = 1
    problems: tuple[str, ...] = field(default=(), compare=False)

    def store_filters(self) -> DashboardFilters:
        return DashboardFilters(
            date_from=self.date_from,
            date_to=self.date_to,
            kinds=self.kinds or RECORD_KINDS,
            categories=self.categories,
            channels=self.channels,
            countries=self.countries,
            regions=self.regions,
            review_statuses=self.statuses,
            min_confidence=self.min_confidence,
        )

    def params(self) -> list[tuple[str, str]]:
        """The query parameters of these filters (without the page)."""
        out: list[tuple[str, str]] = []
        if self.date_from:
            out.append(("from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("to", self.date_to.isoformat()))
        for name, values in (
            ("kind", self.kinds),
            ("category", self.categories),
            ("channel", self.channels),
            ("country", self.countries),
            ("region", self.regions),
            ("status", self.statuses),
        ):
            out += [(name, v) for v in values]
        if self.min_confidence is not None:
            out.append(("min_confidence", f"{self.min_confidence:g}"))
        return out

    def query(self, **changes: object) -> str:
        """The query string of these filters with some changed (`page=2`, `countries=(...)`)."""
        changed = replace(self, **changes) if changes else self  # type: ignore[arg-type]
        params = changed.params()
        if changed.page > 1:
            params.append(("page", str(changed.page)))
        return urlencode(params)

    @property
    def active(self) -> bool:
        return bool(self.params())


def _values(params: QueryParams | Mapping[str, str], name: str) -> list[str]:
    raw = params.getlist(name) if isinstance(params, QueryParams) else [params.get(name, "")]
    return [part.strip() for value in raw for part in (value or "").split(",") if part.strip()]


class DateOutOfRange(TrackerError):
    """A year no calendar holds: refused (400), where an unreadable filter is only ignored,
    because it is never a typo for a real date."""


def _day(text: str, *, end: bool) -> dt.date:
    """2020, 2020-03 or 2020-03-16; a year or month stands for its first or last day."""
    parts = text.split("-")
    if len(parts) == 1:
        return dt.date(int(parts[0]), 12, 31) if end else dt.date(int(parts[0]), 1, 1)
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        if not end:
            return dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date.fromisoformat(text)


def _known(
    values: Iterable[str], allowed: Iterable[str], what: str, problems: list[str]
) -> tuple[str, ...]:
    known = set(allowed)
    kept = []
    for value in values:
        if value in known:
            kept.append(value)
        else:
            problems.append(f"unknown {what} {value!r}")
    return tuple(dict.fromkeys(kept))


def _countries(values: Iterable[str], problems: list[str]) -> tuple[str, ...]:
    index = country_index()
    found = []
    for value in values:
        country = index.country(value) if len(value) in (2, 3) else None
        country = country or index.lookup_country(value, allow_ambiguous=False)
        if country is None:
            problems.append(f"unknown country {value!r}")
        else:
            found.append(country.iso3)
    return tuple(dict.fromkeys(found))


def _regions(values: Iterable[str], problems: list[str]) -> tuple[str, ...]:
    kept = []
    for value in values:
        try:
            _region_countries(value)
        except FilterError:
            problems.append(f"unknown region {value!r}")
        else:
            kept.append(value)
    return tuple(dict.fromkeys(kept))


def parse_filters(params: QueryParams) -> ViewFilters:
    problems: list[str] = []
    dates: dict[str, dt.date | None] = {"from": None, "to": None}
    for name in dates:
        text = params.get(name, "").strip()
        if text:
            try:
                dates[name] = _day(text, end=name == "to")
            except OverflowError as exc:  # "99999999999999999999" overflows a C int
                raise DateOutOfRange(
                    f"{name}: {text[:40]!r} is not a date: years run from 1 to 9999"
                ) from exc
            except ValueError:
                problems.append(f"{name}: {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    confidence = None
    text = params.get("min_confidence", "").strip()
    if text:
        try:
            confidence = float(text)
            if not 0.0 <= confidence <= 1.0:
                raise ValueError(text)
        except ValueError:
            problems.append(f"min_confidence: {text!r} is not a number from 0 to 1")
            confidence = None
    try:
        page = min(MAX_PAGE, max(1, int(params.get("page", "1") or 1)))
    except ValueError:
        page = 1
    return ViewFilters(
        date_from=dates["from"],
        date_to=dates["to"],
        kinds=_known(_values(params, "kind"), RECORD_KINDS, "kind", problems),
        categories=_known(_values(params, "category"), category_codes(), "category", problems),
        channels=_known(_values(params, "channel"), channel_codes(), "channel", problems),
        countries=_countries(_values(params, "country"), problems),
        regions=_regions(_values(params, "region"), problems),
        statuses=_known(_values(params, "status"), REVIEW_STATUSES, "review status", problems),
        min_confidence=confidence,
        page=page,
        problems=tuple(problems),
    )


def category_codes() -> tuple[str, ...]:
    return tuple(c.code for c in taxonomy().categories)


def channel_codes() -> tuple[str, ...]:
    return tuple(vocabularies().terms("donor_channel"))


FIELDS = {
    "kinds": "Kind",
    "categories": "Category",
    "channels": "Channel",
    "countries": "Country",
    "regions": "Region",
    "statuses": "Review",
}


def chips(filters: ViewFilters, names: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each active filter as (label, query string without it), to show and remove it."""
    found: list[tuple[str, str]] = []
    if filters.date_from or filters.date_to:
        start = filters.date_from.isoformat() if filters.date_from else "…"
        end = filters.date_to.isoformat() if filters.date_to else "…"
        found.append(
            (f"Period: {start} – {end}", filters.query(date_from=None, date_to=None, page=1))
        )
    for attribute, title in FIELDS.items():
        values: tuple[str, ...] = getattr(filters, attribute)
        for value in values:
            rest = tuple(v for v in values if v != value)
            label = f"{title}: {names.get(value, value)}"
            found.append((label, filters.query(**{attribute: rest, "page": 1})))
    if filters.min_confidence is not None:
        found.append(
            (f"Confidence ≥ {filters.min_confidence:g}", filters.query(min_confidence=None, page=1))
        )
    return found
