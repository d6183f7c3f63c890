"""The dashboard: filters, counts, the map, the timeline, the records, and their downloads."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, Response, StreamingResponse

from chinatracker.reference.countries import country_index
from chinatracker.reference.taxonomy import taxonomy
from chinatracker.reference.vocabularies import vocabularies
from chinatracker.review.audit import audit_entries
from chinatracker.review.roles import Permission
from chinatracker.store import dashboard as queries
from chinatracker.store.dashboard import RECORD_KINDS, Dashboard, RecordSummary
from chinatracker.web import accounts
from chinatracker.web.charts import KIND_COLOURS, period_bounds, timeline, world_map
from chinatracker.web.dashboard_cache import DashboardCache, Fingerprint
from chinatracker.web.filters import REVIEW_STATUSES, ViewFilters, chips, parse_filters
from chinatracker.web.params import Offset
from chinatracker.web.routes.common import audit_out, csv_cell
from chinatracker.web.schemas import DashboardOut, MonthCountOut, Page, RecordSummaryOut
from chinatracker.web.security import Viewer, need
from chinatracker.web.templating import render

pages = APIRouter()
api = APIRouter(tags=["dashboard"])
DOWNLOAD_PAGE = 500
Browse = Annotated[Viewer, Depends(need(Permission.browse))]


@dataclass(frozen=True)
class Row:
    """A table row: the store's summary and what the fact says, in one line."""

    record: RecordSummary
    summary: str


def _rows(request: Request, records: list[RecordSummary]) -> list[Row]:
    cache: DashboardCache = request.app.state.dashboard_cache
    with request.app.state.store.reading() as session:
        summaries = cache.summaries(session, [r.id for r in records])
    return [Row(r, summaries.get(r.id, "")) for r in records]


def _per_page(request: Request) -> int:
    with request.app.state.store.reading() as session:
        return int(accounts.get_settings(session)["records_per_page"])


def _load(request: Request, filters: ViewFilters, limit: int, offset: int) -> Dashboard:
    return _load_stamped(request, filters, limit, offset)[0]


def _load_stamped(
    request: Request, filters: ViewFilters, limit: int, offset: int
) -> tuple[Dashboard, Fingerprint]:
    cache: DashboardCache = request.app.state.dashboard_cache
    with request.app.state.store.reading() as session:
        return cache.dashboard(session, filters.store_filters(), limit=limit, offset=offset)


def _regions() -> list[str]:
    index = country_index()
    regions = sorted({c.un_region for c in index if c.un_region})
    subregions = sorted({c.un_subregion for c in index if c.un_subregion})
    return regions + [s for s in subregions if s not in regions]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _names() -> dict[str, str]:
    """What a filter chip calls a code: country and category names."""
    names = {c.iso3: c.name for c in country_index()}
    names.update({c.code: c.label for c in taxonomy().categories})
    return names


def _record_out(row: Row) -> RecordSummaryOut:
    r = row.record
    return RecordSummaryOut(
        id=r.id,
        kind=r.kind,
        date=r.date,
        date_precision=r.date_precision,
        review_status=r.review_status,
        confidence=r.confidence,
        document_id=r.document_id,
        label=r.label,
        summary=row.summary,
        countries=list(r.countries),
    )


@pages.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, viewer: Browse) -> Response:
    filters = parse_filters(request.query_params)
    per_page = _per_page(request)
    view = _load(request, filters, per_page, (filters.page - 1) * per_page)
    pages_ = max(1, math.ceil(view.total / per_page))
    recent = []
    if viewer.can(Permission.read):
        with request.app.state.store.reading() as session:
            recent = audit_entries(session, limit=6)
    tax = taxonomy()
    chart = timeline(view.timeline)
    context = {
        "filters": filters,
        "view": view,
        "rows": _rows(request, view.records),
        "page_count": pages_,
        "per_page": per_page,
        "world_map": world_map(
            view.by_country,
            lambda iso3: "/dashboard?" + filters.query(countries=(iso3,), regions=(), page=1),
        ),
        "timeline": chart,
        "period_links": {
            period: filters.query(date_from=day(start), date_to=day(end), page=1)
            for period in chart.periods
            for start, end in [period_bounds(period)]
        },
        "kind_colours": KIND_COLOURS,
        "recent": recent,
        "options": {
            "kinds": RECORD_KINDS,
            "sections": [(s, tax.categories_in(s.code)) for s in tax.sections],
            "channels": vocabularies().terms("donor_channel"),
            "countries": sorted(country_index(), key=lambda c: c.name),
            "regions": _regions(),
            "statuses": REVIEW_STATUSES,
        },
        "chips": chips(filters, _names()),
    }
    return render(request, "dashboard.html", context)


