"""One form of a moment in every store: aware, in UTC.

SQLite keeps no offset (SQLAlchemy writes the wall time and reads it back naive); PostgreSQL
answers in the session's zone. `UtcDateTime` is the column type of every moment in the
registry and the stand-ins: what is written is converted to UTC first (a naive value is
taken as UTC), and what is read comes back aware in UTC, so comparisons and the API's
DateTime (always ending in "Z") agree whatever the store.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utc(value: datetime | None) -> datetime | None:
    """The moment in UTC (aware); a naive value is taken as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """DateTime(timezone=True) that writes and reads aware UTC values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return utc(value) if isinstance(value, datetime) else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return utc(value) if isinstance(value, datetime) else value
