"""`publishGroupRegistration`: the reviewed group goes public (IN_REVIEW → PUBLISHED), in
`groups`, `node`, nested lists and `search` at once: its search index row is written in the
same transaction."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.permission import PermissionExtension
from strawberry.types import Info

from regions.registry.store import registrations as store
from regions.sources.vocabulary import ReviewState

from ..auth.scopes import REGISTRY_REVIEW
from ..permissions import HasScope
from .base import INPUT, check_client_mutation_id
from .registration_lookup import RegistrationPayload, transition


@strawberry.input(description="Which registration, at which version.")
class PublishGroupRegistrationInput:
    id: strawberry.ID = strawberry.field(description="The registration.")
    expected_version: int = strawberry.field(description="The version read.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The registration, PUBLISHED, with its public group.")
class PublishGroupRegistrationPayload(RegistrationPayload):
    pass


async def _index(conn: AsyncConnection, key: int, row: Any) -> None:
    await store.index_group(conn, key, row)


@strawberry.type
class PublishGroupRegistration:
    @strawberry.mutation(
        description="Publish a registration IN_REVIEW: the group is public from now on. Needs "
        "scope `registry:review`.",
        extensions=[PermissionExtension([HasScope(REGISTRY_REVIEW)])],
    )
    async def publish_group_registration(
        self, info: Info, input: Annotated[PublishGroupRegistrationInput, INPUT]
    ) -> PublishGroupRegistrationPayload:
        result = await transition(
            info,
            mutation="publishGroupRegistration",
            registration=input.id,
            expected_version=input.expected_version,
            client_mutation_id=input.client_mutation_id,
            allowed={ReviewState.IN_REVIEW},
            group=lambda row, now: {"review_state": ReviewState.PUBLISHED, "verified_at": now},
            details=lambda row, now: {"decided_at": now},
            after=_index,
            sent=input,
            problems=check_client_mutation_id(input.client_mutation_id),
        )
        return PublishGroupRegistrationPayload(**vars(result))
