"""What the CLI tests share: the command run as a user runs it, in its own process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`chinatracker ARGS` in `cwd`, its exit code and output kept for the test to read."""
    return subprocess.run(
        [sys.executable, "-m", "chinatracker", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
