"""`chinatracker extract`: run the extractor over documents it has not processed yet."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chinatracker.cli.app import EXIT_PARTIAL, app, context
from chinatracker.extract.learned.models import configured_event_model
from chinatracker.extract.pipeline import DEFAULT_ENGINE, ENGINES, Extractor
from chinatracker.scale.engines import EngineOptions, engine_names, get_engine
from chinatracker.store import facts as fact_store


@app.command("extract")
def extract_command(
    ctx: typer.Context,
    engine: Annotated[
        str,
        typer.Option(help=f"Where to run: {' or '.join(engine_names())} (see docs/scaling.md)."),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://HOST:PORT); default: a local cluster."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Local Dask workers (default: one per core).")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per batch and per transaction.")] = 50,
    extractor_engine: Annotated[
        str,
        typer.Option(
            "--extractor",
            help="How events are found: learned (the trained model), rules, or combined.",
        ),
    ] = DEFAULT_ENGINE,
) -> None:
    """Extract facts from every document not yet processed by the current extractor version.

    Re-running skips finished documents; a new extractor version re-extracts everything, keeping
    facts an analyst already reviewed. A document that makes the extractor fail is recorded and
    the run goes on (exit code 3).
    """
    app_ctx = context(ctx)
    store = app_ctx.store
    if extractor_engine not in ENGINES:
        raise typer.BadParameter(f"--extractor must be one of {', '.join(ENGINES)}")
    model = configured_event_model(app_ctx.settings.event_model)
    extractor = Extractor(engine=extractor_engine, model=model)
    with store.reading() as session:
        pending = fact_store.count_pending(session, extractor.version)
    show = pending >= 20 and app_ctx.err.is_terminal
    with Progress(
        TextColumn(f"extracting ({extractor.version})"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=app_ctx.err,
        disable=not show,
    ) as progress:
        task = progress.add_task("extract", total=pending)
        options = EngineOptions(
            batch_size=batch_size,
            scheduler=scheduler,
            workers=workers,
            on_batch=lambda n: progress.advance(task, n),
        )
        summary = get_engine(engine)(store, extractor, options)
    counts = ", ".join(f"{kind}: {n}" for kind, n in sorted(summary.counts.items())) or "none"
    app_ctx.out.print(
        f"extractor {summary.version} ({summary.engine}): {summary.documents} documents, "
        f"{summary.facts} facts ({counts}), {summary.failures} failed, "
        f"{pending - summary.documents if pending > summary.documents else 0} left",
        highlight=False,
        soft_wrap=True,
    )
    if summary.failures:
        raise typer.Exit(EXIT_PARTIAL)
