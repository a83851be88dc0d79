"""Office hours of a contact point."""

from __future__ import annotations

from datetime import time
from typing import Any

import strawberry

from .enums import Weekday


@strawberry.type(description="One opening slot of an office (local time, Europe/Berlin).")
class OfficeHours:
    weekday: Weekday = strawberry.field(description="Day of the week.")
    opens: time = strawberry.field(description="Opening time.")
    closes: time = strawberry.field(description="Closing time.")

    @classmethod
    def from_row(cls, row: Any) -> OfficeHours:
        return cls(weekday=Weekday(row.weekday), opens=row.opens, closes=row.closes)
