"""What the evaluation tests share: `chinatracker eval` run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_eval(shared_corpus: Path, gold: Path, *options: str, **env: str) -> str:
    """`chinatracker eval GOLD OPTIONS` in a fresh process, with only `env` (and the checkout
    under test's PYTHONPATH, where it is put first on the path rather than installed) beyond
    the corpus; its standard output, once it has exited 0. Tables are printed wide, so that a
    row is one line."""
    result = subprocess.run(
        [sys.executable, "-m", "chinatracker", "eval", str(gold), *options],
        capture_output=True,
        text=True,
        check=False,
        env={
            "CHINATRACKER_SHARED": str(shared_corpus.parent),
            "PATH": "/usr/bin:/bin",
            "COLUMNS": "400",
            **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"},
            **env,
        },
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
