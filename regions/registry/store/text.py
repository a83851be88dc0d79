"""Case-insensitive substring matching that treats % and _ in user text literally."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func


def contains(column: ColumnElement[Any], text: str) -> ColumnElement[bool]:
    return func.lower(column).contains(text.strip().lower(), autoescape=True)
