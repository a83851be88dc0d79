"""`eraseSubject`: delete one person's data in the registry, for real, and forward the erasure
to every region through the outbox (GDPR art. 17).

In one transaction: the registry's records about the person (regions.registry.store.subjects:
rare-condition entries whole with their search documents, contact persons, staff, corrections
naming them, corrections of their erased entries), one outbox row per region (operation
`erase_subject`, the identifiers, delivery key `erase:<erasure>:<region>`), and the change-log
entry (counts per kind, which identifiers were given, the reason; never the identifiers). Then
each region's row is delivered at once; a region that is down keeps its row pending and the
deliverer sends it when the region is back, once (the delivery key). A settled row keeps the
region's counts, not the person. A retry with the same `clientMutationId` answers the first
erasure, as it stands now, and deletes nothing twice.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.permission import PermissionExtension
from strawberry.types import Info

from regions.registry import SOURCE, delivery
from regions.registry.store import changes, outbox, subjects
from regions.sources.subjects import BadIdentifier, SubjectMatch

from ..auth.scopes import SUBJECT_ERASE
from ..ids import decode_id, encode_id
from ..permissions import StaffWithScope
from .base import (
    INPUT,
    Change,
    MutationErrorCode,
    Payload,
    check_client_mutation_id,
    perform,
    problem,
)
from .checks import Checks

TYPE = "SubjectErasure"
ACTION = "eraseSubject"


@strawberry.enum(description="Where an erasure stands in one source.")
class ErasureState(enum.Enum):
    DELETED = strawberry.enum_value("DELETED", description="Done: the counts say what went.")
    PENDING = strawberry.enum_value(
        "PENDING",
        description="The region could not be reached yet; the outbox sends it when it is back.",
    )
    REFUSED = strawberry.enum_value(
        "REFUSED", description="The region answered no (see `lastError`); not retried."
    )


@strawberry.type(description="How many records of one kind were deleted.")
class DeletedCount:
    kind: str = strawberry.field(
        description="The kind of record (`rare_condition_entry`, `group_contact`, "
        "`organisation_contact`, `contact_point_staff`, `correction`)."
    )
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="The erasure in one source: the registry or one region.")
class ErasureOutcome:
    source: str = strawberry.field(description="`nakos` (the registry) or the region's code.")
    state: ErasureState = strawberry.field(description="Deleted, pending or refused.")
    deleted: list[DeletedCount] = strawberry.field(
        description="What was deleted, per kind (empty while pending)."
    )
    attempts: int = strawberry.field(description="Deliveries tried (0 for the registry).")
    last_error: str | None = strawberry.field(description="Why the last delivery failed.")


@strawberry.type(description="One erasure of a person's data, across every source.")
class SubjectErasure:
    id: strawberry.ID = strawberry.field(description="The erasure (its change-log subject).")
    erased_at: datetime = strawberry.field(description="When the registry's part was done.")
    registry: ErasureOutcome = strawberry.field(description="The registry's part.")
    regions: list[ErasureOutcome] = strawberry.field(description="Each region's part.")
    complete: bool = strawberry.field(description="Every source has deleted its part.")


@strawberry.input(description="Whose data to erase (at least one identifier), and why.")
class EraseSubjectInput:
    email: str | None = strawberry.field(default=None, description="The person's email.")
    phone: str | None = strawberry.field(default=None, description="The person's phone.")
    name: str | None = strawberry.field(default=None, description="The person's full name.")
    reason: str = strawberry.field(
        description="Why (the request it answers, e.g. 'Antrag Art. 17 vom 30.11.'; at most "
        "500 characters; logged)."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The erasure, per source.")
class EraseSubjectPayload(Payload):
    erasure: SubjectErasure | None = strawberry.field(
        default=None, description="What was deleted where, and what is pending."
    )


def counts(deleted: dict[str, Any]) -> list[DeletedCount]:
    return [DeletedCount(kind=kind, count=int(n)) for kind, n in deleted.items()]


def region_outcome(row: Any) -> ErasureOutcome:
    payload = row.payload or {}
    if row.delivered_at is not None:
        state, deleted = ErasureState.DELETED, counts(payload.get("deleted") or {})
    elif row.failed_at is not None:
        state, deleted = ErasureState.REFUSED, []
    else:
        state, deleted = ErasureState.PENDING, []
    return ErasureOutcome(
        source=row.region,
        state=state,
        deleted=deleted,
        attempts=row.attempts,
        last_error=row.last_error,
    )


async def load(info: Info, subject_id: str | None) -> SubjectErasure | None:
    """The erasure as it stands now: its change-log entry and its outbox rows."""
    if subject_id is None:
        return None
    engine = info.context.engine
    async with engine.connect() as conn:
        stmt = changes.change_log_query(changes.ChangeFilter(subject_ids=(subject_id,)))
        entry = (await conn.execute(stmt.order_by(changes.change_log.c.id))).first()
    if entry is None:
        return None
    fields = entry.fields
    deleted = {
        name.split(".", 1)[1]: value["old"]
        for name, value in fields.items()
        if name.startswith("deleted.")
    }
    erasure = decode_id(subject_id).key
    keys = [delivery_key(erasure, code) for code in fields.get("regions", {}).get("new") or []]
    rows = await outbox.by_keys(engine, keys)
    regions = [region_outcome(row) for row in rows]
    return SubjectErasure(
        id=strawberry.ID(subject_id),
        erased_at=entry.at,
        registry=ErasureOutcome(
            source=SOURCE,
            state=ErasureState.DELETED,
            deleted=counts(deleted),
            attempts=0,
            last_error=None,
        ),
        regions=regions,
        complete=all(r.state is ErasureState.DELETED for r in regions),
    )


def delivery_key(erasure: str, region: str) -> str:
    return f"erase:{erasure}:{region}"


@strawberry.type
class EraseSubject:
    @strawberry.mutation(
        description="Erase a person's data (GDPR art. 17) in the registry, for real, and in "
        "every region (through the outbox when a region is down). Matching as in "
        "`subjectAccess`: exact after normalising; a record is erased when one identifier "
        "given matches it and none contradicts it, so another person's data is never touched. "
        "The disclosure audit and the change log are kept (they hold no personal values). "
        f"National staff with scope `{SUBJECT_ERASE}` only.",
        extensions=[PermissionExtension([StaffWithScope(SUBJECT_ERASE)])],
    )
    async def erase_subject(
        self, info: Info, input: Annotated[EraseSubjectInput, INPUT]
    ) -> EraseSubjectPayload:
        checks = Checks()
        checks.errors += check_client_mutation_id(input.client_mutation_id)
        reason = checks.text("reason", input.reason, 500, required=True)
        match = None
        try:
            match = SubjectMatch.parse(input.email, input.phone, input.name)
        except BadIdentifier as exc:
            checks.errors.append(problem(exc.field, MutationErrorCode.INVALID, exc.reason))
        if checks.errors or match is None:
            return EraseSubjectPayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )
        context = info.context
        codes = list(context.sources)
        erasure = uuid.uuid4().hex
        subject_id = encode_id(TYPE, SOURCE, erasure)
        owed: list[str] = []

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            found = [
                r for r in await subjects.records(conn, match) if r.kind != "pending_region_erasure"
            ]
            erased = await subjects.erase(conn, found)
            about = [encode_id("RareConditionSearch", SOURCE, key) for key in erased.rare_entries]
            named = {int(r.key) for r in found if r.kind == "correction"}
            extra = [i for i in await subjects.corrections_about(conn, about) if i not in named]
            erased.deleted["correction"] += await subjects.delete_corrections(conn, extra)
            payload = {"erasure": erasure, "match": match.as_dict()}
            for code in codes:
                key = delivery_key(erasure, code)
                await outbox.enqueue(conn, code, delivery.ERASE, payload, key, now)
                owed.append(key)
            fields: dict[str, tuple[Any, Any]] = {
                f"deleted.{kind}": (n, 0) for kind, n in erased.deleted.items()
            }
            given = [name for name, value in match.as_dict().items() if value is not None]
            fields["identifiers"] = (None, given)
            fields["reason"] = (None, reason)
            fields["regions"] = (None, codes)
            return Change(subject_id, ACTION, fields)

        outcome = await perform(info, ACTION, input.client_mutation_id, work, input)
        if outcome.errors:
            return EraseSubjectPayload(
                client_mutation_id=input.client_mutation_id, errors=outcome.errors
            )
        if owed and not outcome.replayed:
            rows = await outbox.by_keys(context.engine, owed)
            await delivery.deliver_once(
                context.engine, context.sources, everything=True, ids=[row.id for row in rows]
            )
        return EraseSubjectPayload(
            client_mutation_id=input.client_mutation_id,
            erasure=await load(info, outcome.subject_id),
        )
