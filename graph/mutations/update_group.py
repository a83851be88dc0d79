"""`updateGroup`: the office of its Land (or national staff) keeps a registry group current:
its status (ACTIVE, PAUSED, ENDED, ...), whether it is open for new members, its meeting."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry.store import maintenance as store
from regions.sources.vocabulary import ReviewState

from ..types.enums import GroupStatus
from ..types.group import Group
from .base import INPUT, Change, MutationErrorCode, Payload, check_client_mutation_id
from .checks import Checks
from .maintenance import changed, edit, registry_key, save, subject_id


@strawberry.input(
    description="When a group meets; a field left out stays as it is, null clears it."
)
class MeetingChangeInput:
    rule: str | None = strawberry.field(
        default=strawberry.UNSET, description="RFC 5545 rule, e.g. FREQ=MONTHLY;BYDAY=2TU."
    )
    time: time | None = strawberry.field(default=strawberry.UNSET, description="Local time.")
    note: str | None = strawberry.field(
        default=strawberry.UNSET, description="Free text, e.g. 'jeden 2. Dienstag'; at most 200."
    )


@strawberry.input(description="What changes; a field left out stays as it is.")
class UpdateGroupInput:
    id: strawberry.ID = strawberry.field(description="A registry group (not a region's).")
    expected_version: int = strawberry.field(description="The `version` read.")
    status: GroupStatus | None = strawberry.field(
        default=strawberry.UNSET, description="ACTIVE, FOUNDING, PAUSED or ENDED."
    )
    open_for_new_members: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Whether newcomers are welcome."
    )
    meeting: MeetingChangeInput | None = strawberry.field(
        default=strawberry.UNSET, description="When it meets."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The group as it is now.")
class UpdateGroupPayload(Payload):
    group: Group | None = strawberry.field(default=None, description="It, now.")


def given(value: Any) -> bool:
    return value is not strawberry.UNSET


def meeting_values(
    checks: Checks, meeting: MeetingChangeInput | None, prefix: str
) -> dict[str, Any]:
    if meeting is None:
        return {}
    out: dict[str, Any] = {}
    if given(meeting.rule):
        out["meeting_rule"] = checks.rrule(f"{prefix}.rule", meeting.rule)
    if given(meeting.time):
        out["meeting_time"] = meeting.time
    if given(meeting.note):
        out["meeting_note"] = checks.text(f"{prefix}.note", meeting.note, 200)
    return out


NAMES = {
    "status": "status",
    "open_for_new_members": "openForNewMembers",
    "meeting_rule": "meeting.rule",
    "meeting_time": "meeting.time",
    "meeting_note": "meeting.note",
}


def published(row: Row[Any]) -> bool:
    return bool(row.review_state == ReviewState.PUBLISHED)


@strawberry.type
class UpdateGroup:
    @strawberry.mutation(
        description="Keep a registry group current. Needs `region:<Land>:write` for its Land "
        "(a regional office) or `registry:write` (national staff; nationwide groups too); "
        "names `expectedVersion`. A region's group is the region's: report a correction."
    )
    async def update_group(
        self, info: Info, input: Annotated[UpdateGroupInput, INPUT]
    ) -> UpdateGroupPayload:
        checks = Checks()
        checks.errors += check_client_mutation_id(input.client_mutation_id)
        key = registry_key(input.id, "Group", checks.errors)
        values: dict[str, Any] = {}
        if given(input.status):
            if input.status is None:
                checks.add("status", MutationErrorCode.REQUIRED, "must not be null")
            else:
                values["status"] = input.status
        if given(input.open_for_new_members):
            if input.open_for_new_members is None:
                checks.add("openForNewMembers", MutationErrorCode.REQUIRED, "must not be null")
            else:
                values["open_for_new_members"] = input.open_for_new_members
        if given(input.meeting):
            values |= meeting_values(checks, input.meeting, "meeting")
        if checks.errors or key is None:
            return UpdateGroupPayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )

        async def work(conn: AsyncConnection, now: datetime, current: Row[Any]) -> Change:
            fields = changed(current, values, NAMES)
            await save(conn, store.groups, current, values, now)
            return Change(subject_id("Group", current.id), "updateGroup", fields)

        outcome = await edit(
            info,
            "updateGroup",
            store.groups,
            "Group",
            key,
            input.expected_version,
            input.client_mutation_id,
            work,
            visible=published,
            sent=input,
        )
        group = None
        if outcome.subject_id is not None:
            group = await info.context.loaders.group_by_id.load(key)
        return UpdateGroupPayload(
            client_mutation_id=input.client_mutation_id, errors=outcome.errors, group=group
        )
