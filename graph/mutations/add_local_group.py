"""`addLocalGroup`: a regional office (or national staff) adds a local group of its Land.

Published at once (review state PUBLISHED, in the search index in the same transaction): the
review of the digital-groups database exists because a digital group registers itself,
anonymously, and NAKOS must check it with someone who knows it. A local group added by the
coordination office of its Land has been checked by exactly that someone (the office's
inventory, SeKo Bayern's "Bestandsaufnahme"), so a second review would only delay it; the
change log names the office that added it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import maintenance as store
from regions.registry.store.documents import refresh
from regions.registry.store.postal_codes import meeting_point
from regions.sources.codes import LAENDER
from regions.sources.vocabulary import ContactMode, GroupReach, GroupStatus, ReviewState

from ..ids import decode_id, encode_id
from ..types.enums import Audience, GroupFormat
from ..types.enums import ContactMode as ContactModeEnum
from ..types.enums import GroupReach as GroupReachEnum
from ..types.enums import GroupStatus as GroupStatusEnum
from ..types.group import Group
from ..writers import require_any_write, require_write
from .base import (
    INPUT,
    Change,
    MutationErrorCode,
    Payload,
    Rejected,
    check_client_mutation_id,
    perform,
    personal,
    problem,
)
from .checks import Checks
from .update_group import MeetingChangeInput, meeting_values

MAX_TOPICS = 10


@strawberry.input(description="The group's contact person (personal data, protected).")
class LocalGroupContactInput:
    name: str = strawberry.field(description="Full name; at most 120 characters.")
    email: str | None = strawberry.field(default=None, description="Email address.")
    phone: str | None = strawberry.field(default=None, description="Phone.")


@strawberry.input(description="A local group of one Land, published at once.")
class AddLocalGroupInput:
    region: str = strawberry.field(description="Its Land (DE-BY); the office's own.")
    name: str = strawberry.field(description="At most 200 characters.")
    description: str = strawberry.field(default="", description="At most 4000 characters.")
    topics: list[strawberry.ID] = strawberry.field(description=f"1 to {MAX_TOPICS} Topic ids.")
    format: GroupFormat = strawberry.field(description="How it meets.")
    reach: GroupReachEnum = strawberry.field(
        default=GroupReach.LOCAL,
        description="LOCAL or STATE (nationwide groups are digital "
        "groups: they register themselves).",
    )
    audience: Audience = strawberry.field(description="Affected people, relatives, or both.")
    status: GroupStatusEnum = strawberry.field(
        default=GroupStatus.ACTIVE, description="ACTIVE or FOUNDING for a new group."
    )
    contact_point: strawberry.ID | None = strawberry.field(
        default=None, description="Its contact point, in the same Land."
    )
    contact_mode: ContactModeEnum = strawberry.field(
        default=ContactMode.VIA_CONTACT_POINT,
        description="DIRECT needs a contact person; VIA_CONTACT_POINT needs a contact point.",
    )
    postal_code: str | None = strawberry.field(default=None, description="Where it meets.")
    city: str | None = strawberry.field(default=None, description="Town; at most 80.")
    address_withheld: bool = strawberry.field(default=False, description="Place not shown.")
    meeting: MeetingChangeInput | None = strawberry.field(default=None, description="Meeting.")
    languages: list[str] = strawberry.field(
        default_factory=lambda: ["de"], description="ISO 639-1 codes."
    )
    open_for_new_members: bool = strawberry.field(default=True, description="Newcomers welcome.")
    wheelchair_accessible: bool | None = strawberry.field(default=None, description="Access.")
    accessibility_note: str | None = strawberry.field(default=None, description="At most 200.")
    contact: LocalGroupContactInput | None = strawberry.field(
        default=None, description="Contact person (protected)."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The new group, published.")
class AddLocalGroupPayload(Payload):
    group: Group | None = strawberry.field(default=None, description="It (null when refused).")


def check(data: AddLocalGroupInput, checks: Checks) -> dict[str, Any]:
    v: dict[str, Any] = {
        "name": checks.text("name", data.name, 200, required=True),
        "description": checks.text("description", data.description, 4000) or "",
        "city": checks.text("city", data.city, 80),
        "accessibility_note": checks.text("accessibilityNote", data.accessibility_note, 200),
    }
    v |= meeting_values(checks, data.meeting, "meeting")
    if data.reach is GroupReach.NATIONWIDE:
        checks.add("reach", MutationErrorCode.INVALID, "LOCAL or STATE")
    if data.status not in (GroupStatus.ACTIVE, GroupStatus.FOUNDING):
        checks.add("status", MutationErrorCode.INVALID, "ACTIVE or FOUNDING for a new group")
    code = checks.text("postalCode", data.postal_code, 5)
    if code is not None and not (code.isascii() and code.isdigit() and len(code) == 5):
        checks.add("postalCode", MutationErrorCode.INVALID, "five digits")
    v["postal_code"] = code
    if not data.topics or len(data.topics) > MAX_TOPICS:
        checks.add("topics", MutationErrorCode.INVALID, f"1 to {MAX_TOPICS} topics")
    v["topic_ids"] = [checks.key(f"topics.{i}", t, "Topic") for i, t in enumerate(data.topics)]
    v["contact_point_id"] = checks.key("contactPoint", data.contact_point, "ContactPoint")
    languages = [lang.strip().lower() for lang in data.languages]
    if not languages or any(len(x) != 2 or not x.isalpha() for x in languages):
        checks.add("languages", MutationErrorCode.INVALID, "ISO 639-1 codes such as de, tr")
    v["languages"] = " ".join(dict.fromkeys(languages))
    contact = None
    if data.contact is not None:
        contact = {
            "name": checks.text("contact.name", data.contact.name, 120, required=True),
            "email": checks.email("contact.email", data.contact.email),
            "phone": checks.phone("contact.phone", data.contact.phone),
        }
    if data.contact_mode is ContactMode.DIRECT and contact is None:
        checks.add("contact", MutationErrorCode.REQUIRED, "a DIRECT group needs a contact person")
    if data.contact_mode is ContactMode.VIA_CONTACT_POINT and data.contact_point is None:
        checks.add("contactPoint", MutationErrorCode.REQUIRED, "needed for VIA_CONTACT_POINT")
    v["contact"] = contact
    return v


@strawberry.type
class AddLocalGroup:
    @strawberry.mutation(
        description="Add a local group of a Land to the registry, published at once (the "
        "office of its Land checked it). Needs `region:<Land>:write` for that Land or "
        "`registry:write`."
    )
    async def add_local_group(
        self, info: Info, input: Annotated[AddLocalGroupInput, INPUT]
    ) -> AddLocalGroupPayload:
        caller = info.context.caller
        require_any_write(caller, "Adding a local group")
        land = input.region.strip().upper()
        checks = Checks()
        checks.errors += check_client_mutation_id(input.client_mutation_id)
        if land not in LAENDER:
            checks.add("region", MutationErrorCode.INVALID, "a Land code such as DE-BY")
        else:
            require_write(caller, land, "a group")
        v = check(input, checks)
        if checks.errors:
            return AddLocalGroupPayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            missing = await store.unknown_topics(conn, v["topic_ids"])
            if missing:
                raise Rejected(problem("topics", MutationErrorCode.UNKNOWN_ID, "no such topic"))
            known, spot = await meeting_point(
                conn, v["postal_code"], v["city"], land, input.address_withheld
            )
            if not known:
                raise Rejected(
                    problem("postalCode", MutationErrorCode.INVALID, "unknown postal code")
                )
            if v["contact_point_id"] is not None:
                point = await store.row(conn, store.contact_points, v["contact_point_id"])
                if point is None:
                    raise Rejected(
                        problem("contactPoint", MutationErrorCode.UNKNOWN_ID, "no such one")
                    )
                if point.region_code != land:
                    raise Rejected(
                        problem("contactPoint", MutationErrorCode.INVALID, f"not in {land}")
                    )
            group = {
                "name": v["name"],
                "description": v["description"],
                "status": input.status,
                "review_state": ReviewState.PUBLISHED,
                "format": input.format,
                "reach": input.reach,
                "audience": input.audience,
                "region_code": land,
                "contact_point_id": v["contact_point_id"],
                "contact_mode": input.contact_mode,
                "postal_code": v["postal_code"],
                "city": v["city"],
                "latitude": None if spot is None else spot[0],  # a withheld place: its town's
                "longitude": None if spot is None else spot[1],  # centre, nothing finer
                "address_withheld": input.address_withheld,
                "meeting_rule": v.get("meeting_rule"),
                "meeting_time": v.get("meeting_time"),
                "meeting_note": v.get("meeting_note"),
                "languages": v["languages"],
                "wheelchair_accessible": input.wheelchair_accessible,
                "accessibility_note": v["accessibility_note"],
                "open_for_new_members": input.open_for_new_members,
                "updated_at": now,
                "verified_at": now,
                "version": 1,
            }
            key = await store.insert_group(conn, group, v["topic_ids"], v["contact"])
            await refresh(conn, "Group", key)
            fields: dict[str, tuple[Any, Any]] = {
                name: (None, group[name])
                for name in ("name", "region_code", "status", "review_state", "format", "reach")
            }
            fields["topics"] = (None, sorted(v["topic_ids"]))
            if v["contact"]:
                fields["contact"] = (None, personal(v["contact"]["name"]))
            return Change(encode_id("Group", SOURCE, key), "addLocalGroup", fields)

        outcome = await perform(info, "addLocalGroup", input.client_mutation_id, work, input)
        group = None
        if outcome.subject_id is not None:
            group = await info.context.loaders.group_by_id.load(
                int(decode_id(outcome.subject_id).key)
            )
        return AddLocalGroupPayload(
            client_mutation_id=input.client_mutation_id, errors=outcome.errors, group=group
        )
