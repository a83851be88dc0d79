"""When and how a group meets, and how accessible it is."""

from __future__ import annotations

from datetime import time

import strawberry


@strawberry.type(description="A group's meeting rhythm.")
class Meeting:
    rule: str | None = strawberry.field(
        description="Recurrence as an RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU."
    )
    time: time | None = strawberry.field(description="Start time, local (Europe/Berlin).")
    note: str | None = strawberry.field(
        description="The rhythm in words, e.g. 'jeden 2. Dienstag im Monat, 19:00 Uhr'."
    )


@strawberry.type(description="Accessibility of a group's meetings.")
class Accessibility:
    wheelchair_accessible: bool | None = strawberry.field(
        description="Meeting place is step-free; null where unknown or not applicable."
    )
    note: str | None = strawberry.field(description="Further hints, in German.")
