"""`renewRareConditionSearch`: the person, with the management key, keeps a published entry
listed for another two years from today (also an expired one, until retention deleted it)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.sources.vocabulary import ReviewState

from .base import INPUT, check_client_mutation_id
from .rare_submission_lookup import RareConditionSubmissionPayload, key_matches, transition
from .submit_rare_condition_search import LISTED_YEARS, plus_years


@strawberry.input(description="Which entry, and the key given when it was submitted.")
class RenewRareConditionSearchInput:
    id: strawberry.ID = strawberry.field(description="The submission.")
    management_key: str = strawberry.field(description="The management key.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type
class RenewRareConditionSearch:
    @strawberry.mutation(
        description="Renew a PUBLISHED entry for two years from today, with its management key "
        "(a wrong key reads as an unknown id)."
    )
    async def renew_rare_condition_search(
        self, info: Info, input: Annotated[RenewRareConditionSearchInput, INPUT]
    ) -> RareConditionSubmissionPayload:
        return await transition(
            info,
            mutation="renewRareConditionSearch",
            submission=input.id,
            expected_version=None,
            client_mutation_id=input.client_mutation_id,
            allowed={ReviewState.PUBLISHED},
            values=lambda row, now: {
                "expires_on": plus_years(now.date(), LISTED_YEARS),
                "renewed_at": now,
                "updated_at": now,
            },
            authorise=lambda row: key_matches(row, input.management_key),
            sent=input,
            problems=check_client_mutation_id(input.client_mutation_id),
        )
