"""`chinatracker ingest` and `chinatracker stats`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chinatracker.cli.app import EXIT_PARTIAL, app, context
from chinatracker.sources.ingest import IngestSummary, count_inputs, ingest
from chinatracker.store import documents as stored
from chinatracker.store import facts as fact_store

# Below this many inputs a progress bar is more noise than help.
PROGRESS_MIN_INPUTS = 20
PROBLEMS_SHOWN = 20


@app.command("ingest")
def ingest_command(
    ctx: typer.Context,
    inputs: Annotated[
        list[str],
        typer.Argument(metavar="PATH_OR_URL...", help="Files, folders (recursive) or URLs."),
    ],
    max_file_bytes: Annotated[
        int | None, typer.Option(help="Refuse single files larger than this many bytes.")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Documents per transaction.")] = None,
) -> None:
    """Read documents (text, Markdown, HTML, PDF, JSON Lines, RSS/Atom) into the store.

    Documents already stored (same normalised text) are skipped; near-duplicate copies of a
    stored story are kept, grouped with it. Inputs that cannot be read are recorded with a
    reason and the batch goes on; the exit code is then 3, as it is when most documents added
    have no title (a warning on stderr says so).
    """
    app_ctx = context(ctx)
    settings = app_ctx.settings.with_overrides(
        max_file_bytes=max_file_bytes, ingest_batch_size=batch_size
    )
    store = app_ctx.store
    total = count_inputs(inputs)
    show_progress = total >= PROGRESS_MIN_INPUTS and app_ctx.err.is_terminal
    with Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=app_ctx.err,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("ingest", total=total)
        summary = ingest(inputs, store, settings, on_input=lambda _: progress.advance(task))
    _print_summary(app_ctx.out, summary, store.display_url)
    suspicious = suspicious_ingest(summary)
    for warning in suspicious:
        app_ctx.err.print(f"warning: {warning}", highlight=False, soft_wrap=True)
    if summary.failed or suspicious:
        raise typer.Exit(EXIT_PARTIAL)


# Above this share of untitled documents an ingest is suspicious: the input probably has its
# titles under a key the reader does not know, or no headline lines at all.
UNTITLED_SHARE = 0.5
# ... judged only on a batch of at least this many: one untitled text file is not suspicious.
UNTITLED_MIN_DOCUMENTS = 10


def suspicious_ingest(summary: IngestSummary) -> list[str]:
    """Warnings about a run that went through but whose result looks wrong."""
    warnings = []
    if (
        summary.added >= UNTITLED_MIN_DOCUMENTS
        and summary.untitled / summary.added > UNTITLED_SHARE
    ):
        warnings.append(
            f"{summary.untitled:,} of the {summary.added:,} documents added have no title "
            "(no title field and no headline-like first line); they show their first sentence"
        )
    return warnings


def counted(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def _print_summary(out: object, summary: IngestSummary, where: str) -> None:
    from rich.console import Console

    assert isinstance(out, Console)
    copies = (
        f" ({counted(summary.copies, 'copy', 'copies')} of a story already stored, kept as "
        "its sources)"
        if summary.copies
        else ""
    )
    out.print(
        f"Read {counted(summary.inputs, 'input')} into {where}: "
        f"{counted(summary.added, 'document')} added{copies}, "
        f"{counted(summary.duplicates, 'exact duplicate')} skipped, "
        f"{summary.failed:,} failed, {counted(summary.warnings, 'warning')}.",
        highlight=False,
        soft_wrap=True,
    )
    shown = summary.problems[:PROBLEMS_SHOWN]
    for problem in shown:
        where_in = f" ({problem.locator})" if problem.locator else ""
        out.print(
            f"  {problem.severity}: {problem.source}{where_in}: {problem.reason}",
            highlight=False,
            soft_wrap=True,
        )
    hidden = len(summary.problems) - len(shown)
    if hidden > 0 or summary.failed + summary.warnings > len(summary.problems):
        out.print("  ... more in the ingest_errors table", highlight=False)


@app.command("stats")
def stats_command(ctx: typer.Context) -> None:
    """Counts of what the store holds."""
    app_ctx = context(ctx)
    store = app_ctx.store
    with store.reading() as session:
        counts = stored.document_counts(session)
        facts = fact_store.fact_counts(session)
    table = Table(title=f"chinatracker store: {store.display_url}", show_header=False)
    table.add_row("documents", str(counts["documents"]))
    table.add_row("words", f"{counts['words']:,}")
    for label in ("by_format", "by_year", "problems"):
        values = counts[label]
        assert isinstance(values, dict)
        text = ", ".join(f"{k}: {v}" for k, v in sorted(values.items())) or "none"
        table.add_row(label.replace("_", " "), text)
    table.add_row("warnings", str(counts["warnings"]))
    table.add_row("facts", ", ".join(f"{k}: {v}" for k, v in sorted(facts.items())) or "none yet")
    app_ctx.out.print(table)