@api.get("/dashboard", response_model=DashboardOut)
def dashboard_api(
    request: Request,
    response: Response,
    viewer: Browse,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> DashboardOut | Response:
    """Everything the dashboard shows for these filters (the same query parameters as the page:
    `from`, `to`, `kind`, `category`, `channel`, `country`, `region`, `status`,
    `min_confidence`; lists repeat the parameter or separate values with commas)."""
    filters = parse_filters(request.query_params)
    view, stamp = _load_stamped(request, filters, limit, offset)
    tag = _etag(stamp, request.url.query, viewer.can(Permission.read))
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={"ETag": tag})
    response.headers["ETag"] = tag
    recent = []
    if viewer.can(Permission.read):
        with request.app.state.store.reading() as session:
            recent = [audit_out(e) for e in audit_entries(session, limit=10)]
    return DashboardOut(
        filters=_filters_json(filters),
        ignored=list(filters.problems),
        total=view.total,
        by_kind=view.by_kind,
        by_country=view.by_country,
        timeline=[MonthCountOut(month=m.month, kind=m.kind, facts=m.facts) for m in view.timeline],
        records=Page[RecordSummaryOut](
            total=view.total,
            limit=limit,
            offset=offset,
            items=[_record_out(r) for r in _rows(request, view.records)],
        ),
        recent_changes=recent,
    )


def _etag(stamp: Fingerprint, query: str, reader: bool) -> str:
    """Same data, same query, same role: same answer (the data's fingerprint, not its bytes)."""
    digest = hashlib.sha256(repr((stamp, query, reader)).encode()).hexdigest()[:20]
    return f'W/"{digest}"'


def _filters_json(filters: ViewFilters) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, value in filters.params():
        if name in ("from", "to", "min_confidence"):
            data[name] = value
        else:
            data.setdefault(name, [])
            data[name].append(value)  # type: ignore[attr-defined]
    return data


@api.get("/dashboard/records", response_model=Page[RecordSummaryOut])
def records_api(
    request: Request,
    _viewer: Browse,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> Page[RecordSummaryOut]:
    """A page of the dashboard's records (newest first) for these filters."""
    filters = parse_filters(request.query_params)
    with request.app.state.store.reading() as session:
        store_filters = filters.store_filters()
        total = sum(queries.counts_by_kind(session, store_filters).values())
        records = queries.records(session, store_filters, limit=limit, offset=offset)
    rows = _rows(request, records)
    return Page[RecordSummaryOut](
        total=total, limit=limit, offset=offset, items=[_record_out(r) for r in rows]
    )


def _all_rows(request: Request, filters: ViewFilters) -> Iterator[Row]:
    offset = 0
    while True:
        with request.app.state.store.reading() as session:
            page = queries.records(
                session, filters.store_filters(), limit=DOWNLOAD_PAGE, offset=offset
            )
        if not page:
            return
        yield from _rows(request, page)
        offset += len(page)


CSV_COLUMNS = (
    "id", "kind", "date", "date_precision", "review_status", "confidence", "document_id",
    "countries", "label", "summary",
)  # fmt: skip


@pages.get("/downloads/records.csv")
def records_csv(request: Request, _viewer: Browse) -> StreamingResponse:
    """Every record the dashboard's filters match, as CSV."""
    filters = parse_filters(request.query_params)

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for row in _all_rows(request, filters):
            r = row.record
            writer.writerow(
                csv_cell(value)
                for value in (
                    r.id, r.kind, r.date.isoformat() if r.date else "", r.date_precision or "",
                    r.review_status, f"{r.confidence:.2f}", r.document_id, " ".join(r.countries),
                    r.label, row.summary,
                )
            )  # fmt: skip
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="records.csv"'},
    )


@pages.get("/downloads/records.json")
def records_json(request: Request, _viewer: Browse) -> StreamingResponse:
    """Every record the dashboard's filters match, as a JSON array."""
    filters = parse_filters(request.query_params)

    def chunks() -> Iterator[str]:
        yield "["
        for i, row in enumerate(_all_rows(request, filters)):
            yield ("," if i else "") + "\n" + _record_out(row).model_dump_json()
        yield "\n]\n"

    return StreamingResponse(
        chunks(),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="records.json"'},
    )
