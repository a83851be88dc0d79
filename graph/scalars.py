"""The custom scalars and their specifications (@specifiedBy).

DateTime: RFC 3339 in UTC, always ending in "Z" (e.g. 2025-12-22T22:27:19Z), whatever the
source kept (the registry's SQLite gives naive UTC values, NRW an offset): a naive value is
UTC; input must carry an offset (Z or ±hh:mm) and is converted to UTC. Date: an ISO 8601
calendar date (2025-12-22). Time: an ISO 8601 local time of day (18:30:00), the wall-clock
time in Germany, without an offset.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import strawberry

from regions.sources.moments import utc


def serialize_datetime(value: datetime) -> str:
    moment = utc(value)
    assert moment is not None
    return moment.isoformat().replace("+00:00", "Z")


def parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("DateTime must be a string (RFC 3339)")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an RFC 3339 date-time: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError("DateTime needs an offset, e.g. 2025-12-22T22:27:19Z")
    moment = utc(parsed)
    assert moment is not None
    return moment


def parse_date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError("Date must be a string (ISO 8601, YYYY-MM-DD)")
    return date.fromisoformat(value)


def parse_time(value: Any) -> time:
    if not isinstance(value, str):
        raise ValueError("Time must be a string (ISO 8601, hh:mm:ss)")
    parsed = time.fromisoformat(value)
    if parsed.tzinfo is not None:
        raise ValueError("Time is a local time of day, without an offset")
    return parsed


DateTime = strawberry.scalar(
    name="DateTime",
    description='A moment, RFC 3339 in UTC, always ending in "Z" (2025-12-22T22:27:19Z). '
    "Input needs an offset (Z or +01:00) and is converted to UTC.",
    specified_by_url="https://scalars.graphql.org/andimarek/date-time.html",
    serialize=serialize_datetime,
    parse_value=parse_datetime,
)
Date = strawberry.scalar(
    name="Date",
    description="A calendar date, ISO 8601 (2025-12-22).",
    specified_by_url="https://scalars.graphql.org/andimarek/local-date.html",
    serialize=lambda value: value.isoformat(),
    parse_value=parse_date,
)
Time = strawberry.scalar(
    name="Time",
    description="A local time of day in Germany, ISO 8601 without an offset (18:30:00).",
    specified_by_url="https://scalars.graphql.org/andimarek/local-time.html",
    serialize=lambda value: value.isoformat(),
    parse_value=parse_time,
)

SCALAR_MAP: dict[object, Any] = {datetime: DateTime, date: Date, time: Time}
