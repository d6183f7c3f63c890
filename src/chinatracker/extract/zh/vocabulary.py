"""The Chinese vocabularies of `extract/data/zh/`, each parsed once per process."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

from chinatracker.yaml_io import safe_load


@cache
def zh_file(name: str) -> Any:
    return safe_load((files("chinatracker.extract") / "data" / "zh" / name).read_text("utf-8"))


@cache
def pattern(file: str, key: str) -> re.Pattern[str]:
    """A regular expression of a cue file, compiled once."""
    return re.compile(str(zh_file(file)[key]))


def alternation(forms: list[str] | set[str] | frozenset[str]) -> str:
    """A regex alternation of literal forms, longest first so the longest form wins."""
    return "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
