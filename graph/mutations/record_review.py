"""`recordReview`: the checks a reviewer did (contact point asked, organisation asked, website
checked) and their notes, on a registration IN_REVIEW."""

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

NOTES = 4000


@strawberry.input(description="The checks done so far and the notes; each omitted one stays.")
class RecordReviewInput:
    id: strawberry.ID = strawberry.field(description="The registration.")
    expected_version: int = strawberry.field(description="The version read.")
    contact_point_asked: bool | None = strawberry.field(
        default=None, description="The local contact point was asked about the group."
    )
    organisation_asked: bool | None = strawberry.field(
        default=None, description="The related self-help organisation was asked."
    )
    website_checked: bool | None = strawberry.field(
        default=None, description="The group's website was checked."
    )
    notes: str | None = strawberry.field(
        default=None, description="The reviewers' notes (replace the old ones); at most 4000."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The registration with its review record.")
class RecordReviewPayload(RegistrationPayload):
    pass


@strawberry.type
class RecordReview:
    @strawberry.mutation(
        description="Record the checks done and the notes of a review. Needs scope "
        "`registry:review`.",
        extensions=[PermissionExtension([HasScope(REGISTRY_REVIEW)])],
    )
    async def record_review(
        self, info: Info, input: Annotated[RecordReviewInput, INPUT]
    ) -> RecordReviewPayload:
        checks = Checks()
        notes = checks.text("notes", input.notes, NOTES)
        values = {
            name: value
            for name, value in (
                ("contact_point_asked", input.contact_point_asked),
                ("organisation_asked", input.organisation_asked),
                ("website_checked", input.website_checked),
            )
            if value is not None
        }
        if input.notes is not None:
            values["reviewer_notes"] = notes
        result = await transition(
            info,
            mutation="recordReview",
            registration=input.id,
            expected_version=input.expected_version,
            client_mutation_id=input.client_mutation_id,
            allowed={ReviewState.IN_REVIEW},
            group=lambda row, now: {},
            details=lambda row, now: values,
            sent=input,
            problems=checks.errors + check_client_mutation_id(input.client_mutation_id),
        )
        return RecordReviewPayload(**vars(result))
