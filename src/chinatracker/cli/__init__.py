"""The `chinatracker` command: parses arguments and calls into the pipeline packages.

Exit codes scripts can rely on: 0 success; 1 an error stopped the command (one line on stderr);
2 a usage error; 3 the command finished but some inputs failed (see `ingest_errors`).
"""

from chinatracker.cli.app import app, main

__all__ = ["app", "main"]
