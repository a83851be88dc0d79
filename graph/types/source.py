"""The state of a region's own source, as the graph sees it in this request."""

from __future__ import annotations

import enum

import strawberry

from regions.sources.protocol import SourceStatus as _Status

from .enums import described

SourceStatus = described(
    _Status,
    "UP: answers; DOWN: does not answer in time.",
    {
        "UP": "Answered the health check in time.",
        "DOWN": "Did not answer in time, or answered with an error.",
    },
)


@strawberry.enum(description="How the graph reads a region's source.")
class SourceKind(enum.Enum):
    SQL = strawberry.enum_value("sql", description="The region's own database, read with SQL.")
    HTTP = strawberry.enum_value("http", description="The region's JSON API, over HTTP.")


@strawberry.type(description="A region's own data source (its database or its JSON API).")
class RegionSource:
    kind: SourceKind = strawberry.field(description="How the graph reads the source.")
    status: SourceStatus = strawberry.field(description="Whether it answered a health check now.")
    latency_ms: float | None = strawberry.field(
        description="How long that check took, in milliseconds; null when it is down."
    )
    detail: str | None = strawberry.field(description="Why it is down (timeout, HTTP 500, ...).")
