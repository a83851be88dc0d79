"""What applying and dismissing a correction share: finding it, who may decide, its version."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import corrections as store

from ..errors import BadUserInput
from ..ids import decode_id, is_number_key
from ..writers import require_any_write, require_write
from .base import Change, MutationError, MutationErrorCode, Outcome, Rejected, perform, problem

Decide = Callable[[AsyncConnection, datetime, Row[Any]], Awaitable[Change]]


def correction_key(value: str, errors: list[MutationError]) -> int | None:
    try:
        gid = decode_id(value, "id")
    except BadUserInput:
        gid = None
    if gid is None or gid.type_name != "Correction" or gid.source != SOURCE:
        errors.append(problem("id", MutationErrorCode.INVALID, "not the id of a Correction"))
        return None
    if not is_number_key(gid.key):
        errors.append(problem("id", MutationErrorCode.UNKNOWN_ID, "no such correction"))
        return None
    return int(gid.key)


async def decide(
    info: Info,
    mutation: str,
    key: int,
    expected_version: int,
    client_mutation_id: str | None,
    work: Decide,
    sent: Any = None,
) -> Outcome:
    """FORBIDDEN unless the caller maintains the object's Land; then, in one transaction: the
    correction must be OPEN at `expectedVersion` (else NOT_ALLOWED_STATE or CONFLICT)."""
    caller = info.context.caller
    require_any_write(caller, "Deciding on a correction")
    async with info.context.engine.connect() as conn:
        found = await store.correction(conn, key)
    if found is not None:
        require_write(caller, found.region_code, "a correction about an object")

    async def run(conn: AsyncConnection, now: datetime) -> Change:
        row = await store.correction(conn, key)
        if row is None:
            raise Rejected(problem("id", MutationErrorCode.UNKNOWN_ID, "no such correction"))
        if row.state != "OPEN":
            raise Rejected(
                problem(
                    "id",
                    MutationErrorCode.NOT_ALLOWED_STATE,
                    f"the correction is {row.state}; only OPEN ones can be decided",
                )
            )
        if row.version != expected_version:
            raise Rejected(
                problem(
                    "expectedVersion",
                    MutationErrorCode.CONFLICT,
                    f"the correction is at version {row.version}",
                )
            )
        return await work(conn, now, row)

    return await perform(info, mutation, client_mutation_id, run, sent)


def decided(caller: Any, now: datetime, state: str, reason: str | None) -> dict[str, Any]:
    return {"state": state, "decided_at": now, "decided_by": caller.subject, "reason": reason}


async def settle(conn: AsyncConnection, row: Row[Any], values: dict[str, Any]) -> None:
    if not await store.decide(conn, row.id, row.version, values):
        raise Rejected(problem("expectedVersion", MutationErrorCode.CONFLICT, "changed meanwhile"))
