"""The state of a region's own source, as the graph sees it in this request."""

from __future__ import annotations

import strawberry

from regions.sources.protocol import SourceStatus as _Status

SourceStatus = strawberry.enum(_Status, description="UP: answers; DOWN: does not answer in time.")


@strawberry.type(description="A region's own data source (its database or its JSON API).")
class RegionSource:
    kind: str = strawberry.field(description="sql (the region's database) or http (its JSON API).")
    status: SourceStatus = strawberry.field(description="Whether it answered a health check now.")
    latency_ms: float | None = strawberry.field(
        description="How long that check took, in milliseconds; null when it is down."
    )
    detail: str | None = strawberry.field(description="Why it is down (timeout, HTTP 500, ...).")
