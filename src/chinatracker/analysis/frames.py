"""pandas DataFrames of analysis rows, for notebooks and reports.

pandas is imported on first use, so the command line does not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd


class Row(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


def to_frame(rows: Iterable[Row]) -> pd.DataFrame:
    """One DataFrame row per analysis row (BreakdownRow, ChannelSummary, TraceRow, ...)."""
    import pandas as pd

    return pd.DataFrame.from_records([row.as_dict() for row in rows])
