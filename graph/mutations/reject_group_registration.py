"""`rejectGroupRegistration`: the group does not meet the admission criteria; it stays out of
every public list, and the reason is kept."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.permission import PermissionExtension
from strawberry.types import Info

from regions.sources.vocabulary import ReviewState

from ..auth.scopes import REGISTRY_REVIEW
from ..permissions import HasScope
from .base import INPUT, check_client_mutation_id
from .checks import Checks
from .registration_lookup import RegistrationPayload, transition

REASON = 2000


@strawberry.input(description="Which registration, at which version, and why.")
class RejectGroupRegistrationInput:
    id: strawberry.ID = strawberry.field(description="The registration.")
    expected_version: int = strawberry.field(description="The version read.")
    reason: str = strawberry.field(description="Why, for the group; at most 2000 characters.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The registration, REJECTED.")
class RejectGroupRegistrationPayload(RegistrationPayload):
    pass


@strawberry.type
class RejectGroupRegistration:
    @strawberry.mutation(
        description="Reject a SUBMITTED or IN_REVIEW registration, with the reason. Needs "
        "scope `registry:review`.",
        extensions=[PermissionExtension([HasScope(REGISTRY_REVIEW)])],
    )
    async def reject_group_registration(
        self, info: Info, input: Annotated[RejectGroupRegistrationInput, INPUT]
    ) -> RejectGroupRegistrationPayload:
        checks = Checks()
        reason = checks.text("reason", input.reason, REASON, required=True)
        result = await transition(
            info,
            mutation="rejectGroupRegistration",
            registration=input.id,
            expected_version=input.expected_version,
            client_mutation_id=input.client_mutation_id,
            allowed={ReviewState.SUBMITTED, ReviewState.IN_REVIEW},
            group=lambda row, now: {"review_state": ReviewState.REJECTED},
            details=lambda row, now: {"reject_reason": reason, "decided_at": now},
            sent=input,
            problems=checks.errors + check_client_mutation_id(input.client_mutation_id),
        )
        return RejectGroupRegistrationPayload(**vars(result))
