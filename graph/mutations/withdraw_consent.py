"""`withdrawConsent`: national staff record a withdrawal the person made by paper, phone or email.

Effective from the next request: the access rules read consent from the records in the
statement that reads the entry. The records stay, with the time and channel of withdrawal, and
the change log says which scopes were withdrawn.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import models as m
from regions.registry.store import consents as store
from regions.registry.store import rare_conditions as rare_store

from ..auth.scopes import REGISTRY_WRITE
from ..errors import Forbidden
from ..types.consent import ConsentChannel, ConsentScope
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
from .maintenance import registry_key, subject_id

STAFF_CHANNELS = (ConsentChannel.PAPER, ConsentChannel.PHONE, ConsentChannel.EMAIL)


@strawberry.input(description="Whose consent, which scopes, and how the withdrawal came in.")
class WithdrawConsentInput:
    subject_id: strawberry.ID = strawberry.field(description="The RareConditionSearch.")
    scopes: list[ConsentScope] = strawberry.field(description="The scopes withdrawn.")
    channel: ConsentChannel = strawberry.field(description="PAPER, PHONE or EMAIL.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="Which consents were withdrawn.")
class WithdrawConsentPayload(Payload):
    withdrawn: list[ConsentScope] = strawberry.field(
        default_factory=list, description="The scopes that were in force and are withdrawn now."
    )


@strawberry.type
class WithdrawConsent:
    @strawberry.mutation(
        description="Record that a person withdrew consents (received by paper, phone or "
        "email); effective from the next request. Needs `registry:write` (national staff). "
        "Nothing in force for those scopes: NOT_ALLOWED_STATE."
    )
    async def withdraw_consent(
        self, info: Info, input: Annotated[WithdrawConsentInput, INPUT]
    ) -> WithdrawConsentPayload:
        if not national(info.context.caller):
            raise Forbidden(
                f"Recording a withdrawal needs a token with scope '{REGISTRY_WRITE}'.",
                REGISTRY_WRITE,
            )
        errors = check_client_mutation_id(input.client_mutation_id)
        key = registry_key(input.subject_id, "RareConditionSearch", errors)
        if not input.scopes:
            errors.append(problem("scopes", MutationErrorCode.REQUIRED, "name a scope"))
        if input.channel not in STAFF_CHANNELS:
            errors.append(problem("channel", MutationErrorCode.INVALID, "PAPER, PHONE or EMAIL"))
        if errors or key is None:
            return WithdrawConsentPayload(
                client_mutation_id=input.client_mutation_id, errors=errors
            )
        scopes = [m.ConsentScope(s.value) for s in input.scopes]
        withdrawn: list[m.ConsentScope] = []

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            searches = rare_store.searches
            found = await conn.execute(select(searches.c.id).where(searches.c.id == key))
            if found.first() is None:
                raise Rejected(problem("subjectId", MutationErrorCode.UNKNOWN_ID, "no such entry"))
            channel = m.ConsentChannel(input.channel.value)
            done = await store.withdraw(conn, rare_store.ENTRY, key, scopes, now, channel)
            if not done:
                raise Rejected(
                    problem(
                        "scopes",
                        MutationErrorCode.NOT_ALLOWED_STATE,
                        "no consent of these scopes is in force",
                    )
                )
            withdrawn.extend(done)
            fields = {f"consent.{s.value}": ("GIVEN", "WITHDRAWN") for s in done}
            fields["withdrawalChannel"] = (None, channel.value)
            return Change(subject_id("RareConditionSearch", key), "withdrawConsent", fields)

        outcome = await perform(info, "withdrawConsent", input.client_mutation_id, work, sent=input)
        return WithdrawConsentPayload(
            client_mutation_id=input.client_mutation_id,
            errors=outcome.errors,
            withdrawn=[ConsentScope(s.value) for s in withdrawn],
        )
