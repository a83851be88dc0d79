"""GraphQL enums, taken from the sources' shared vocabulary (and the registry's own kinds), so
the two never drift apart."""

from __future__ import annotations

import enum

import strawberry

from regions.registry import models as m
from regions.sources import vocabulary as v

from .. import caller

GroupFormat = strawberry.enum(v.GroupFormat, description="How a group meets.")
GroupReach = strawberry.enum(
    v.GroupReach, description="Whom a group is for: a place, one Land, or all of Germany."
)
GroupStatus = strawberry.enum(v.GroupStatus, description="Life cycle of a group.")
Audience = strawberry.enum(v.Audience, description="Affected people, relatives, or both.")
ContactMode = strawberry.enum(
    v.ContactMode,
    description="DIRECT: the group's own contact person; VIA_CONTACT_POINT: only through "
    "the local contact point's public office.",
)
OrganisationKind = strawberry.enum(
    m.OrganisationKind,
    description="Nationwide self-help organisation, internet forum, work platform for groups, "
    "or an institution with self-help relevance.",
)
SeekerRole = strawberry.enum(
    m.SeekerRole, description="Whether the person is affected or a relative."
)


@strawberry.enum(description="ISO weekday.")
class Weekday(enum.Enum):
    MONDAY = 1
    TUESDAY = 2
    WEDNESDAY = 3
    THURSDAY = 4
    FRIDAY = 5
    SATURDAY = 6
    SUNDAY = 7


CallerKind = strawberry.enum(
    caller.CallerKind,
    description="Who acted or read: ANONYMOUS (no token), PARTNER, REGIONAL_OFFICE, "
    "NATIONAL_STAFF or AUDITOR (the token's `kind`).",
)


@strawberry.enum(
    description="Who made a change: one of the caller kinds, or SYSTEM for scheduled "
    "maintenance (`shg retention run`), which no token can claim."
)
class ChangeAuthorKind(enum.Enum):
    ANONYMOUS = "anonymous"
    PARTNER = "partner"
    REGIONAL_OFFICE = "regional_office"
    NATIONAL_STAFF = "national_staff"
    AUDITOR = "auditor"
    SYSTEM = "system"
