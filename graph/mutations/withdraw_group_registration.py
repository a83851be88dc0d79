"""`withdrawGroupRegistration`: the group itself, with its management key, withdraws its
registration before publication (→ WITHDRAWN). No token needed: the key is the right."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.sources.vocabulary import ReviewState

from .base import INPUT, check_client_mutation_id
from .registration_lookup import RegistrationPayload, key_matches, transition


@strawberry.input(description="Which registration, and the key given when it was submitted.")
class WithdrawGroupRegistrationInput:
    id: strawberry.ID = strawberry.field(description="The registration.")
    management_key: str = strawberry.field(description="The management key.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The registration, WITHDRAWN.")
class WithdrawGroupRegistrationPayload(RegistrationPayload):
    pass


@strawberry.type
class WithdrawGroupRegistration:
    @strawberry.mutation(
        description="Withdraw a registration not yet published, with its management key "
        "(a wrong key reads as an unknown id)."
    )
    async def withdraw_group_registration(
        self, info: Info, input: Annotated[WithdrawGroupRegistrationInput, INPUT]
    ) -> WithdrawGroupRegistrationPayload:
        result = await transition(
            info,
            mutation="withdrawGroupRegistration",
            registration=input.id,
            expected_version=None,
            client_mutation_id=input.client_mutation_id,
            allowed={ReviewState.SUBMITTED, ReviewState.IN_REVIEW},
            group=lambda row, now: {"review_state": ReviewState.WITHDRAWN},
            details=lambda row, now: {"withdrawn_at": now},
            authorise=lambda row: key_matches(row, input.management_key),
            sent=input,
            problems=check_client_mutation_id(input.client_mutation_id),
        )
        return WithdrawGroupRegistrationPayload(**vars(result))
