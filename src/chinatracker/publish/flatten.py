"""Flat rows of nested export records: one row per record, for CSV and Parquet.

Columns come from the contract model, not from the data, so every file of a dataset has the
same columns in the same order, whatever its records hold. The rules:

- a nested object becomes one column per field, named by its path (`donor.channel`);
- a list of plain values becomes one column, the values joined with "; " (`countries`);
- a list of objects becomes one column per field, each joined with "; " in the same order
  (`recipients.country`, `recipients.name`: the n-th values belong together; an empty value
  keeps its place);
- a mapping becomes one column of `key=value` pairs joined with "; " (`by`);
- a list of objects that themselves hold lists (`conflicts`) becomes one column of JSON text.

JSON and JSONL keep the nesting; the codebook lists both the paths and the columns.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

JOIN = "; "
Kind = Literal["string", "integer", "number", "boolean", "date", "datetime"]


@dataclass(frozen=True)
class Column:
    """One flat column: its name (a path), type, description, and how its value is made."""

    name: str
    kind: Kind
    description: str
    path: tuple[str, ...]
    list_at: int | None = None  # index in `path` of the list whose items are joined
    mapping: bool = False
    as_json: bool = False
    vocabulary: tuple[str, ...] = ()


def _strip_none(annotation: Any) -> tuple[Any, bool]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]), True  # noqa: UP007
    return annotation, False


def scalar_kind(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    """The column type of a plain annotation, and its allowed values for a Literal."""
    if typing.get_origin(annotation) is Literal:
        return "string", tuple(str(a) for a in typing.get_args(annotation))
    if annotation is bool:
        return "boolean", ()
    if annotation is int:
        return "integer", ()
    if annotation is float:
        return "number", ()
    if annotation is dt.datetime:
        return "datetime", ()
    if annotation is dt.date:
        return "date", ()
    return "string", ()


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _holds_lists(model: type[BaseModel]) -> bool:
    for field in model.model_fields.values():
        inner, _ = _strip_none(field.annotation)
        if typing.get_origin(inner) is list:
            return True
        if _is_model(inner) and _holds_lists(inner):
            return True
    return False


def columns(
    model: type[BaseModel], prefix: tuple[str, ...] = (), list_at: int | None = None
) -> list[Column]:
    """The flat columns of a contract model, in field order."""
    out: list[Column] = []
    for name, field in model.model_fields.items():
        path = (*prefix, name)
        dotted = ".".join(path)
        description = field.description or ""
        annotation, _ = _strip_none(field.annotation)
        origin = typing.get_origin(annotation)
        if origin is list:
            (inner,) = typing.get_args(annotation)
            inner, _ = _strip_none(inner)
            if list_at is None and _is_model(inner) and not _holds_lists(inner):
                out += columns(inner, path, list_at=len(path) - 1)
            elif _is_model(inner) or list_at is not None:
                out.append(Column(dotted, "string", description, path, list_at, as_json=True))
            else:
                kind, vocabulary = scalar_kind(inner)
                out.append(
                    Column(dotted, kind, description, path, len(path) - 1, vocabulary=vocabulary)
                )
        elif origin is dict:
            out.append(Column(dotted, "string", description, path, list_at, mapping=True))
        elif _is_model(annotation):
            out += columns(annotation, path, list_at)
        else:
            kind, vocabulary = scalar_kind(annotation)
            out.append(Column(dotted, kind, description, path, list_at, vocabulary=vocabulary))
    return out


def _get(value: Any, path: Sequence[str]) -> Any:
    for key in path:
        if value is None:
            return None
        value = value.get(key) if isinstance(value, dict) else getattr(value, key)
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(column: Column, value: Any) -> Any:
    if column.as_json:
        return json.dumps(value, ensure_ascii=False, default=str) if value not in (None, []) else ""
    if column.mapping:
        return JOIN.join(f"{k}={_text(v)}" for k, v in (value or {}).items())
    return value


def flatten(record: BaseModel, cols: Sequence[Column]) -> dict[str, Any]:
    """One flat row of typed values (lists joined into strings)."""
    data = record.model_dump(mode="python")
    row: dict[str, Any] = {}
    for column in cols:
        if column.list_at is None:
            row[column.name] = _cell(column, _get(data, column.path))
            continue
        items = _get(data, column.path[: column.list_at + 1]) or []
        rest = column.path[column.list_at + 1 :]
        values = [_cell(column, _get(item, rest)) for item in items]
        if column.as_json:
            row[column.name] = (
                json.dumps([_get(i, rest) for i in items], ensure_ascii=False, default=str)
                if items
                else ""
            )
        else:
            row[column.name] = JOIN.join(_text(v) for v in values)
    return row


def as_text(row: dict[str, Any]) -> dict[str, str]:
    """A flat row as CSV cells."""
    return {k: _text(v) for k, v in row.items()}


def joined(column: Column) -> bool:
    """True when the column holds several values joined into one string."""
    return column.list_at is not None or column.mapping or column.as_json
