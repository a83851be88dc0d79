"""`publishRareConditionSearch`: national staff admit a submitted entry (SUBMITTED →
PUBLISHED): listed, found by search and shown to partners (as consented) at once. The first
admitted person of a condition who consented to be its nationwide contact becomes it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.permission import PermissionExtension
from strawberry.types import Info

from regions.registry.models import ConsentScope
from regions.registry.store import rare_entries as store
from regions.registry.store.consents import of_subjects
from regions.registry.store.rare_conditions import ENTRY
from regions.sources.vocabulary import ReviewState

from ..auth.scopes import REGISTRY_REVIEW
from ..permissions import HasScope
from .base import INPUT, check_client_mutation_id
from .rare_submission_lookup import RareConditionSubmissionPayload, transition


@strawberry.input(description="Which submission, at which version.")
class PublishRareConditionSearchInput:
    id: strawberry.ID = strawberry.field(description="The submission.")
    expected_version: int = strawberry.field(description="The version read.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


async def _listed(conn: AsyncConnection, key: int, row: Any, now: datetime) -> dict[str, Any]:
    """Into the search index now; the condition's nationwide contact if consented and free."""
    await store.index_entry(conn, key)
    records = await of_subjects(conn, ENTRY, [key])
    wants = any(
        r.scope is ConsentScope.NATIONWIDE_CONTACT and r.withdrawn_at is None for r in records
    )
    if wants and await store.make_nationwide_contact(conn, row.condition_id, key, now.date()):
        return {"nationwideContact": (None, True)}
    return {}


@strawberry.type
class PublishRareConditionSearch:
    @strawberry.mutation(
        description="Publish a SUBMITTED rare-condition entry: public from now on. Needs scope "
        "`registry:review`.",
        extensions=[PermissionExtension([HasScope(REGISTRY_REVIEW)])],
    )
    async def publish_rare_condition_search(
        self, info: Info, input: Annotated[PublishRareConditionSearchInput, INPUT]
    ) -> RareConditionSubmissionPayload:
        return await transition(
            info,
            mutation="publishRareConditionSearch",
            submission=input.id,
            expected_version=input.expected_version,
            client_mutation_id=input.client_mutation_id,
            allowed={ReviewState.SUBMITTED, ReviewState.IN_REVIEW},
            values=lambda row, now: {
                "review_state": ReviewState.PUBLISHED,
                "decided_at": now,
                "verified_at": now,
                "updated_at": now,
            },
            after=_listed,
            sent=input,
            problems=check_client_mutation_id(input.client_mutation_id),
        )
