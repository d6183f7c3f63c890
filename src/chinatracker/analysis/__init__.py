"""Analysis: figures and comparisons over canonical records, as plain rows or DataFrames.

Functions take a store (resolved first when stale), a session, or canonical records in hand,
and return dataclass rows; nothing here prints. Every row carries the canonical record ids
behind it, and `trace` turns those into documents and evidence quotes.
"""

from chinatracker.analysis.breakdown import BreakdownRow, breakdown, time_series, top
from chinatracker.analysis.channels import (
    ChannelComparison,
    ChannelSummary,
    Overlap,
    compare_channels,
)
from chinatracker.analysis.dimensions import dimension_names
from chinatracker.analysis.frames import to_frame
from chinatracker.analysis.selection import AidSelection, RecordSource, load_aid, select_aid
from chinatracker.analysis.trace import TraceRow, trace

__all__ = [
    "AidSelection",
    "BreakdownRow",
    "ChannelComparison",
    "ChannelSummary",
    "Overlap",
    "RecordSource",
    "TraceRow",
    "breakdown",
    "compare_channels",
    "dimension_names",
    "load_aid",
    "select_aid",
    "time_series",
    "to_frame",
    "top",
    "trace",
]
