"""`startReview`: a reviewer takes a submitted registration into review (SUBMITTED → IN_REVIEW)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.permission import PermissionExtension
from strawberry.types import Info

from regions.sources.vocabulary import ReviewState

from ..auth.scopes import REGISTRY_REVIEW
from ..permissions import HasScope
from .base import INPUT, check_client_mutation_id
from .registration_lookup import RegistrationPayload, transition


@strawberry.input(description="Which registration, at which version.")
class StartReviewInput:
    id: strawberry.ID = strawberry.field(description="The registration.")
    expected_version: int = strawberry.field(description="The version read.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The registration, now IN_REVIEW.")
class StartReviewPayload(RegistrationPayload):
    pass


@strawberry.type
class StartReview:
    @strawberry.mutation(
        description="Take a SUBMITTED registration into review. Needs scope `registry:review`.",
        extensions=[PermissionExtension([HasScope(REGISTRY_REVIEW)])],
    )
    async def start_review(
        self, info: Info, input: Annotated[StartReviewInput, INPUT]
    ) -> StartReviewPayload:
        result = await transition(
            info,
            mutation="startReview",
            registration=input.id,
            expected_version=input.expected_version,
            client_mutation_id=input.client_mutation_id,
            allowed={ReviewState.SUBMITTED},
            group=lambda row, now: {"review_state": ReviewState.IN_REVIEW},
            details=lambda row, now: {"review_started_at": now},
            sent=input,
            problems=check_client_mutation_id(input.client_mutation_id),
        )
        return StartReviewPayload(**vars(result))
