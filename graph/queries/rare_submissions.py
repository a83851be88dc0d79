"""Root fields for the blue list's self-service: the review queue, one submission (for the
person with the key, or a reviewer), and a condition by ORPHA code or name."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import rare_entries as store
from regions.sources.vocabulary import ReviewState

from ..auth.kinds import holds
from ..auth.scopes import REGISTRY_REVIEW
from ..errors import BadUserInput
from ..mutations.rare_submission_lookup import key_matches, submission_key
from ..pagination import After, Connection, First
from ..permissions import requires_scope
from ..types.rare_condition import RareCondition
from ..types.rare_submission import RareConditionSubmission
from ..types.registration import RegistrationState
from .paged import page


@strawberry.type
class RareSubmissionQueries:
    @requires_scope(
        REGISTRY_REVIEW, "The review queue of rare-condition entries submitted by people, by id."
    )
    async def rare_condition_submissions(
        self,
        info: Info,
        state: Annotated[
            RegistrationState | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only this state; SUBMITTED unless given."),
        ] = ReviewState.SUBMITTED,
        first: First = None,
        after: After = None,
    ) -> Connection[RareConditionSubmission] | None:
        stmt = store.queue_query(state)
        return await page(
            info, stmt, store.entries.c.id, RareConditionSubmission.from_row, first, after
        )

    @strawberry.field(
        description="One submission: for the person with its management key, or for a "
        "reviewer (`registry:review`) without it. Null when the id or the key is wrong."
    )
    async def rare_condition_submission(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The submission.")],
        management_key: Annotated[
            str | None, strawberry.argument(description="The key given at submission.")
        ] = None,
    ) -> RareConditionSubmission | None:
        key = submission_key(id)
        if key is None:
            return None
        caller = info.context.caller
        reviewer = caller.has_scope(REGISTRY_REVIEW) and holds(
            caller.kind, REGISTRY_REVIEW, caller.region
        )
        if not reviewer and not management_key:
            return None
        async with info.context.engine.connect() as conn:
            row = await store.entry(conn, key)
        if row is None or not (reviewer or key_matches(row, management_key or "")):
            return None
        return RareConditionSubmission.from_row(row)

    @strawberry.field(
        description="A rare condition by its ORPHA code or by its name or a synonym, with the "
        'organisations covering it ("is there an organisation for ORPHA 558?"); null if the '
        "catalog does not know it."
    )
    async def rare_condition(
        self,
        info: Info,
        orpha_code: Annotated[
            int | None, strawberry.argument(description="Orphanet ORPHA number.")
        ] = None,
        name: Annotated[
            str | None, strawberry.argument(description="German name or a synonym.")
        ] = None,
    ) -> RareCondition | None:
        if (orpha_code is None) == (not (name or "").strip()):
            raise BadUserInput("orphaCode", "give either orphaCode or name")
        if name is not None and len(name) > 200:
            raise BadUserInput("name", "at most 200 characters")
        if name is not None and any(ord(ch) < 32 for ch in name):
            raise BadUserInput("name", "no control characters")
        async with info.context.engine.connect() as conn:
            row = await store.condition(conn, orpha_code, name)
        return None if row is None else RareCondition.from_row(row)
