"""`reportCorrection`: anyone says a field of an object is wrong; it goes to whoever owns it.

A registry object's correction waits in the queue (OPEN) for the regional office of its Land
and national staff. A region-owned group's is never applied by the graph: it is written to the
outbox in the same transaction (PENDING_DELIVERY) and forwarded to the region's own system
through the source protocol (`report_correction`) by the deliverer (DELIVERED).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import corrections as store
from regions.registry.store import outbox
from regions.sources.protocol import SourceUnavailable

from ..errors import BadUserInput, RateLimited
from ..hardening.caller import address_bucket, client_address
from ..ids import decode_id, encode_id, is_number_key
from ..types.correction import Correction
from .base import (
    INPUT,
    Change,
    MutationErrorCode,
    Payload,
    Rejected,
    check_client_mutation_id,
    perform,
    personal,
    problem,
)
from .checks import Checks
from .correction_fields import PERSONAL, REGION_GROUP, REPORTABLE

MAX_VALUE = 2000
MAX_NOTE = 2000


@strawberry.input(description="What is wrong, where.")
class ReportCorrectionInput:
    subject_id: strawberry.ID = strawberry.field(
        description="The object: a Group (the registry's or a region's), ContactPoint, "
        "Organisation or RareConditionSearch."
    )
    field: str = strawberry.field(
        description="The field as the API spells it, e.g. `officePhone`, `meetingNote`."
    )
    proposed_value: str = strawberry.field(description=f"The right value (at most {MAX_VALUE}).")
    note: str | None = strawberry.field(
        default=None, description=f"Anything that helps to check it (at most {MAX_NOTE})."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The correction, OPEN or PENDING_DELIVERY.")
class ReportCorrectionPayload(Payload):
    correction: Correction | None = strawberry.field(
        default=None, description="The correction as recorded (null when refused)."
    )


def _subject(checks: Checks, value: str) -> tuple[str, str, str] | None:
    try:
        gid = decode_id(value, "subjectId")
    except BadUserInput:
        checks.add("subjectId", MutationErrorCode.INVALID, "not a valid id")
        return None
    if gid.type_name not in REPORTABLE:
        checks.add(
            "subjectId",
            MutationErrorCode.INVALID,
            "a Group, ContactPoint, Organisation or RareConditionSearch",
        )
        return None
    return gid.type_name, gid.source, gid.key


def _plausible(type_name: str, source: str, key: str, sources: Any) -> bool:
    """The id can name an object: a registry number, or a group key of a configured region."""
    if source == SOURCE:
        return is_number_key(key)
    return type_name == "Group" and source in sources and sources[source].valid_key(key)


async def _admit(info: Info) -> None:
    """Anonymous callers: the corrections quota per client address (IPv6: per /64)."""
    if not info.context.caller.anonymous:
        return
    quota = getattr(info.context.guard, "corrections", None)
    if quota is None:
        return
    wait = await quota.hit(f"addr:{address_bucket(client_address(info.context))}")
    if wait is not None:
        response = info.context.response
        if response is not None:
            response.headers["Retry-After"] = str(wait)
        raise RateLimited(f"Too many corrections from this address; retry in {wait} s.", wait)


async def _region_group_exists(info: Info, code: str, key: str) -> bool:
    """Asked of the region when it answers; when it is down the correction waits anyway (the
    region refuses an unknown group on delivery: REFUSED)."""
    try:
        found = await info.context.sources[code].by_keys([key])
    except SourceUnavailable:
        return True
    return key in found


@strawberry.type
class ReportCorrection:
    @strawberry.mutation(
        description="Report that a field of an object is wrong. Open to anyone (anonymous "
        "callers: a quota per address). A registry object's correction waits for the "
        "regional office of its Land and national staff (OPEN); a region-owned group's is "
        "forwarded to the region's own system (PENDING_DELIVERY until it has it)."
    )
    async def report_correction(
        self, info: Info, input: Annotated[ReportCorrectionInput, INPUT]
    ) -> ReportCorrectionPayload:
        checks = Checks()
        checks.errors += check_client_mutation_id(input.client_mutation_id)
        subject = _subject(checks, input.subject_id)
        value = checks.text("proposedValue", input.proposed_value, MAX_VALUE, required=True)
        note = checks.text("note", input.note, MAX_NOTE)
        sources = info.context.sources
        if subject is not None:
            type_name, source, key = subject
            regional = source != SOURCE
            if not _plausible(type_name, source, key, sources):
                checks.add("subjectId", MutationErrorCode.UNKNOWN_ID, "no such object")
            allowed = REGION_GROUP if regional else REPORTABLE[type_name]
            if input.field not in allowed:
                names = ", ".join(sorted(allowed))
                checks.add("field", MutationErrorCode.INVALID, f"one of {names}")
        if checks.errors:
            return ReportCorrectionPayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )
        assert subject is not None and value is not None
        type_name, source, key = subject
        regional = source != SOURCE
        await _admit(info)
        if regional and not await _region_group_exists(info, source, key):
            unknown = problem("subjectId", MutationErrorCode.UNKNOWN_ID, "no such group")
            return ReportCorrectionPayload(
                client_mutation_id=input.client_mutation_id, errors=[unknown]
            )
        subject_id = encode_id(type_name, source, key)
        caller = info.context.caller

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            if regional:
                land: str | None = source
            else:
                row = await store.subject(conn, type_name, int(key))
                if row is None:
                    raise Rejected(
                        problem("subjectId", MutationErrorCode.UNKNOWN_ID, "no such object")
                    )
                land = row.region_code
            record: dict[str, Any] = {
                "subject_id": subject_id,
                "subject_type": type_name,
                "source": source,
                "subject_key": key,
                "region_code": land,
                "field": input.field,
                "proposed_value": value,
                "note": note,
                "state": "PENDING_DELIVERY" if regional else "OPEN",
                "version": 1,
                "reported_at": now,
                "reporter_kind": caller.kind.value,
                "reporter_token_id": caller.token_id,
                "request_id": info.context.request_id,
            }
            correction_id = await store.insert_correction(conn, record)
            reference = encode_id("Correction", SOURCE, correction_id)
            fields: dict[str, tuple[Any, Any]] = {
                "subjectId": (None, subject_id),
                "field": (None, input.field),
                "proposedValue": (
                    None,
                    personal(value) if input.field in PERSONAL else value,
                ),
                "state": (None, record["state"]),
            }
            if regional:
                payload = {
                    "group_key": key,
                    "field": REGION_GROUP[input.field],
                    "proposed_value": value,
                    "note": note,
                    "reported_at": now.isoformat(),
                    "reference": reference,
                }
                delivery_key = f"shg-{uuid.uuid4().hex}"
                outbox_id = await outbox.enqueue(
                    conn, source, "report_correction", payload, delivery_key, now
                )
                await store.link_outbox(conn, correction_id, outbox_id)
                fields["outbox"] = (None, delivery_key)
            return Change(reference, "reportCorrection", fields)

        outcome = await perform(info, "reportCorrection", input.client_mutation_id, work, input)
        return ReportCorrectionPayload(
            client_mutation_id=input.client_mutation_id,
            errors=outcome.errors,
            correction=await load(info, outcome.subject_id),
        )


async def load(info: Info, correction_id: str | None) -> Correction | None:
    """The correction as it stands now (a retry answers with the first one's present state)."""
    if correction_id is None:
        return None
    key = int(decode_id(correction_id).key)
    async with info.context.engine.connect() as conn:
        row = await store.correction(conn, key)
    return None if row is None else Correction.from_row(row)
