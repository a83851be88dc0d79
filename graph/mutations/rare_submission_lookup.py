"""What the rare-condition self-service mutations share: the submission's key, reading it
back, the management key, and one state transition (state, version, update, change record) —
the same steps as the group registrations' (registration_lookup.py)."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Collection, Mapping
from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry.store import rare_entries as store
from regions.sources.vocabulary import ReviewState

from ..ids import decode_id
from ..types.rare_submission import RareConditionSubmission, submission_id
from .base import Change, MutationErrorCode, Outcome, Payload, Rejected, perform, problem
from .registration_lookup import management_key_hash


@strawberry.type(description="A rare-condition submission after a change.")
class RareConditionSubmissionPayload(Payload):
    submission: RareConditionSubmission | None = strawberry.field(
        default=None, description="The submission as it is now; null on errors."
    )


def submission_key(value: str) -> int | None:
    """The key of a RareConditionSubmission id; None for anything else (UNKNOWN_ID)."""
    try:
        gid = decode_id(value)
    except Exception:
        return None
    if gid.type_name != "RareConditionSubmission" or not gid.key.isascii():
        return None
    return int(gid.key) if gid.key.isdigit() and len(gid.key) <= 18 else None


async def load_submission(info: Info, subject_id: str | None) -> RareConditionSubmission | None:
    key = submission_key(subject_id or "")
    if key is None:
        return None
    async with info.context.engine.connect() as conn:
        row = await store.entry(conn, key)
    return None if row is None else RareConditionSubmission.from_row(row)


def key_matches(row: Any, management_key: str) -> bool:
    """Constant-time comparison of the key's hash; a withdrawn entry has no key any more."""
    stored = row.management_key_hash or ""
    return bool(stored) and hmac.compare_digest(stored, management_key_hash(management_key))


Values = Callable[[Any, datetime], Mapping[str, Any]]
After = Callable[[AsyncConnection, int, Any, datetime], Awaitable[dict[str, tuple[Any, Any]]]]


async def transition(
    info: Info,
    *,
    mutation: str,
    submission: str,
    expected_version: int | None,
    client_mutation_id: str | None,
    allowed: Collection[ReviewState],
    values: Values,
    authorise: Callable[[Any], bool] | None = None,
    after: After | None = None,
    problems: list[Any] | None = None,
    sent: Any = None,
) -> RareConditionSubmissionPayload:
    """Change one submission in one transaction with its change-log entry. A wrong management
    key reads as an unknown id (it tells nothing about which ids exist)."""
    cmid = client_mutation_id
    if problems:
        return RareConditionSubmissionPayload(client_mutation_id=cmid, errors=problems)
    key = submission_key(submission)

    async def work(conn: AsyncConnection, now: datetime) -> Change:
        row = None if key is None else await store.entry(conn, key)
        if row is None or (authorise is not None and not authorise(row)):
            raise Rejected(problem("id", MutationErrorCode.UNKNOWN_ID, "no such submission"))
        assert key is not None
        if expected_version is not None and row.version != expected_version:
            raise Rejected(
                problem(
                    "expectedVersion",
                    MutationErrorCode.CONFLICT,
                    f"the submission changed since it was read (it is at version {row.version})",
                )
            )
        if row.review_state not in allowed:
            names = ", ".join(sorted(s.value for s in allowed))
            raise Rejected(
                problem(
                    None,
                    MutationErrorCode.NOT_ALLOWED_STATE,
                    f"the submission is {row.review_state.value}; this needs {names}",
                )
            )
        changed = dict(values(row, now))
        if not await store.update_entry(conn, key, row.version, changed):
            raise Rejected(
                problem("expectedVersion", MutationErrorCode.CONFLICT, "changed meanwhile")
            )
        fields = {
            name: (getattr(row, name), value)
            for name, value in changed.items()
            if name not in ("updated_at", "management_key_hash") and getattr(row, name) != value
        }
        if after is not None:
            fields |= await after(conn, key, row, now)
        fields["version"] = (row.version, row.version + 1)
        return Change(submission_id(key), mutation, fields)

    outcome: Outcome = await perform(info, mutation, cmid, work, sent)
    if outcome.errors:
        return RareConditionSubmissionPayload(client_mutation_id=cmid, errors=outcome.errors)
    return RareConditionSubmissionPayload(
        client_mutation_id=cmid, submission=await load_submission(info, outcome.subject_id)
    )
