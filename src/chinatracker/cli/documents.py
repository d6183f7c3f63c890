"""`chinatracker documents list|show|retitle|stories`."""

from __future__ import annotations

import enum
import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from chinatracker.cli.app import app, context
from chinatracker.errors import TrackerError
from chinatracker.sources.ingest import regroup_stories
from chinatracker.sources.titles import retitled
from chinatracker.store import documents as stored


class OutputFormat(enum.StrEnum):
    table = "table"
    tsv = "tsv"
    json = "json"


documents_app = typer.Typer(
    help="List, show, retitle and group stored documents.", no_args_is_help=True
)
app.add_typer(documents_app, name="documents")


@documents_app.command("list")
def list_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 50,
    offset: Annotated[int, typer.Option(help="How many to skip.")] = 0,
    search: Annotated[
        str | None, typer.Option(help="Only titles or paths containing this.")
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="table for people, tsv or json for scripts.")
    ] = OutputFormat.table,
) -> None:
    """Documents by publication date (unknown dates last)."""
    app_ctx = context(ctx)
    with app_ctx.store.reading() as session:
        rows = stored.list_documents(session, limit=limit, offset=offset, search=search)
    if output is OutputFormat.json:
        typer.echo(json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=1))
        return
    if output is OutputFormat.tsv:
        typer.echo("id\tpublished\tformat\twords\ttitle\tpath\tlocator")
        for row in rows:
            fields = (
                row.id,
                row.published,
                row.format,
                row.words,
                row.title,
                row.path,
                row.locator,
            )
            typer.echo("\t".join("" if v is None else str(v).replace("\t", " ") for v in fields))
        return
    table = Table("id", "published", "format", "words", "title", "path")
    for row in rows:
        path = f"{row.path} ({row.locator})" if row.locator else row.path
        table.add_row(
            str(row.id), row.published or "?", row.format, str(row.words), row.title or "", path
        )
    app_ctx.out.print(table)


@documents_app.command("show")
def show_command(
    ctx: typer.Context,
    document_id: Annotated[int, typer.Argument(metavar="ID")],
    text: Annotated[bool, typer.Option("--text/--no-text", help="Print the full text.")] = True,
) -> None:
    """One document's metadata and text."""
    app_ctx = context(ctx)
    with app_ctx.store.reading() as session:
        doc = stored.get_document(session, document_id)
    if doc is None:
        raise TrackerError(f"no document with id {document_id}")
    for label in ("id", "title", "path", "locator", "url", "published", "published_from"):
        value = getattr(doc, label)
        if value is not None:
            app_ctx.out.print(f"{label}: {value}", highlight=False)
    for label in ("author", "publisher", "language", "format", "content_hash"):
        value = getattr(doc, label)
        if value is not None:
            app_ctx.out.print(f"{label}: {value}", highlight=False)
    if text:
        app_ctx.out.print()
        app_ctx.out.print(doc.text, highlight=False, markup=False)


@documents_app.command("retitle")
def retitle_command(ctx: typer.Context) -> None:
    """Give every stored document the title ingest gives it now.

    A store ingested before titles were checked holds page furniture as titles ("Advertisement",
    "BEIJING"): each such title becomes the first headline-like line of the text, or none (the
    report and web app then show the body's first sentence). Titles from metadata are kept.
    The text itself is not touched, so evidence offsets stay valid.
    """
    app_ctx = context(ctx)
    with app_ctx.store.transaction() as session:
        seen, changed, untitled = stored.retitle_documents(session, retitled)
    app_ctx.out.print(
        f"retitle: {changed:,} of {seen:,} documents got a new title; "
        f"{untitled:,} have none and show their first sentence instead",
        highlight=False,
        soft_wrap=True,
    )


@documents_app.command("stories")
def stories_command(ctx: typer.Context) -> None:
    """Group documents stored before near-duplicate stories existed into stories.

    Ingest groups new documents itself; this files the older ones, in the order they were
    stored, so the first stored copy of a story stays its representative. Run `resolve` after
    it: copies of one story then count once.
    """
    app_ctx = context(ctx)
    grouped, copies = regroup_stories(app_ctx.store)
    app_ctx.out.print(
        f"stories: {grouped:,} documents filed, {copies:,} of them copies of an earlier story",
        highlight=False,
        soft_wrap=True,
    )
