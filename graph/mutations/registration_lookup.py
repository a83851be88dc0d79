"""What the registration mutations share: reading a registration back, checking a management
key, and one state transition (state check, version check, update, change record)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable, Collection, Mapping
from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry.store import registrations as store
from regions.sources.vocabulary import ReviewState

from ..ids import decode_id
from ..types.registration import GroupRegistration, registration_id
from .base import Change, MutationErrorCode, Outcome, Payload, Rejected, perform, problem


@strawberry.type(description="A registration after a change of its review.")
class RegistrationPayload(Payload):
    registration: GroupRegistration | None = strawberry.field(
        default=None, description="The registration as it is now; null on errors."
    )


def registration_key(value: str) -> int | None:
    """The key of a GroupRegistration id; None for anything else (answered as UNKNOWN_ID)."""
    try:
        gid = decode_id(value)
    except Exception:
        return None
    if gid.type_name != "GroupRegistration" or not gid.key.isascii() or not gid.key.isdigit():
        return None
    return int(gid.key) if len(gid.key) <= 18 else None


async def load_registration(info: Info, subject_id: str | None) -> GroupRegistration | None:
    key = registration_key(subject_id or "")
    if key is None:
        return None
    async with info.context.engine.connect() as conn:
        row = await store.registration(conn, key)
    return None if row is None else GroupRegistration.from_row(row)


def management_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(row: Any, management_key: str) -> bool:
    return hmac.compare_digest(row.management_key_hash, management_key_hash(management_key))


Values = Callable[[Any, datetime], Mapping[str, Any]]


async def transition(
    info: Info,
    *,
    mutation: str,
    registration: str,
    expected_version: int | None,
    client_mutation_id: str | None,
    allowed: Collection[ReviewState],
    group: Values,
    details: Values,
    authorise: Callable[[Any], bool] | None = None,
    after: Callable[[AsyncConnection, int, Any], Awaitable[None]] | None = None,
    problems: list[Any] | None = None,
    sent: Any = None,
) -> RegistrationPayload:
    """Change one registration in one transaction with its change-log entry."""
    cmid = client_mutation_id
    if problems:
        return RegistrationPayload(client_mutation_id=cmid, errors=problems)
    key = registration_key(registration)

    async def work(conn: AsyncConnection, now: datetime) -> Change:
        row = None if key is None else await store.registration(conn, key)
        if row is None or (authorise is not None and not authorise(row)):
            raise Rejected(problem("id", MutationErrorCode.UNKNOWN_ID, "no such registration"))
        assert key is not None
        if expected_version is not None and row.version != expected_version:
            raise Rejected(_conflict(row.version))
        if row.review_state not in allowed:
            names = ", ".join(sorted(s.value for s in allowed))
            raise Rejected(
                problem(
                    None,
                    MutationErrorCode.NOT_ALLOWED_STATE,
                    f"the registration is {row.review_state.value}; this needs {names}",
                )
            )
        group_values = {**group(row, now), "updated_at": now}
        detail_values = dict(details(row, now))
        if not await store.update_registration(conn, key, row.version, group_values, detail_values):
            raise Rejected(_conflict(None))
        if after is not None:
            await after(conn, key, row)
        fields = {
            name: (getattr(row, name), value)
            for name, value in {**group_values, **detail_values}.items()
            if name != "updated_at" and getattr(row, name) != value
        }
        fields["version"] = (row.version, row.version + 1)
        return Change(registration_id(key), mutation, fields)

    outcome: Outcome = await perform(info, mutation, cmid, work, sent)
    if outcome.errors:
        return RegistrationPayload(client_mutation_id=cmid, errors=outcome.errors)
    return RegistrationPayload(
        client_mutation_id=cmid, registration=await load_registration(info, outcome.subject_id)
    )


def _conflict(version: int | None) -> Any:
    now = f" (it is at version {version})" if version is not None else ""
    return problem(
        "expectedVersion",
        MutationErrorCode.CONFLICT,
        f"the registration changed since it was read{now}; read it again",
    )
