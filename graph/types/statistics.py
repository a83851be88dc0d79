"""Statistics: counts with small ones suppressed (graph/statistics/control.py)."""

from __future__ import annotations

import strawberry

from ..statistics.control import Published


@strawberry.type(
    description="One count. For callers without the right to exact counts: null with `shown` "
    "'<5' when it is 1 to 4, null with `shown` 'x' when it is suppressed to protect a small "
    "count elsewhere (it could otherwise be recovered by subtraction), and otherwise rounded "
    "to a multiple of 5."
)
class CountCell:
    key: str = strawberry.field(description="What is counted (a Land's code, a format, ...).")
    count: int | None = strawberry.field(description="The count; null when suppressed.")
    shown: str = strawberry.field(description="The count as shown: a number, '<5' or 'x'.")
    suppressed: bool = strawberry.field(description="Whether the count is withheld.")

    @classmethod
    def of(cls, key: str, published: Published) -> CountCell:
        return cls(
            key=key,
            count=published.count,
            shown=published.label,
            suppressed=published.suppressed,
        )


@strawberry.type(description="A breakdown: its cells and their total.")
class CountTable:
    total: CountCell = strawberry.field(description="All counted (key 'total').")
    cells: list[CountCell] = strawberry.field(description="One cell per value, zeros included.")


@strawberry.type(description="Published groups on one topic or a narrower one.")
class TopicGroupCount:
    slug: str = strawberry.field(description="The topic's slug.")
    name: str = strawberry.field(description="The topic's German name.")
    groups: CountCell = strawberry.field(
        description="Published groups carrying the topic or a narrower one (a group can carry "
        "several topics: narrower topics do not add up to it)."
    )
    narrower: list[TopicGroupCount] = strawberry.field(description="The narrower topics.")


@strawberry.type(description="Registrations in one review state, per month.")
class RegistrationRow:
    state: str = strawberry.field(description="The review state (SUBMITTED, PUBLISHED, ...).")
    total: CountCell = strawberry.field(description="In this state, every month.")
    months: list[CountCell] = strawberry.field(description="Per month submitted (YYYY-MM).")


@strawberry.type(description="Online registrations of digital groups by review state and month.")
class RegistrationCounts:
    total: CountCell = strawberry.field(description="Every registration.")
    months: CountTable = strawberry.field(description="Per month submitted, every state.")
    states: list[RegistrationRow] = strawberry.field(description="Per review state.")
