"""Publication dates from metadata or file names. Never "today": unknown stays unknown."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

from chinatracker.errors import InputError

_FILENAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")
# A publication date outside this window is a typo or a parsing accident, not a real date.
EARLIEST = dt.date(1900, 1, 1)


def date_from_filename(name: str) -> dt.date | None:
    """`2020-03-13-serbia.txt` → 2020-03-13; a name without a valid leading date → None."""
    match = _FILENAME_DATE.match(name)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_published(value: object, *, today: dt.date | None = None) -> dt.date | None:
    """Read a metadata date (date, datetime, ISO, RFC 2822 or written out); None if absent.

    Raises InputError("date") for a value that is present but not a plausible date, so the
    caller can record a warning and keep the document with an unknown date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    latest = (today or dt.date.today()) + dt.timedelta(days=2)
    parsed = _parse(value)
    if parsed is None or not EARLIEST <= parsed <= latest:
        raise InputError("date", f"malformed date {value!r}; publication date left unknown")
    return parsed


def _parse(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dateutil_parser.parse(text, default=dt.datetime(1, 1, 1), fuzzy=False).date()
    except (ValueError, OverflowError):
        return None
