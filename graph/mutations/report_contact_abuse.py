"""`reportContactAbuse`: the recipient of a mediated mail reports it with the token the mail
carries; the request is marked and its sender blocked from further requests (by the digest of
the address, which is kept in `contact_blocks`, never the address)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import contact_requests as store

from ..ids import encode_id
from .base import INPUT, Change, MutationErrorCode, Payload, Rejected, perform, problem
from .checks import Checks


@strawberry.input(description="The abuse token of a mediated mail.")
class ReportContactAbuseInput:
    token: str = strawberry.field(description="The token the mail names (or its link carries).")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The report, recorded; the sender is blocked.")
class ReportContactAbusePayload(Payload):
    reported: bool = strawberry.field(
        default=False, description="True once the report is recorded and the sender blocked."
    )


@strawberry.type
class ReportContactAbuse:
    @strawberry.mutation(
        description="Report a mediated contact request as abuse (open to anyone holding the "
        "token from the mail): its sender may send no more requests (BLOCKED). A wrong token "
        "is UNKNOWN_ID."
    )
    async def report_contact_abuse(
        self, info: Info, input: Annotated[ReportContactAbuseInput, INPUT]
    ) -> ReportContactAbusePayload:
        checks = Checks()
        token = checks.text("token", input.token, 100, required=True)
        if checks.errors:
            return ReportContactAbusePayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )
        assert token is not None
        digest = hashlib.sha256(token.encode()).hexdigest()

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            row = await store.by_abuse_token(conn, digest)
            if row is None:
                raise Rejected(problem("token", MutationErrorCode.UNKNOWN_ID, "no such token"))
            await store.report_abuse(conn, row, now)
            fields: dict[str, tuple[Any, Any]] = {
                "abuseReportedAt": (row.abuse_reported_at, now),
                "senderBlocked": (None, True),
            }
            subject = encode_id("ContactRequest", SOURCE, row.id)
            return Change(subject, "reportContactAbuse", fields)

        # no query reads contact requests or blocks: the cached answers stay valid
        outcome = await perform(
            info, "reportContactAbuse", input.client_mutation_id, work, input, changes_reads=False
        )
        return ReportContactAbusePayload(
            client_mutation_id=input.client_mutation_id,
            errors=outcome.errors,
            reported=not outcome.errors,
        )
