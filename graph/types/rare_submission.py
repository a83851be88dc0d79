"""A rare-condition entry as the person (with the management key) and the reviewers see it
before and after review. Not a Node: `node()` answers only with published entries
(RareConditionSearch)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE

from ..ids import encode_id
from .enums import SeekerRole
from .rare_condition import RareCondition
from .registration import RegistrationState


def submission_id(key: int) -> str:
    return encode_id("RareConditionSubmission", SOURCE, key)


@strawberry.type(
    description="A rare-condition entry submitted by the person, and where its review stands. "
    "Its contact data is not shown here (the person gave it; reviewers do not need it)."
)
class RareConditionSubmission:
    id: strawberry.ID = strawberry.field(description="Global id of the submission.")
    key: strawberry.Private[int]
    condition_key: strawberry.Private[int]
    state: RegistrationState = strawberry.field(description="Where the review stands.")  # type: ignore[valid-type]
    version: int = strawberry.field(
        description="Goes up with every change: pass it as `expectedVersion` to change it."
    )
    seeking: str = strawberry.field(
        description="What the person is looking for (empty once withdrawn)."
    )
    seeker_role: SeekerRole = strawberry.field(description="Affected person or relative.")
    region_code: str | None = strawberry.field(description="The Land, where given.")
    expires_on: date = strawberry.field(description="Shown until this day unless renewed.")
    notice_version: str | None = strawberry.field(description="The notice the person was shown.")
    submitted_at: datetime | None = strawberry.field(description="When it was submitted.")
    decided_at: datetime | None = strawberry.field(description="When it was published or rejected.")
    renewed_at: datetime | None = strawberry.field(description="When it was last renewed.")
    withdrawn_at: datetime | None = strawberry.field(description="When the person withdrew it.")
    reject_reason: str | None = strawberry.field(description="Why it was rejected.")

    @classmethod
    def from_row(cls, row: Any) -> RareConditionSubmission:
        return cls(
            id=strawberry.ID(submission_id(row.id)),
            key=row.id,
            condition_key=row.condition_id,
            state=row.review_state,
            version=row.version,
            seeking=row.seeking,
            seeker_role=SeekerRole.of(row.seeker_role),
            region_code=row.region_code,
            expires_on=row.expires_on,
            notice_version=row.notice_version,
            submitted_at=row.submitted_at,
            decided_at=row.decided_at,
            renewed_at=row.renewed_at,
            withdrawn_at=row.withdrawn_at,
            reject_reason=row.reject_reason,
        )

    @strawberry.field(description="The condition.")
    async def condition(self, info: Info) -> RareCondition:
        return await info.context.loaders.rare_condition_by_id.load(self.condition_key)

    @strawberry.field(
        description="The entry as the public sees it once published and current; else null."
    )
    def public_id(self) -> strawberry.ID | None:
        if self.state.value != "PUBLISHED":
            return None
        return strawberry.ID(encode_id("RareConditionSearch", SOURCE, self.key))
