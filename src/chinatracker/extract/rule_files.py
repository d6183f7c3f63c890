"""The cue and vocabulary files of `extract/data/`, each parsed once per process.

Several passes read the same file (the lexicon serves sentence splitting and name finding), so
they share one parsed copy; callers only read it.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from chinatracker.yaml_io import safe_load


@cache
def rule_file(name: str) -> Any:
    return safe_load((files("chinatracker.extract") / "data" / name).read_text("utf-8"))
