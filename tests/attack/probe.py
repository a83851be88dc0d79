"""A test-only schema with a mutation, a slow field and a failing field, served by the real app."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import strawberry
from strawberry.types import Info

from graph.hardening.limits import OperationLimits
from graph.masking import LoggingSchema, MaskInternalErrors


@dataclass
class Probe:
    """What the probe's resolvers did, so a test can see whether they ran."""

    mutations: int = 0
    started: int = 0
    cancelled: int = 0
    finished: int = 0
    events: list[str] = field(default_factory=list)


def probe_schema(probe: Probe) -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def hello(self) -> str:
            return "hello"

        @strawberry.field
        async def slow(self, seconds: float) -> str:
            probe.started += 1
            try:
                await asyncio.sleep(seconds)
            except asyncio.CancelledError:
                probe.cancelled += 1
                raise
            probe.finished += 1
            return "done"

        @strawberry.field
        def broken(self, info: Info) -> str:
            raise RuntimeError("secret detail: password=hunter2 at db-3.internal")

    @strawberry.type
    class Mutation:
        @strawberry.mutation
        def bump(self) -> int:
            probe.mutations += 1
            return probe.mutations

    return LoggingSchema(
        query=Query,
        mutation=Mutation,
        extensions=[OperationLimits, MaskInternalErrors],
    )
