"""`submitGroupRegistration`: a digital group registers itself (anonymous callers too).

It lands as SUBMITTED (never public before publication) with its contact person (protected)
and, once, a management key: only the key's sha256 is stored."""

from __future__ import annotations

import secrets
from datetime import datetime, time
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import registrations as store
from regions.sources.codes import LAENDER
from regions.sources.vocabulary import (
    ContactMode,
    GroupFormat,
    GroupReach,
    GroupStatus,
    ReviewState,
)

from ..errors import RateLimited
from ..hardening.caller import address_bucket, client_address
from ..types.enums import Audience
from ..types.enums import GroupFormat as GroupFormatEnum
from ..types.enums import GroupReach as GroupReachEnum
from ..types.registration import GroupRegistration, MeetingTool, registration_id
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
from .registration_lookup import load_registration, management_key_hash

NAME, DESCRIPTION, NOTICE = 200, 4000, 40
MAX_TOPICS = 10
CONFIRMATIONS = (
    "no_professional_leadership",
    "not_commercial",
    "discloses_funding",
    "neutral",
    "confidentiality_agreed",
)


@strawberry.input(description="The group's contact person (personal data, protected).")
class RegistrationContactInput:
    name: str = strawberry.field(description="Full name; at most 120 characters.")
    email: str = strawberry.field(description="Email address.")
    phone: str | None = strawberry.field(default=None, description="Phone number (optional).")


@strawberry.input(description="The admission criteria of NAKOS' database: all must be true.")
class AdmissionConfirmationsInput:
    no_professional_leadership: bool = strawberry.field(
        description="The group is led by its members, not by professionals."
    )
    not_commercial: bool = strawberry.field(description="The group pursues no commercial aims.")
    discloses_funding: bool = strawberry.field(description="The group discloses its funding.")
    neutral: bool = strawberry.field(description="Party-politically and denominationally neutral.")
    confidentiality_agreed: bool = strawberry.field(
        description="Members agreed to keep confidential what is said in the group."
    )


@strawberry.input(description="A digital group's registration.")
class SubmitGroupRegistrationInput:
    name: str = strawberry.field(description="Name of the group; at most 200 characters.")
    description: str = strawberry.field(description="What the group is about; at most 4000.")
    topics: list[strawberry.ID] = strawberry.field(description="Topic ids, 1 to 10.")
    format: GroupFormatEnum = strawberry.field(description="DIGITAL or HYBRID.")  # type: ignore[valid-type]
    reach: GroupReachEnum = strawberry.field(  # type: ignore[valid-type]
        description="NATIONWIDE, or STATE or LOCAL with `region`."
    )
    audience: Audience = strawberry.field(description="Affected people, relatives, or both.")  # type: ignore[valid-type]
    tool: MeetingTool = strawberry.field(description="How the group meets.")
    meeting_rule: str | None = strawberry.field(
        default=None, description="RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=TU."
    )
    meeting_time: time | None = strawberry.field(default=None, description="Start, local time.")
    meeting_minutes: int | None = strawberry.field(
        default=None, description="Duration of a meeting in minutes (15 to 600)."
    )
    website: str | None = strawberry.field(default=None, description="http(s) address.")
    region: str | None = strawberry.field(
        default=None, description="The Land (ISO 3166-2, e.g. DE-BY); not for NATIONWIDE."
    )
    organisation_id: strawberry.ID | None = strawberry.field(
        default=None, description="The related self-help organisation, if any."
    )
    contact_point_id: strawberry.ID | None = strawberry.field(
        default=None, description="The local contact point, if any."
    )
    contact: RegistrationContactInput = strawberry.field(description="The contact person.")
    confirmations: AdmissionConfirmationsInput = strawberry.field(
        description="The admission criteria, each confirmed."
    )
    notice_version: str = strawberry.field(
        description="Version of the data-protection notice the group was shown."
    )
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Makes a retry safe: sent twice, registered once."
    )


@strawberry.type(description="The registration, and once the key to manage it.")
class SubmitGroupRegistrationPayload(Payload):
    registration: GroupRegistration | None = strawberry.field(
        default=None, description="The registration (state SUBMITTED); null on errors."
    )
    management_key: str | None = strawberry.field(
        default=None,
        description="Shown once, never again (only its hash is kept): with it the group reads "
        "its registration's state and withdraws it. Null on a retry and on errors.",
    )


