"""`withdrawRareConditionSearch`: the person, with the management key, takes the entry off the
blue list; the personal data is deleted at once, for real (regions/registry/store/
rare_entries.py: the person's row, the free text, the Land, the search-index row, the key),
every consent withdrawn (the records stay). The change log says what was cleared, never the
values."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry.models import ConsentChannel
from regions.registry.store import rare_entries as store
from regions.sources.vocabulary import ReviewState

from .base import INPUT, SET, check_client_mutation_id
from .rare_submission_lookup import RareConditionSubmissionPayload, key_matches, transition


@strawberry.input(description="Which entry, and the key given when it was submitted.")
class WithdrawRareConditionSearchInput:
    id: strawberry.ID = strawberry.field(description="The submission.")
    management_key: str = strawberry.field(description="The management key.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


async def _erase(conn: AsyncConnection, key: int, row: Any, now: datetime) -> dict[str, Any]:
    withdrawn = await store.erase_personal_data(conn, key, now, ConsentChannel.SELF_SERVICE)
    fields: dict[str, Any] = {
        "contact": (SET, None),
        "seeking": (SET if row.seeking else None, None),
        "consents": ([s.value for s in withdrawn], []),
    }
    if row.region_code is not None:
        fields["region_code"] = (row.region_code, None)
    return fields


@strawberry.type
class WithdrawRareConditionSearch:
    @strawberry.mutation(
        description="Withdraw an entry in any state but WITHDRAWN, with its management key (a "
        "wrong key reads as an unknown id): the person's data is deleted at once."
    )
    async def withdraw_rare_condition_search(
        self, info: Info, input: Annotated[WithdrawRareConditionSearchInput, INPUT]
    ) -> RareConditionSubmissionPayload:
        return await transition(
            info,
            mutation="withdrawRareConditionSearch",
            submission=input.id,
            expected_version=None,
            client_mutation_id=input.client_mutation_id,
            allowed={
                ReviewState.SUBMITTED,
                ReviewState.IN_REVIEW,
                ReviewState.PUBLISHED,
                ReviewState.REJECTED,
            },
            values=lambda row, now: {
                "review_state": ReviewState.WITHDRAWN,
                "withdrawn_at": now,
                "updated_at": now,
            },
            authorise=lambda row: key_matches(row, input.management_key),
            after=_erase,
            sent=input,
            problems=check_client_mutation_id(input.client_mutation_id),
        )
