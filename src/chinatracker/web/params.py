"""Bounded numbers in addresses: ids, pages and offsets that a database can hold.

SQLite and PostgreSQL integers stop at 2^63 - 1; a larger id or offset in a URL used to reach
the database and fail there (500, OverflowError). These types refuse it at the door (422, with
the parameter and the bound). A page is bounded lower, so that page × page size still fits.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

MAX_INT = 2**63 - 1
MAX_PAGE = 10**12

RowId = Annotated[int, Path(ge=1, le=MAX_INT, description="A row id.")]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_INT)]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_INT)]
