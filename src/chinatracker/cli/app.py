"""Root of the command line: global options, shared context, error handling."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from chinatracker import __version__
from chinatracker.config import Settings, load_settings
from chinatracker.errors import TrackerError
from chinatracker.store.database import Store

EXIT_ERROR = 1
EXIT_PARTIAL = 3

app = typer.Typer(
    name="chinatracker",
    help="China Security Tracker: ingest articles, extract source-linked facts, publish a tracker.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# Output piped to a file or another program is not wrapped at 80 columns.
PIPE_WIDTH = 200


def _console(*, stderr: bool) -> Console:
    console = Console(stderr=stderr)
    return console if console.is_terminal else Console(stderr=stderr, width=PIPE_WIDTH)


@dataclass
class Context:
    """What every command gets: the settings and consoles, and the store once opened."""

    settings: Settings
    out: Console = field(default_factory=lambda: _console(stderr=False))
    err: Console = field(default_factory=lambda: _console(stderr=True))
    _store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.db)
        return self._store


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"chinatracker {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database: a SQLite file path or a SQLAlchemy URL "
            "(default: tracker.sqlite, or CHINATRACKER_DB).",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", help="Settings file (TOML); default ./chinatracker.toml if present."
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Global options apply to every command."""
    settings = load_settings(config).with_overrides(db=db)
    ctx.obj = Context(settings=settings)


def context(ctx: typer.Context) -> Context:
    obj = ctx.find_root().obj
    assert isinstance(obj, Context)
    return obj


def main() -> None:
    """Entry point: user mistakes become one line on stderr, never a traceback."""
    from chinatracker.cli import (  # noqa: F401  (importing registers the commands)
        analyse,
        documents,
        evaluate,
        export,
        extract,
        ingest,
        report,
        resolve,
        serve,
        train,
        users,
    )

    try:
        app()
    except TrackerError as exc:
        Console(stderr=True).print(
            f"error: {exc}", style="red", highlight=False, markup=False, soft_wrap=True
        )
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        Console(stderr=True).print("interrupted; work committed so far is kept", style="yellow")
        sys.exit(130)
