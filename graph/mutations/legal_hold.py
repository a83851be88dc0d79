"""`setLegalHold` and `clearLegalHold`: national staff keep a record beyond its retention
period while a protectable interest is being clarified; `shg retention run` deletes nothing
held. Both are change-logged like every mutation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import holds as store

from ..auth.scopes import REGISTRY_WRITE
from ..errors import Forbidden
from ..ids import decode_id, encode_id
from ..writers import national
from .base import (
    INPUT,
    Change,
    MutationErrorCode,
    Payload,
    Rejected,
    check_client_mutation_id,
    perform,
    problem,
)

# which record a global id names: the type retention deletes by, and its key
KINDS = {
    "RareConditionSearch": "RareConditionSearch",
    "RareConditionSubmission": "RareConditionSearch",
    "Group": "Group",
    "GroupRegistration": "Group",
    "Correction": "Correction",
}


@strawberry.input(description="The record to hold, and why.")
class SetLegalHoldInput:
    subject_id: strawberry.ID = strawberry.field(
        description="A RareConditionSearch or RareConditionSubmission, Group or "
        "GroupRegistration (registry), or Correction."
    )
    reason: str = strawberry.field(description="Why it must be kept (at most 1000).")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.input(description="The record whose hold ends.")
class ClearLegalHoldInput:
    subject_id: strawberry.ID = strawberry.field(description="The record held.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="Whether the record is held now.")
class LegalHoldPayload(Payload):
    held: bool | None = strawberry.field(default=None, description="Held now; null on errors.")


def _subject(value: str, errors: list) -> tuple[str, int] | None:  # type: ignore[type-arg]
    try:
        gid = decode_id(value)
    except Exception:
        gid = None
    kind = KINDS.get(gid.type_name) if gid is not None else None
    if gid is None or kind is None or gid.source != SOURCE or not gid.key.isdigit():
        errors.append(
            problem(
                "subjectId", MutationErrorCode.INVALID, "not a registry record that can be held"
            )
        )
        return None
    return kind, int(gid.key)


def _require(info: Info) -> None:
    if not national(info.context.caller):
        raise Forbidden(
            f"A legal hold needs a token with scope '{REGISTRY_WRITE}'.", REGISTRY_WRITE
        )


@strawberry.type
class LegalHoldMutations:
    @strawberry.mutation(
        description="Hold a record: retention deletes nothing of it (nor the log rows naming "
        "this id) until the hold is cleared. Needs `registry:write` (national staff)."
    )
    async def set_legal_hold(
        self, info: Info, input: Annotated[SetLegalHoldInput, INPUT]
    ) -> LegalHoldPayload:
        _require(info)
        errors = check_client_mutation_id(input.client_mutation_id)
        subject = _subject(input.subject_id, errors)
        reason = input.reason.strip()
        if not reason:
            errors.append(problem("reason", MutationErrorCode.REQUIRED, "say why"))
        elif len(reason) > 1000:
            errors.append(problem("reason", MutationErrorCode.TOO_LONG, "at most 1000"))
        if errors or subject is None:
            return LegalHoldPayload(client_mutation_id=input.client_mutation_id, errors=errors)
        kind, key = subject
        caller = info.context.caller

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            if not await store.exists_record(conn, kind, key):
                raise Rejected(problem("subjectId", MutationErrorCode.UNKNOWN_ID, "no such record"))
            if await store.active(conn, kind, key) is not None:
                raise Rejected(
                    problem(None, MutationErrorCode.NOT_ALLOWED_STATE, "the record is held already")
                )
            await store.set_hold(
                conn,
                {
                    "subject_type": kind,
                    "subject_key": key,
                    "subject_id": str(input.subject_id),
                    "reason": reason,
                    "set_at": now,
                    "set_by": caller.subject,
                },
            )
            fields = {"legalHold": (False, True), "reason": (None, reason)}
            return Change(encode_id(kind, SOURCE, key), "setLegalHold", fields)

        outcome = await perform(info, "setLegalHold", input.client_mutation_id, work, input)
        return LegalHoldPayload(
            client_mutation_id=input.client_mutation_id,
            errors=outcome.errors,
            held=None if outcome.errors else True,
        )

    @strawberry.mutation(
        description="End a record's legal hold: retention deletes it when its period is over. "
        "Needs `registry:write` (national staff)."
    )
    async def clear_legal_hold(
        self, info: Info, input: Annotated[ClearLegalHoldInput, INPUT]
    ) -> LegalHoldPayload:
        _require(info)
        errors = check_client_mutation_id(input.client_mutation_id)
        subject = _subject(input.subject_id, errors)
        if errors or subject is None:
            return LegalHoldPayload(client_mutation_id=input.client_mutation_id, errors=errors)
        kind, key = subject
        caller = info.context.caller

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            hold = await store.active(conn, kind, key)
            if hold is None:
                raise Rejected(
                    problem(None, MutationErrorCode.NOT_ALLOWED_STATE, "the record is not held")
                )
            await store.clear(conn, hold.id, now, caller.subject)
            fields = {"legalHold": (True, False)}
            return Change(encode_id(kind, SOURCE, key), "clearLegalHold", fields)

        outcome = await perform(info, "clearLegalHold", input.client_mutation_id, work, input)
        return LegalHoldPayload(
            client_mutation_id=input.client_mutation_id,
            errors=outcome.errors,
            held=None if outcome.errors else False,
        )
