"""`chinatracker analyse compare|breakdown|series|trace`: figures over canonical records.

Each command resolves first when facts changed since the last resolve, then prints a table,
or JSON or CSV for scripts (`--format`).
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich.table import Table

from chinatracker.analysis import (
    AidSelection,
    ChannelComparison,
    breakdown,
    compare_channels,
    dimension_names,
    time_series,
    trace,
)
from chinatracker.analysis.breakdown import SortBy
from chinatracker.cli.app import Context, app, context
from chinatracker.cli.resolve import summary_line
from chinatracker.publish.cells import safe_cell
from chinatracker.resolve.runner import ensure_resolved

analyse_app = typer.Typer(
    help="Figures and comparisons over canonical records (docs/resolve.md).",
    no_args_is_help=True,
)
app.add_typer(analyse_app, name="analyse")


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Sort(enum.StrEnum):
    key = "key"
    records = "records"
    countries = "countries"
    documents = "documents"


class Freq(enum.StrEnum):
    month = "month"
    week = "week"
    year = "year"


FromOption = Annotated[
    dt.datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First day counted.")
]
ToOption = Annotated[
    dt.datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day counted.")
]
StatusOption = Annotated[
    str,
    typer.Option(help="Statuses counted, comma-separated (pledged, shipped, delivered)."),
]
ModeOption = Annotated[
    str, typer.Option(help="Modes counted, comma-separated (donation, pledge, sale, loan).")
]
ReviewedOption = Annotated[
    bool, typer.Option("--reviewed-only", help="Only records with an accepted fact.")
]
ConfidenceOption = Annotated[float, typer.Option(help="Least confidence of a record.")]
QualityOption = Annotated[float, typer.Option(help="Least quality score of a record.")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="table, json or csv.")]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def _selection(
    *,
    channels: str | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    statuses: str,
    modes: str,
    reviewed_only: bool,
    min_confidence: float,
    min_quality: float,
) -> AidSelection:
    return AidSelection(
        channels=_split(channels) or None,
        start=start.date() if start else None,
        end=end.date() if end else None,
        modes=_split(modes),
        statuses=_split(statuses),
        include_unreviewed=not reviewed_only,
        min_confidence=min_confidence,
        min_quality=min_quality,
    )


def _fresh(app_ctx: Context) -> None:
    summary = ensure_resolved(app_ctx.store)
    if summary is not None:
        message = "facts changed since the last resolve; " + summary_line(summary)
        app_ctx.err.print(message, highlight=False, soft_wrap=True)


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"


def _emit(app_ctx: Context, rows: Sequence[dict[str, Any]], output: OutputFormat) -> bool:
    """Print rows as JSON or CSV; False when the caller should print a table instead."""
    if output is OutputFormat.json:
        typer.echo(json.dumps(list(rows), ensure_ascii=False, indent=1, default=str))
        return True
    if output is OutputFormat.csv:
        columns = list(dict.fromkeys(k for row in rows for k in row))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(
            {k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows
        )
        typer.echo(buffer.getvalue(), nl=False)
        return True
    return False


def _print_comparison(app_ctx: Context, comparison: ChannelComparison) -> None:
    table = Table(
        "channel",
        "records",
        "countries",
        "developing",
        "BRI at the time",
        "to defence",
        "only this channel",
        title="Donor channels compared",
    )
    for s in comparison.summaries:
        table.add_row(
            s.channel,
            str(s.records),
            str(len(s.countries)),
            f"{len(s.developing)} ({_percent(s.share_developing)})",
            f"{len(s.bri)} ({_percent(s.share_bri)})",
            f"{s.defense_records} ({_percent(s.share_defense)})",
            str(len(s.only)),
        )
    app_ctx.out.print(table)
    matrix = Table("", *comparison.channels, title="Countries reached by both")
    for a in comparison.channels:
        cells = [
            str(len(comparison.summary(a).countries))
            if a == b
            else str(len(comparison.overlap(a, b)))
            for b in comparison.channels
        ]
        matrix.add_row(a, *cells)
    app_ctx.out.print(matrix)
    lines = [f"reached by all: {' '.join(comparison.common) or '-'}"]
    for s in comparison.summaries:
        lines.append(f"only {s.channel}: {' '.join(s.only) or '-'}")
    for s in comparison.summaries:
        if s.non_bri:
            lines.append(f"not BRI members when {s.channel} gave: {' '.join(s.non_bri)}")
    for line in lines:
        app_ctx.out.print(line, highlight=False, soft_wrap=True)


@analyse_app.command("compare")
def compare_command(
    ctx: typer.Context,
    channels: Annotated[
        str, typer.Option(help="Two or more donor channels, comma-separated.")
    ] = "military,government,private",
    start: FromOption = None,
    end: ToOption = None,
    status: StatusOption = "shipped,delivered",
    mode: ModeOption = "donation",
    reviewed_only: ReviewedOption = False,
    min_confidence: ConfidenceOption = 0.0,
    min_quality: QualityOption = 0.0,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Compare donor channels: recipients, overlap, developing, BRI, defence, only-one-channel."""
    wanted = _split(channels)
    if len(wanted) < 2:
        raise typer.BadParameter("name at least two channels", param_hint="--channels")
    app_ctx = context(ctx)
    _fresh(app_ctx)
    selection = _selection(
        start=start,
        end=end,
        statuses=status,
        modes=mode,
        reviewed_only=reviewed_only,
        min_confidence=min_confidence,
        min_quality=min_quality,
    )
    comparison = compare_channels(
        app_ctx.store,
        wanted,
        include_unreviewed=selection.include_unreviewed,
        min_confidence=selection.min_confidence,
        selection=selection,
    )
    if output is OutputFormat.json:
        typer.echo(json.dumps(comparison.as_dict(), ensure_ascii=False, indent=1))
        return
    if not _emit(app_ctx, comparison.rows(), output):
        _print_comparison(app_ctx, comparison)


