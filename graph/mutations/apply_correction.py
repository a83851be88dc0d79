"""`applyCorrection`: the office of the object's Land or national staff applies a correction.

The proposed value (or the `value` the decider corrected it to) is written into the object's
field, checked like any input, in one transaction with the correction's new state and two
change-log entries: the object's field (old and new value) and the correction's state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import changes
from regions.registry.store import corrections as store
from regions.registry.store.documents import INDEXES, refresh

from ..ids import encode_id
from ..types.correction import Correction
from .base import (
    INPUT,
    Change,
    MutationErrorCode,
    Payload,
    Rejected,
    check_client_mutation_id,
    log_entry,
    problem,
)
from .checks import Checks
from .correction_decision import correction_key, decide, decided, settle
from .correction_fields import APPLIED
from .report_correction import load

SEARCHED = frozenset({"name", "description", "city", "carrier"})


@strawberry.input(description="Which correction, at which version; optionally a better value.")
class ApplyCorrectionInput:
    id: strawberry.ID = strawberry.field(description="The correction.")
    expected_version: int = strawberry.field(description="The correction's version read.")
    value: str | None = strawberry.field(
        default=None,
        description="Apply this instead of the proposed value (e.g. a typo fixed); checked "
        "like the field's own input.",
    )
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The correction, now APPLIED.")
class ApplyCorrectionPayload(Payload):
    correction: Correction | None = strawberry.field(default=None, description="It, as now.")


@strawberry.type
class ApplyCorrection:
    @strawberry.mutation(
        description="Apply an OPEN correction of a registry object: its field gets the "
        "proposed value. Only plain fields are applied (see the README); others are changed "
        "with the update mutations and the correction dismissed. Needs `region:<Land>:write` "
        "for the object's Land or `registry:write`."
    )
    async def apply_correction(
        self, info: Info, input: Annotated[ApplyCorrectionInput, INPUT]
    ) -> ApplyCorrectionPayload:
        checks = Checks()
        checks.errors += check_client_mutation_id(input.client_mutation_id)
        key = correction_key(input.id, checks.errors)
        if checks.errors or key is None:
            return ApplyCorrectionPayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )
        context = info.context
        caller = context.caller

        async def work(conn: AsyncConnection, now: datetime, row: Row[Any]) -> Change:
            applied = APPLIED.get(row.subject_type, {}).get(row.field)
            if row.source != SOURCE or applied is None:
                raise Rejected(
                    problem(
                        "id",
                        MutationErrorCode.NOT_ALLOWED_STATE,
                        f"{row.subject_type}.{row.field} is not applied automatically: change "
                        "it with the update mutation and dismiss the correction",
                    )
                )
            given = input.value if input.value is not None else row.proposed_value
            field_name = "value" if input.value is not None else "proposedValue"
            value_checks = Checks()
            value = applied.parse(value_checks, field_name, given)
            if value_checks.errors:
                raise Rejected(*value_checks.errors)
            target = await store.subject(conn, row.subject_type, int(row.subject_key))
            if target is None:
                raise Rejected(problem("id", MutationErrorCode.UNKNOWN_ID, "the object is gone"))
            old = getattr(target, applied.column)
            bookkeeping: dict[str, Any] = {"updated_at": now}
            table = store.TABLES[row.subject_type]
            if "version" in table.c:
                bookkeeping["version"] = table.c.version + 1
            await store.apply_value(
                conn, row.subject_type, target.id, applied.column, value, bookkeeping
            )
            if row.subject_type in INDEXES and applied.column in SEARCHED:
                await refresh(conn, row.subject_type, target.id)
            reference = encode_id("Correction", SOURCE, row.id)
            object_change = Change(
                row.subject_id,
                "applyCorrection",
                {row.field: (old, value), "correction": (None, reference)},
            )
            await changes.log_change(conn, log_entry(context, object_change, now))
            await settle(conn, row, decided(caller, now, "APPLIED", None))
            return Change(reference, "applyCorrection", {"state": ("OPEN", "APPLIED")})

        outcome = await decide(
            info,
            "applyCorrection",
            key,
            input.expected_version,
            input.client_mutation_id,
            work,
            input,
        )
        return ApplyCorrectionPayload(
            client_mutation_id=input.client_mutation_id,
            errors=outcome.errors,
            correction=await load(info, outcome.subject_id),
        )