def check(data: SubmitGroupRegistrationInput) -> tuple[Checks, dict[str, Any]]:
    """Every field's problems at once, and the cleaned values (pure: no database)."""
    c = Checks()
    v: dict[str, Any] = {
        "name": c.text("name", data.name, NAME, required=True),
        "description": c.text("description", data.description, DESCRIPTION, required=True),
        "meeting_rule": c.rrule("meetingRule", data.meeting_rule),
        "meeting_minutes": c.whole("meetingMinutes", data.meeting_minutes, 15, 600),
        "website": c.url("website", data.website),
        "notice_version": c.text("noticeVersion", data.notice_version, NOTICE, required=True),
        "contact_name": c.text("contact.name", data.contact.name, 120, required=True),
        "contact_email": c.email("contact.email", data.contact.email, required=True),
        "contact_phone": c.phone("contact.phone", data.contact.phone),
        "organisation_id": c.key("organisationId", data.organisation_id, "Organisation"),
        "contact_point_id": c.key("contactPointId", data.contact_point_id, "ContactPoint"),
    }
    if data.format not in (GroupFormat.DIGITAL, GroupFormat.HYBRID):
        c.add(
            "format",
            MutationErrorCode.INVALID,
            "DIGITAL or HYBRID (in-person groups register with their local contact point)",
        )
    region = (data.region or "").strip().upper() or None
    if region is not None and region not in LAENDER:
        c.add("region", MutationErrorCode.INVALID, "an ISO 3166-2 code such as DE-BY")
        region = None
    elif data.reach is GroupReach.NATIONWIDE and region is not None:
        c.add("region", MutationErrorCode.INVALID, "not for a NATIONWIDE group")
    elif data.reach is not GroupReach.NATIONWIDE and region is None:
        c.add("region", MutationErrorCode.REQUIRED, "the Land of a STATE or LOCAL group")
    v["region"] = region
    if not data.topics:
        c.add("topics", MutationErrorCode.REQUIRED, "at least one topic")
    elif len(data.topics) > MAX_TOPICS:
        c.add("topics", MutationErrorCode.TOO_LONG, f"at most {MAX_TOPICS} topics")
    else:
        keys = [c.key(f"topics.{i}", t, "Topic") for i, t in enumerate(data.topics)]
        v["topics"] = [k for k in keys if k is not None]
    for name in CONFIRMATIONS:
        c.confirmed(f"confirmations.{_camel(name)}", getattr(data.confirmations, name))
    c.errors += check_client_mutation_id(data.client_mutation_id)
    return c, v


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


async def _references(conn: AsyncConnection, v: dict[str, Any]) -> None:
    """UNKNOWN_ID for a topic, organisation or contact point that does not exist."""
    errors = []
    for kind, field, keys in (
        ("topic", "topics", v["topics"]),
        ("organisation", "organisationId", [v["organisation_id"]]),
        ("contact_point", "contactPointId", [v["contact_point_id"]]),
    ):
        absent = await store.missing(conn, kind, [k for k in keys if k is not None])
        if absent:
            errors.append(problem(field, MutationErrorCode.UNKNOWN_ID, "no such object"))
    if errors:
        raise Rejected(*errors)


async def _admit(info: Info) -> None:
    guard = info.context.guard
    quota = getattr(guard, "registrations", None)
    if quota is None:
        return
    wait = await quota.hit(f"addr:{address_bucket(client_address(info.context))}")
    if wait is not None:
        response = info.context.response
        if response is not None:
            response.headers["Retry-After"] = str(wait)
        raise RateLimited(f"Too many registrations from this address; retry in {wait} s.", wait)


@strawberry.type
class SubmitGroupRegistration:
    @strawberry.mutation(
        description="Register a digital group (anyone may, at most 5 per hour per address). "
        "It is reviewed by national staff and public only once published."
    )
    async def submit_group_registration(
        self, info: Info, input: Annotated[SubmitGroupRegistrationInput, INPUT]
    ) -> SubmitGroupRegistrationPayload:
        cmid = input.client_mutation_id
        checks, v = check(input)
        if checks.errors:
            return SubmitGroupRegistrationPayload(client_mutation_id=cmid, errors=checks.errors)
        await _admit(info)
        key = secrets.token_urlsafe(32)

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            await _references(conn, v)
            group = {
                "name": v["name"],
                "description": v["description"],
                "status": GroupStatus.ACTIVE,
                "review_state": ReviewState.SUBMITTED,
                "format": input.format,
                "reach": input.reach,
                "audience": input.audience,
                "region_code": v["region"],
                "contact_point_id": v["contact_point_id"],
                "contact_mode": ContactMode.DIRECT,
                "meeting_rule": v["meeting_rule"],
                "meeting_time": input.meeting_time,
                "languages": "de",
                "address_withheld": False,
                "open_for_new_members": True,
                "source": SOURCE,
                "updated_at": now,
                "version": 1,
            }
            registration = {
                "tool": input.tool.value,
                "meeting_minutes": v["meeting_minutes"],
                "website": v["website"],
                "organisation_id": v["organisation_id"],
                **{name: True for name in CONFIRMATIONS},
                "notice_version": v["notice_version"],
                "management_key_hash": management_key_hash(key),
                "contact_point_asked": False,
                "organisation_asked": False,
                "website_checked": False,
                "submitted_at": now,
            }
            contact = {
                "name": v["contact_name"],
                "email": v["contact_email"],
                "phone": v["contact_phone"],
            }
            group_key = await store.insert_registration(
                conn, group, v["topics"], contact, registration
            )
            logged = {k: (None, group[k]) for k in group if k not in ("updated_at", "source")}
            logged |= {
                k: (None, registration[k])
                for k in registration
                if k not in ("management_key_hash", "submitted_at")
            }
            logged["topics"] = (None, sorted(set(v["topics"])))
            logged |= {f"contact.{k}": (None, personal(contact[k])) for k in contact}
            return Change(registration_id(group_key), "submitGroupRegistration", logged)

        outcome = await perform(info, "submitGroupRegistration", cmid, work, input)
        if outcome.errors:
            return SubmitGroupRegistrationPayload(client_mutation_id=cmid, errors=outcome.errors)
        return SubmitGroupRegistrationPayload(
            client_mutation_id=cmid,
            registration=await load_registration(info, outcome.subject_id),
            management_key=None if outcome.replayed else key,
        )