def _print_rows(app_ctx: Context, rows: Sequence[dict[str, Any]], title: str) -> None:
    columns = [c for c in dict.fromkeys(k for row in rows for k in row) if c != "record_ids"]
    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    app_ctx.out.print(table)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)


@analyse_app.command("breakdown")
def breakdown_command(
    ctx: typer.Context,
    dimensions: Annotated[
        list[str],
        typer.Argument(metavar="DIMENSION...", help=f"Of: {', '.join(dimension_names())}."),
    ],
    channels: Annotated[
        str | None, typer.Option(help="Only these channels, comma-separated.")
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    status: StatusOption = "shipped,delivered",
    mode: ModeOption = "donation",
    reviewed_only: ReviewedOption = False,
    min_confidence: ConfidenceOption = 0.0,
    min_quality: QualityOption = 0.0,
    sort: Annotated[Sort, typer.Option(help="Order rows by key or by a count.")] = Sort.key,
    limit: Annotated[int | None, typer.Option("--top", help="Only the first N rows.")] = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Counts (records, countries, documents) and sums (quantities, values) by dimensions."""
    app_ctx = context(ctx)
    _fresh(app_ctx)
    selection = _selection(
        channels=channels,
        start=start,
        end=end,
        statuses=status,
        modes=mode,
        reviewed_only=reviewed_only,
        min_confidence=min_confidence,
        min_quality=min_quality,
    )
    by: SortBy = sort.value
    rows = breakdown(app_ctx.store, *dimensions, selection=selection, sort=by)
    flat = [r.as_dict() for r in rows[:limit]]
    if not _emit(app_ctx, flat, output):
        _print_rows(app_ctx, flat, "Canonical aid records by " + ", ".join(dimensions))


@analyse_app.command("series")
def series_command(
    ctx: typer.Context,
    freq: Annotated[Freq, typer.Option(help="Period length.")] = Freq.month,
    by: Annotated[str | None, typer.Option(help="A second dimension, e.g. channel.")] = "channel",
    channels: Annotated[
        str | None, typer.Option(help="Only these channels, comma-separated.")
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    status: StatusOption = "shipped,delivered",
    mode: ModeOption = "donation",
    output: FormatOption = OutputFormat.table,
) -> None:
    """Records and countries per month (or week, or year), empty periods included."""
    app_ctx = context(ctx)
    _fresh(app_ctx)
    selection = _selection(
        channels=channels,
        start=start,
        end=end,
        statuses=status,
        modes=mode,
        reviewed_only=False,
        min_confidence=0.0,
        min_quality=0.0,
    )
    rows = time_series(app_ctx.store, freq.value, by=by or None, selection=selection)
    flat = [r.as_dict() for r in rows]
    if not _emit(app_ctx, flat, output):
        _print_rows(app_ctx, flat, f"Canonical aid records per {freq.value}")


@analyse_app.command("trace")
def trace_command(
    ctx: typer.Context,
    record: Annotated[
        list[str] | None, typer.Option(help="A canonical record id (repeatable).")
    ] = None,
    channel: Annotated[str | None, typer.Option(help="Records of this channel.")] = None,
    country: Annotated[str | None, typer.Option(help="Records to this country (ISO3).")] = None,
    where: Annotated[
        list[str] | None, typer.Option(help="DIMENSION=VALUE, e.g. bri=non-member (repeatable).")
    ] = None,
    status: StatusOption = "shipped,delivered",
    mode: ModeOption = "donation",
    output: FormatOption = OutputFormat.table,
) -> None:
    """The canonical records, facts, documents and quotes behind a figure."""
    app_ctx = context(ctx)
    _fresh(app_ctx)
    filters: dict[str, str] = {}
    for item in where or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"{item!r} is not DIMENSION=VALUE", param_hint="--where")
        filters[name.strip()] = value.strip()
    if channel:
        filters["channel"] = channel
    if country:
        filters["country"] = country.upper()
    selection = AidSelection(modes=_split(mode), statuses=_split(status))
    rows = trace(app_ctx.store, record or None, where=filters, selection=selection)
    flat = [r.as_dict() for r in rows]
    if _emit(app_ctx, flat, output):
        return
    table = Table(
        "record", "recipient", "channel", "date", "fact", "document", "quote", title="Sources"
    )
    for r in rows:
        table.add_row(
            r.record_id, r.recipient, r.channel, r.date, str(r.fact_id), r.path, r.quote or ""
        )
    app_ctx.out.print(table)
