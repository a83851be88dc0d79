"""A digital group's online registration, as the group (with its management key) and the
reviewers see it. Not a Node: `node()` never answers with a registration."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE
from regions.sources import vocabulary as v

from ..auth.kinds import holds
from ..auth.scopes import REGISTRY_REVIEW
from ..ids import encode_id
from .enums import Audience, GroupFormat, GroupReach
from .group import Group
from .meeting import Meeting
from .topic import Topic

RegistrationState = strawberry.enum(
    v.ReviewState,
    name="RegistrationState",
    description="SUBMITTED → IN_REVIEW → PUBLISHED or REJECTED; WITHDRAWN by the group "
    "before publication. Only PUBLISHED groups are ever public.",
)
for _state, _meaning in {
    "SUBMITTED": "Sent in, waiting for a reviewer; not public.",
    "IN_REVIEW": "A reviewer is checking it; not public.",
    "PUBLISHED": "Checked and public.",
    "REJECTED": "Not published; the reason is given to the submitter.",
    "WITHDRAWN": "Withdrawn by the submitter; not public, its contact data erased.",
}.items():
    _value = next(
        value
        for value in RegistrationState.__strawberry_definition__.values  # type: ignore[attr-defined]
        if value.name == _state
    )
    _value.description = _meaning


@strawberry.enum(description="How a digital group meets.")
class MeetingTool(enum.Enum):
    VIDEO = strawberry.enum_value("VIDEO", description="Video calls.")
    TELEPHONE = strawberry.enum_value("TELEPHONE", description="Telephone conferences.")
    CHAT = strawberry.enum_value("CHAT", description="Text chat or a forum.")


@strawberry.type(description="The review of a registration: the checks done and the notes.")
class ReviewRecord:
    contact_point_asked: bool = strawberry.field(description="The local contact point was asked.")
    organisation_asked: bool = strawberry.field(
        description="The related self-help organisation was asked."
    )
    website_checked: bool = strawberry.field(description="The group's website was checked.")
    notes: str | None = strawberry.field(description="The reviewers' notes.")


def registration_id(key: int) -> str:
    return encode_id("GroupRegistration", SOURCE, key)


@strawberry.type(
    description="An online registration of a digital group and where its review stands."
)
class GroupRegistration:
    id: strawberry.ID = strawberry.field(description="Global id of the registration.")
    key: strawberry.Private[int]
    row: strawberry.Private[Any]
    state: RegistrationState = strawberry.field(description="Where the review stands.")  # type: ignore[valid-type]
    version: int = strawberry.field(
        description="Goes up with every change: pass it as `expectedVersion` to change it."
    )
    name: str = strawberry.field(description="Name of the group.")
    description: str = strawberry.field(description="What the group is about.")
    format: GroupFormat = strawberry.field(description="Digital or hybrid.")
    reach: GroupReach = strawberry.field(description="Local, state-wide or nationwide.")
    audience: Audience = strawberry.field(description="Affected people, relatives, or both.")
    region_code: str | None = strawberry.field(
        description="The Land (ISO 3166-2); null for nationwide groups."
    )
    meeting: Meeting = strawberry.field(description="When the group meets.")
    tool: MeetingTool = strawberry.field(description="Video, telephone or chat.")
    meeting_minutes: int | None = strawberry.field(description="How long a meeting lasts.")
    website: str | None = strawberry.field(description="The group's website.")
    submitted_at: datetime = strawberry.field(description="When it was submitted.")
    review_started_at: datetime | None = strawberry.field(description="When review began.")
    decided_at: datetime | None = strawberry.field(description="When it was published or rejected.")
    withdrawn_at: datetime | None = strawberry.field(description="When the group withdrew it.")
    reject_reason: str | None = strawberry.field(description="Why it was rejected.")

    @classmethod
    def from_row(cls, row: Any) -> GroupRegistration:
        return cls(
            id=strawberry.ID(registration_id(row.id)),
            key=row.id,
            row=row,
            state=row.review_state,
            version=row.version,
            name=row.name,
            description=row.description,
            format=row.format,
            reach=row.reach,
            audience=row.audience,
            region_code=row.region_code,
            meeting=Meeting(rule=row.meeting_rule, time=row.meeting_time, note=row.meeting_note),
            tool=MeetingTool(row.tool),
            meeting_minutes=row.meeting_minutes,
            website=row.website,
            submitted_at=row.submitted_at,
            review_started_at=row.review_started_at,
            decided_at=row.decided_at,
            withdrawn_at=row.withdrawn_at,
            reject_reason=row.reject_reason,
        )

    @strawberry.field(description="Topics the group named.")
    async def topics(self, info: Info) -> list[Topic]:
        return await info.context.loaders.topics_by_group.load(self.key)

    @strawberry.field(description="The group as the public sees it: null until published.")
    async def group(self, info: Info) -> Group | None:
        if self.state is not v.ReviewState.PUBLISHED:
            return None
        return await info.context.loaders.group_by_id.load(self.key)

    @strawberry.field(
        description="The checks done and the reviewers' notes: for reviewers "
        "(`registry:review`) only, null for anyone else."
    )
    def review(self, info: Info) -> ReviewRecord | None:
        caller = info.context.caller
        if not (
            caller.has_scope(REGISTRY_REVIEW) and holds(caller.kind, REGISTRY_REVIEW, caller.region)
        ):
            return None
        r = self.row
        return ReviewRecord(
            contact_point_asked=r.contact_point_asked,
            organisation_asked=r.organisation_asked,
            website_checked=r.website_checked,
            notes=r.reviewer_notes,
        )
