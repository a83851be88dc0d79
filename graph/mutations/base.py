"""The one pattern every mutation follows (README, *Writing*).

- `input:` of its own input type; a payload with the changed object, `clientMutationId` and
  `errors { field code message }`: validation problems are data, and nothing is written when
  there are any. GraphQL errors are for authentication and permission only (FORBIDDEN).
- One transaction holds the change and its change-log entry (`perform`): no change without
  its record, no record without its change.
- Updates name the version they read (`expectedVersion`): a stale one is CONFLICT.
- Every committed change that a read can see bumps the registry's version (`source_versions`)
  in its transaction: the response cache (graph/cache/) serves nothing cached before it. A
  write no query reads (a contact request, an abuse report) says so (`changes_reads=False`),
  so that anonymous callers cannot empty everyone's cache by writing.
- A `clientMutationId` is remembered per caller with the answer: a retry gets the first
  answer and writes nothing twice (a unique key, so concurrent retries cannot both write).
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry.store import changes, versions

from ..caller import Caller
from ..hardening.caller import address_bucket, client_address

MAX_CLIENT_MUTATION_ID = 100


@strawberry.enum(description="Why a mutation's input was refused (nothing was written).")
class MutationErrorCode(enum.Enum):
    REQUIRED = strawberry.enum_value("REQUIRED", description="Missing or blank.")
    TOO_LONG = strawberry.enum_value("TOO_LONG", description="Longer than allowed.")
    INVALID = strawberry.enum_value("INVALID", description="Not a valid value for this field.")
    UNKNOWN_ID = strawberry.enum_value("UNKNOWN_ID", description="No such object.")
    CONFLICT = strawberry.enum_value(
        "CONFLICT",
        description="The object changed since it was read (`expectedVersion` is stale): read "
        "it again and decide again.",
    )
    NOT_ALLOWED_STATE = strawberry.enum_value(
        "NOT_ALLOWED_STATE", description="Not possible in the object's present state."
    )
    NO_CONTACT_ROUTE = strawberry.enum_value(
        "NO_CONTACT_ROUTE",
        description="The object offers no mediated contact (`Group.contactRoutes` has no "
        "MEDIATED route; a rare-condition entry is not shown with its person's consent).",
    )
    BLOCKED = strawberry.enum_value(
        "BLOCKED",
        description="The sender's address was reported for abuse: no more contact requests.",
    )
    COVERED_BY_ORGANISATION = strawberry.enum_value(
        "COVERED_BY_ORGANISATION",
        description="A green-list organisation covers this rare condition: the blue list takes "
        "no entry for it; the message (and the payload's `coveredBy`) names where help exists.",
    )


@strawberry.type(description="One problem with a mutation's input; nothing was written.")
class MutationError:
    field: str | None = strawberry.field(
        description="The input field, as a path in the input (`contact.email`); null for the "
        "input as a whole."
    )
    code: MutationErrorCode = strawberry.field(description="What kind of problem.")
    message: str = strawberry.field(description="What is wrong, for people.")


@strawberry.type(description="What every mutation answers besides its object.")
class Payload:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="The `clientMutationId` of the input, returned as sent."
    )
    errors: list[MutationError] = strawberry.field(
        default_factory=list,
        description="Problems with the input; when there are any, nothing was written.",
    )


def problem(field_name: str | None, code: MutationErrorCode, message: str) -> MutationError:
    return MutationError(field=field_name, code=code, message=message)


class Rejected(Exception):
    """Raised inside a mutation's work: roll everything back and answer with these errors."""

    def __init__(self, *errors: MutationError) -> None:
        super().__init__(", ".join(f"{e.field}: {e.code.value}" for e in errors))
        self.errors = list(errors)


@dataclass
class Change:
    """What a mutation's work did: the object (its global id), the action, and each changed
    field's old and new value (personal values are logged as set or cleared, never as text)."""

    subject_id: str
    action: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class Outcome:
    subject_id: str | None
    errors: list[MutationError]
    replayed: bool = False  # a retry: the first run's subject, nothing written now


