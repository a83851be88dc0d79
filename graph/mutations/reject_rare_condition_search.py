"""`rejectRareConditionSearch`: national staff refuse a submitted entry, with a reason. Never
public; its personal data is deleted by retention after the period for rejected entries."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.permission import PermissionExtension
from strawberry.types import Info

from regions.sources.vocabulary import ReviewState

from ..auth.scopes import REGISTRY_REVIEW
from ..permissions import HasScope
from .base import INPUT, MutationErrorCode, check_client_mutation_id, problem
from .rare_submission_lookup import RareConditionSubmissionPayload, transition


@strawberry.input(description="Which submission, at which version, and why not.")
class RejectRareConditionSearchInput:
    id: strawberry.ID = strawberry.field(description="The submission.")
    expected_version: int = strawberry.field(description="The version read.")
    reason: str = strawberry.field(description="Why (at most 1000), shown to the person.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type
class RejectRareConditionSearch:
    @strawberry.mutation(
        description="Reject a SUBMITTED rare-condition entry with a reason. Needs scope "
        "`registry:review`.",
        extensions=[PermissionExtension([HasScope(REGISTRY_REVIEW)])],
    )
    async def reject_rare_condition_search(
        self, info: Info, input: Annotated[RejectRareConditionSearchInput, INPUT]
    ) -> RareConditionSubmissionPayload:
        problems = check_client_mutation_id(input.client_mutation_id)
        reason = input.reason.strip()
        if not reason:
            problems.append(problem("reason", MutationErrorCode.REQUIRED, "say why"))
        elif len(reason) > 1000:
            problems.append(problem("reason", MutationErrorCode.TOO_LONG, "at most 1000"))
        return await transition(
            info,
            mutation="rejectRareConditionSearch",
            submission=input.id,
            expected_version=input.expected_version,
            client_mutation_id=input.client_mutation_id,
            allowed={ReviewState.SUBMITTED, ReviewState.IN_REVIEW},
            values=lambda row, now: {
                "review_state": ReviewState.REJECTED,
                "decided_at": now,
                "reject_reason": reason,
                "updated_at": now,
            },
            sent=input,
            problems=problems,
        )
