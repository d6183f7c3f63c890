"""`chinatracker export`: facts as open data."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from chinatracker.cli.app import app, context
from chinatracker.publish.exports import export_records


class What(enum.StrEnum):
    aid = "aid"
    events = "events"
    entities = "entities"


class Format(enum.StrEnum):
    jsonl = "jsonl"


@app.command("export")
def export_command(
    ctx: typer.Context,
    what: Annotated[
        What, typer.Argument(help="Which facts: aid deliveries, events or entity mentions.")
    ],
    output_format: Annotated[
        Format, typer.Option("--format", help="Output format.")
    ] = Format.jsonl,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write (default: standard output)."),
    ] = None,
    include_rejected: Annotated[
        bool, typer.Option(help="Also export facts analysts rejected.")
    ] = False,
) -> None:
    """Write facts in the export contract (one JSON object per line), with their evidence."""
    app_ctx = context(ctx)
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    count = 0
    try:
        with app_ctx.store.reading() as session:
            for record in export_records(session, what.value, include_rejected=include_rejected):
                stream.write(record.model_dump_json() + "\n")
                count += 1
    finally:
        if output:
            stream.close()
    if output:
        app_ctx.err.print(f"{count} {what.value} records → {output}", highlight=False)
