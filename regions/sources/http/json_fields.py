"""Strict readers of JSON values for dialects: the value as asked for, or TypeError/ValueError
(which the adapter reports as "garbage"), so a malformed answer never becomes data."""

from __future__ import annotations

import math
from datetime import datetime, time
from typing import Any

from regions.sources.moments import utc


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def optional_flag(value: Any) -> bool | None:
    return None if value is None else flag(value)


def count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("not a count")
    return value


def optional_integer(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def number(value: Any) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError("expected a number")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError("not a finite number")
    return result


def optional_number(value: Any) -> float | None:
    return None if value is None else number(value)


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def optional_text(value: Any) -> str | None:
    return None if value is None else text(value)


def texts(value: Any) -> list[str]:
    return [text(item) for item in array(value)]


def array(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value


def slug(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("expected a topic slug")
    return value


def moment(value: Any) -> datetime | None:
    """An ISO 8601 date-time or null, in UTC; without an offset it is UTC."""
    if value is None:
        return None
    return utc(datetime.fromisoformat(text(value)))


def clock(value: Any) -> time | None:
    """An ISO 8601 time of day, or null (or empty)."""
    return time.fromisoformat(text(value)) if value else None
