"""`chinatracker report`: write a tracker issue (HTML, PDF, Markdown) for a period.

Exit codes: 0 when every asked format was written; 0 too when only the PDF was skipped because
no Chromium is installed (one line says so: HTML and Markdown are the issue); 1 on an error,
among them a focus topic resting on fewer records than the minimum (one line names the counts
and the sections that have enough); 3 when such a thin focus was printed with --allow-thin.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated

import typer

from chinatracker.cli.app import EXIT_PARTIAL, app, context
from chinatracker.cli.resolve import summary_line
from chinatracker.errors import ConfigError
from chinatracker.publish.focus_channels import DEFAULT_CHANNELS
from chinatracker.publish.methodology import parse_eval_option
from chinatracker.publish.report import CHANNELS, ReportOptions, build_issue, write_issue
from chinatracker.publish.scope import DEFAULT_MIN_CONFIDENCE, DEFAULT_MIN_EVENT_CONFIDENCE, Scope
from chinatracker.resolve.runner import ensure_resolved


class ReportFormat(enum.StrEnum):
    html = "html"
    pdf = "pdf"
    md = "md"


@app.command("report")
def report_command(
    ctx: typer.Context,
    start: Annotated[
        dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day of the period.")
    ],
    end: Annotated[
        dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day of the period.")
    ],
    focus: Annotated[
        str,
        typer.Option(
            help="Focus topic: 'channels' (donor channels compared), a taxonomy section "
            "(e.g. projection) or category (e.g. projection.deployments)."
        ),
    ] = CHANNELS,
    channels: Annotated[
        str, typer.Option(help="Channels compared by the 'channels' focus, comma-separated.")
    ] = ",".join(DEFAULT_CHANNELS),
    title: Annotated[str | None, typer.Option(help="Title of the issue.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder to write to.")] = Path("out"),
    name: Annotated[str, typer.Option(help="File name stem: NAME.html, NAME.pdf...")] = "report",
    formats: Annotated[
        list[ReportFormat] | None,
        typer.Option("--format", help="Formats to write (repeatable; default all)."),
    ] = None,
    include_unreviewed: Annotated[
        bool,
        typer.Option(
            "--include-unreviewed",
            help="Print every record, not only reviewed or confident ones.",
        ),
    ] = False,
    min_confidence: Annotated[
        float, typer.Option(help="Least confidence of an unreviewed aid record that is printed.")
    ] = DEFAULT_MIN_CONFIDENCE,
    min_event_confidence: Annotated[
        float,
        typer.Option(help="Least calibrated confidence of an unreviewed event that is printed."),
    ] = DEFAULT_MIN_EVENT_CONFIDENCE,
    highlights: Annotated[int, typer.Option(help="Number of highlights.")] = 5,
    min_records: Annotated[
        int | None,
        typer.Option(
            help="Least number of records the focus topic may rest on "
            "(default: focus_min_records, 10)."
        ),
    ] = None,
    allow_thin: Annotated[
        bool,
        typer.Option(
            "--allow-thin",
            help="Print a focus topic with fewer records than the minimum (warns, exit code 3).",
        ),
    ] = False,
    eval_files: Annotated[
        list[str] | None,
        typer.Option(
            "--eval",
            help="Accuracy figures: [LABEL=]FILE written by `chinatracker eval GOLD --json` "
            "(repeatable).",
        ),
    ] = None,
    chromium: Annotated[
        str | None, typer.Option(help="Chromium executable for the PDF (default: on PATH).")
    ] = None,
) -> None:
    """Write a tracker issue: highlights, a focus topic with map and charts, the digest."""
    app_ctx = context(ctx)
    try:
        scope = Scope(
            start=start.date(),
            end=end.date(),
            include_unreviewed=include_unreviewed,
            min_confidence=min_confidence,
            min_event_confidence=min_event_confidence,
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    wanted = tuple(c.strip() for c in channels.split(",") if c.strip())
    if focus == CHANNELS and len(wanted) < 2:
        raise typer.BadParameter("name at least two channels", param_hint="--channels")
    options = ReportOptions(
        scope=scope,
        focus=focus,
        channels=wanted,
        title=title,
        highlights=highlights,
        eval_files=tuple(parse_eval_option(v) for v in eval_files or []),
        min_records=app_ctx.settings.focus_min_records if min_records is None else min_records,
        allow_thin=allow_thin,
    )
    resolved = ensure_resolved(app_ctx.store)
    if resolved is not None:
        message = "facts changed since the last resolve; " + summary_line(resolved)
        app_ctx.err.print(message, highlight=False, soft_wrap=True)
    built = build_issue(app_ctx.store, options)
    for warning in built.warnings:
        app_ctx.err.print(f"warning: {warning}", highlight=False, soft_wrap=True)
    chosen = [f.value for f in formats] if formats else [f.value for f in ReportFormat]
    outcomes = write_issue(
        built.issue,
        out,
        formats=chosen,
        name=name,
        db=app_ctx.store.display_url,
        chromium=chromium,
    )
    issue = built.issue
    app_ctx.out.print(
        f"report {issue.period}: {issue.stats['events']} events, {issue.stats['aid']} aid "
        f"records, {len(issue.highlights)} highlights, {len(issue.figures)} figures, "
        f"{len(issue.notes)} sources; {scope.rule}",
        highlight=False,
        soft_wrap=True,
    )
    for outcome in outcomes:
        if outcome.path is not None:
            app_ctx.out.print(f"  {outcome.format:7} → {outcome.path}", highlight=False)
        else:
            app_ctx.err.print(
                f"  {outcome.format:7} skipped: {outcome.skipped}", highlight=False, soft_wrap=True
            )
    if built.thin:
        raise typer.Exit(EXIT_PARTIAL)
