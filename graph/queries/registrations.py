"""Root fields for registrations: the review queue, and one registration by its key."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import registrations as store
from regions.sources.vocabulary import ReviewState

from ..arguments import region_code
from ..auth.kinds import holds
from ..auth.scopes import REGISTRY_REVIEW
from ..mutations.registration_lookup import key_matches, registration_key
from ..pagination import After, Before, Connection, First, Last
from ..permissions import requires_scope
from ..types.registration import GroupRegistration, RegistrationState
from .paged import page


@strawberry.type
class RegistrationQueries:
    @requires_scope(
        REGISTRY_REVIEW,
        "The review queue: registrations of digital groups, oldest first.",
    )
    async def group_registrations(
        self,
        info: Info,
        state: Annotated[
            RegistrationState | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only this state; SUBMITTED unless given."),
        ] = ReviewState.SUBMITTED,
        region: Annotated[
            str | None, strawberry.argument(description="Only groups of this Land (DE-BY).")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GroupRegistration] | None:
        stmt = store.queue_query(state, region_code(region))
        key = store.groups.c.id
        return await page(
            info, stmt, key, GroupRegistration.from_row, first, after, last=last, before=before
        )

    @strawberry.field(
        description="One registration: for the group with its management key, or for a "
        "reviewer (`registry:review`) without it. Null when the id or the key is wrong."
    )
    async def group_registration(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The registration.")],
        management_key: Annotated[
            str | None, strawberry.argument(description="The key given at submission.")
        ] = None,
    ) -> GroupRegistration | None:
        key = registration_key(id)
        if key is None:
            return None
        caller = info.context.caller
        reviewer = caller.has_scope(REGISTRY_REVIEW) and holds(
            caller.kind, REGISTRY_REVIEW, caller.region
        )
        if not reviewer and not management_key:
            return None
        async with info.context.engine.connect() as conn:
            row = await store.registration(conn, key)
        if row is None or not (reviewer or key_matches(row, management_key or "")):
            return None
        return GroupRegistration.from_row(row)
