"""`chinatracker export`: facts, canonical records, documents and sources as open data.

`export DATASET [--format F] [-o FILE]` writes one dataset (JSON Lines to standard output by
default); `export all --out DIR` writes a stamped release of every dataset in every format;
`export codebook --out docs/` regenerates the codebook and JSON Schemas.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from chinatracker.cli.app import app, context
from chinatracker.errors import ConfigError
from chinatracker.publish.codebook import write_codebook
from chinatracker.publish.release import export_dataset, export_release


class What(enum.StrEnum):
    aid = "aid"
    events = "events"
    entities = "entities"
    aid_records = "aid-records"
    event_records = "event-records"
    documents = "documents"
    sources = "sources"
    all = "all"
    codebook = "codebook"


class Format(enum.StrEnum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    geojson = "geojson"
    parquet = "parquet"


@app.command("export")
def export_command(
    ctx: typer.Context,
    what: Annotated[
        What,
        typer.Argument(
            help="A dataset (aid, events, entities: extracted facts; aid-records, "
            "event-records: canonical records; documents; sources), 'all' for a release of "
            "every dataset, or 'codebook' for the codebook and JSON Schemas."
        ),
    ],
    output_format: Annotated[
        Format, typer.Option("--format", help="Output format of one dataset.")
    ] = Format.jsonl,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write (default: standard output)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for 'all' (default out/datasets) or 'codebook' (docs)."),
    ] = None,
    include_rejected: Annotated[
        bool, typer.Option(help="Also export facts analysts rejected.")
    ] = False,
) -> None:
    """Write open data in the export contract (docs/codebook.md), with its evidence."""
    app_ctx = context(ctx)
    if what is What.codebook:
        folder = out or Path("docs")
        written = write_codebook(folder)
        app_ctx.err.print(f"codebook and {len(written) - 1} schemas → {folder}", highlight=False)
        return
    if what is What.all:
        folder = out or Path("out") / "datasets"
        release = export_release(app_ctx.store, folder)
        for entry in release.datasets:
            formats = ", ".join(f.format for f in entry.files)
            app_ctx.out.print(f"{entry.records:>7} {entry.name:14} {formats}", highlight=False)
        app_ctx.out.print(
            f"release {release.release_date} (extractor "
            f"{', '.join(release.extractor_versions) or 'none'}) → {folder}",
            highlight=False,
        )
        return
    if output is None and output_format is Format.parquet:
        raise ConfigError("Parquet is a binary format: name a file with --output")
    written_one = export_dataset(
        app_ctx.store,
        what.value,
        output_format.value,
        output,
        include_rejected=include_rejected,
    )
    if output:
        noun = what.value.removesuffix("s").replace("-", " ")
        plural = "" if written_one.records == 1 else "s"
        app_ctx.err.print(
            f"{written_one.records} {noun}{plural} written to {output}", highlight=False
        )