Work = Callable[[AsyncConnection, datetime], Awaitable[Change]]


def caller_key(info: Info) -> str:
    """Whose idempotency keys these are: the token, or for anonymous callers the address."""
    caller: Caller = info.context.caller
    if not caller.anonymous and caller.token_id:
        return f"token:{caller.token_id}"
    return f"addr:{address_bucket(client_address(info.context))}"


def check_client_mutation_id(value: str | None) -> list[MutationError]:
    if value is not None and len(value) > MAX_CLIENT_MUTATION_ID:
        return [
            problem(
                "clientMutationId",
                MutationErrorCode.TOO_LONG,
                f"at most {MAX_CLIENT_MUTATION_ID} characters",
            )
        ]
    return []


def idempotency_key(info: Info, client_mutation_id: str | None) -> str | None:
    """`clientMutationId`, else the request's `Idempotency-Key` header."""
    if client_mutation_id:
        return client_mutation_id
    request = info.context.request
    header = request.headers.get("idempotency-key") if request is not None else None
    return header[:MAX_CLIENT_MUTATION_ID] if header else None


def fingerprint(sent: Any) -> str:
    """A digest of a mutation's whole input: a retry sends the same input, so it finds the
    first answer; another submission under the same `clientMutationId` (two people behind one
    address whose forms both say "1") does not get someone else's object."""
    data = dataclasses.asdict(sent) if dataclasses.is_dataclass(sent) else sent
    text = json.dumps(data, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


async def perform(
    info: Info,
    mutation: str,
    client_mutation_id: str | None,
    work: Work,
    sent: Any = None,
    changes_reads: bool = True,
) -> Outcome:
    """Run `work` and log its change in one transaction; a retry (the same input and
    `clientMutationId` from the same caller) gets the first answer and writes nothing."""
    context = info.context
    key = f"{caller_key(info)}#{fingerprint(sent)}"
    idempotency = idempotency_key(info, client_mutation_id)
    now = datetime.now(UTC)
    try:
        async with context.engine.begin() as conn:
            if idempotency is not None:
                first = await changes.remembered(conn, key, mutation, idempotency)
                if first is not None:
                    return Outcome(first, [], replayed=True)
            change = await work(conn, now)
            await changes.log_change(conn, log_entry(context, change, now))
            if idempotency is not None:
                await changes.remember(conn, key, mutation, idempotency, change.subject_id, now)
            if changes_reads:
                await versions.bump(conn)  # cached answers of the registry end with this commit
    except Rejected as rejected:
        return Outcome(None, rejected.errors)
    except IntegrityError:
        if idempotency is None:
            raise
        async with context.engine.connect() as conn:  # a concurrent retry won the unique key
            first = await changes.remembered(conn, key, mutation, idempotency)
        if first is None:
            raise
        return Outcome(first, [], replayed=True)
    cache = getattr(context, "response_cache", None)
    if cache is not None and changes_reads:
        cache.written()  # this process reads the new version at once, not after its interval
    return Outcome(change.subject_id, [])


def log_entry(context: Any, change: Change, now: datetime) -> dict[str, Any]:
    caller: Caller = context.caller
    return {
        "at": now,
        "request_id": context.request_id,
        "token_id": caller.token_id,
        "actor": caller.subject,
        "caller_kind": caller.kind.value,
        "purpose": caller.purpose.value if caller.purpose else None,
        "subject_id": change.subject_id,
        "action": change.action,
        "fields": {
            name: {"old": plain(old), "new": plain(new)}
            for name, (old, new) in change.fields.items()
        },
    }


def plain(value: Any) -> Any:
    """A value as the change log's JSON holds it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    try:
        json.dumps(value)
    except TypeError:
        return str(value)
    return value


SET, CLEARED = "<set>", None


def personal(value: Any) -> str | None:
    """How the change log shows a personal value: that it was set, never the value itself."""
    return SET if value else CLEARED


INPUT = strawberry.argument(
    description="What to do; problems are answered in the payload's `errors`, each naming "
    "its input field, and then nothing is written."
)
