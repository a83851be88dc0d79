"""`dismissCorrection`: the office of the object's Land or national staff says no, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE

from ..ids import encode_id
from ..types.correction import Correction
from .base import INPUT, Change, Payload, check_client_mutation_id
from .checks import Checks
from .correction_decision import correction_key, decide, decided, settle
from .report_correction import load


@strawberry.input(description="Which correction, at which version, and why not.")
class DismissCorrectionInput:
    id: strawberry.ID = strawberry.field(description="The correction.")
    expected_version: int = strawberry.field(description="The version read.")
    reason: str = strawberry.field(description="Why it is dismissed (at most 1000).")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The correction, now DISMISSED.")
class DismissCorrectionPayload(Payload):
    correction: Correction | None = strawberry.field(default=None, description="It, as now.")


@strawberry.type
class DismissCorrection:
    @strawberry.mutation(
        description="Dismiss an OPEN correction with a reason. Needs `region:<Land>:write` for "
        "the object's Land or `registry:write` (nationwide objects: `registry:write`)."
    )
    async def dismiss_correction(
        self, info: Info, input: Annotated[DismissCorrectionInput, INPUT]
    ) -> DismissCorrectionPayload:
        checks = Checks()
        checks.errors += check_client_mutation_id(input.client_mutation_id)
        key = correction_key(input.id, checks.errors)
        reason = checks.text("reason", input.reason, 1000, required=True)
        if checks.errors or key is None:
            return DismissCorrectionPayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )
        caller = info.context.caller

        async def work(conn: AsyncConnection, now: datetime, row: Row[Any]) -> Change:
            await settle(conn, row, decided(caller, now, "DISMISSED", reason))
            fields = {"state": ("OPEN", "DISMISSED"), "reason": (None, reason)}
            return Change(encode_id("Correction", SOURCE, row.id), "dismissCorrection", fields)

        outcome = await decide(
            info,
            "dismissCorrection",
            key,
            input.expected_version,
            input.client_mutation_id,
            work,
            input,
        )
        return DismissCorrectionPayload(
            client_mutation_id=input.client_mutation_id,
            errors=outcome.errors,
            correction=await load(info, outcome.subject_id),
        )
