"""GraphQL enums, taken from the sources' shared vocabulary (and the registry's own kinds), so
the two never drift apart."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

import strawberry

from regions.registry import models as m
from regions.sources import vocabulary as v

from .. import caller

E = TypeVar("E", bound=type[enum.Enum])


def described(cls: E, description: str, values: Mapping[str, str]) -> E:
    """A GraphQL enum over a Python enum of a lower layer, each value described by name."""
    wrapped = strawberry.enum(cls, description=description)
    definition = wrapped.__strawberry_definition__  # type: ignore[attr-defined]
    names = [value.name for value in definition.values]
    if sorted(names) != sorted(values):
        raise ValueError(f"{cls.__name__}: describe exactly {names}, not {sorted(values)}")
    for value in definition.values:
        value.description = values[value.name]
    return wrapped


GroupFormat = described(
    v.GroupFormat,
    "How a group meets.",
    {
        "IN_PERSON": "Meets in person, at a place (usually given by its contact point).",
        "DIGITAL": "Meets only online or by telephone.",
        "HYBRID": "Meets in person, and members can join online.",
    },
)
GroupReach = described(
    v.GroupReach,
    "Whom a group is for: a place, one Land, or all of Germany.",
    {
        "LOCAL": "People of one town or district.",
        "STATE": "People of one Land (the group's region).",
        "NATIONWIDE": "People from all of Germany; such a group has no Land.",
    },
)
GroupStatus = described(
    v.GroupStatus,
    "Life cycle of a group.",
    {
        "ACTIVE": "Meets regularly.",
        "FOUNDING": "Being founded: looking for its first members.",
        "PAUSED": "Does not meet for now, expected to meet again.",
        "ENDED": "Does not meet any more; left out of public lists unless asked for.",
    },
)
Audience = described(
    v.Audience,
    "Affected people, relatives, or both.",
    {
        "AFFECTED": "For people who have the condition or problem themselves.",
        "RELATIVES": "For relatives and friends of affected people (Angehörige).",
        "BOTH": "For affected people and their relatives alike.",
    },
)
ContactMode = described(
    v.ContactMode,
    "DIRECT: the group's own contact person; VIA_CONTACT_POINT: only through "
    "the local contact point's public office.",
    {
        "DIRECT": "The group's own contact person may be reached directly (if shown).",
        "VIA_CONTACT_POINT": "Reached only through the local contact point's public office.",
    },
)
ContactPointKind = described(
    m.ContactPointKind,
    "What kind of self-help support structure a contact point is (the NAKOS definitions).",
    {
        "CONTACT_POINT": "A self-help contact point (Selbsthilfekontaktstelle): supporting "
        "self-help is its main task, with its own professional staff.",
        "SUPPORT_POINT": "A self-help support point (Selbsthilfeunterstützungsstelle): "
        "smaller, usually part-time staff, a narrower offer.",
        "BEING_SET_UP": "A contact point being set up (im Aufbau): not yet the full offer.",
        "SECONDARY_TASK": "An institution that supports self-help as a secondary task "
        "(Selbsthilfeunterstützung als Nebenaufgabe), e.g. a health office.",
    },
)

ContactPointService = described(
    m.ContactPointService,
    "A service a contact point offers to self-help groups.",
    {
        "FOUNDING_HELP": "Help founding a new group.",
        "GROUP_ROOMS": "Rooms for group meetings (its own, or found elsewhere).",
        "SUPERVISION": "Supervision for group leaders and members with special roles.",
        "EQUIPMENT_LENDING": "Lends equipment to groups (see `equipment`).",
        "FUNDING_ADVICE": "Advice on funding, from the application to the proof of use.",
        "PUBLIC_RELATIONS": "Help making a group known (tips, campaigns, portals).",
        "TRAINING": "Further training and workshops for self-help activists.",
        "NETWORKING": "Brings groups together to exchange experience.",
    },
)

OrganisationLevel = described(
    m.OrganisationLevel,
    "Whether an organisation works nationwide or in one Land.",
    {
        "BUND": "Nationwide (Bundesebene).",
        "LAND": "In one Land (Landesebene), the Land of `region`.",
    },
)

UmbrellaKind = described(
    m.UmbrellaKind,
    "How an organisation is an umbrella (Dachverband) of others.",
    {
        "CROSS_CONDITION": "Across conditions (indikationsübergreifend), e.g. BAG SELBSTHILFE "
        "nationwide or a LAG SELBSTHILFE in a Land.",
        "CONDITION": "A federation of the groups and associations for one condition.",
        "SUPPORT": "An umbrella of self-help support (e.g. DAG SHG).",
    },
)

DigitalTool = described(
    m.DigitalTool,
    "The main tool a digital group meets with.",
    {
        "VIDEO": "Video conference.",
        "TELEPHONE": "Telephone conference.",
        "CHAT": "Text chat at a set time.",
        "FORUM": "An internet forum (not at a set time).",
        "MESSENGER": "A messenger group.",
    },
)

OrganisationKind = described(
    m.OrganisationKind,
    "Nationwide self-help organisation, internet forum, work platform for groups, "
    "or an institution with self-help relevance.",
    {
        "ORGANISATION": "A nationwide self-help organisation (Bundesvereinigung, Verband).",
        "FORUM": "An internet forum or online community for self-help.",
        "PLATFORM": "A work platform for self-help groups (e.g. a nationwide network).",
        "INSTITUTION": "An institution with self-help relevance, not itself a self-help body.",
    },
)


@strawberry.enum(
    description="Whether the person is affected or a relative. RELATIVES, as in `Audience`, "
    "replaces RELATIVE; both are accepted as input, answers say RELATIVES."
)
class SeekerRole(enum.Enum):
    AFFECTED = strawberry.enum_value("AFFECTED", description="The person has the condition.")
    RELATIVES = strawberry.enum_value(
        "RELATIVES", description="A relative or friend of someone who has the condition."
    )
    RELATIVE = strawberry.enum_value(
        "RELATIVE",
        description="Former name of RELATIVES, still accepted as input.",
        deprecation_reason="Use RELATIVES (the name `Audience` uses).",
    )

    @classmethod
    def of(cls, role: m.SeekerRole) -> SeekerRole:
        """The answer for a stored role: always the current name."""
        return cls.AFFECTED if role is m.SeekerRole.AFFECTED else cls.RELATIVES

    def stored(self) -> m.SeekerRole:
        """The stored role for an input value, old name or new."""
        return m.SeekerRole.AFFECTED if self is SeekerRole.AFFECTED else m.SeekerRole.RELATIVE


@strawberry.enum(description="ISO weekday.")
class Weekday(enum.Enum):
    MONDAY = strawberry.enum_value(1, description="Monday (Montag).")
    TUESDAY = strawberry.enum_value(2, description="Tuesday (Dienstag).")
    WEDNESDAY = strawberry.enum_value(3, description="Wednesday (Mittwoch).")
    THURSDAY = strawberry.enum_value(4, description="Thursday (Donnerstag).")
    FRIDAY = strawberry.enum_value(5, description="Friday (Freitag).")
    SATURDAY = strawberry.enum_value(6, description="Saturday (Samstag).")
    SUNDAY = strawberry.enum_value(7, description="Sunday (Sonntag).")


_CALLERS = {
    "ANONYMOUS": "No token was sent.",
    "PARTNER": "A partner's token, limited to its scopes and purpose.",
    "REGIONAL_OFFICE": "A regional coordination office's token, for its own Land.",
    "NATIONAL_STAFF": "Staff of the national office.",
    "AUDITOR": "An auditor's token: reads the access journal, changes nothing.",
}
CallerKind = described(
    caller.CallerKind,
    "Who acted or read: ANONYMOUS (no token), PARTNER, REGIONAL_OFFICE, "
    "NATIONAL_STAFF or AUDITOR (the token's `kind`).",
    _CALLERS,
)


@strawberry.enum(
    description="Who made a change: one of the caller kinds, or SYSTEM for scheduled "
    "maintenance (`shg retention run`), which no token can claim."
)
class ChangeAuthorKind(enum.Enum):
    ANONYMOUS = strawberry.enum_value("anonymous", description=_CALLERS["ANONYMOUS"])
    PARTNER = strawberry.enum_value("partner", description=_CALLERS["PARTNER"])
    REGIONAL_OFFICE = strawberry.enum_value(
        "regional_office", description=_CALLERS["REGIONAL_OFFICE"]
    )
    NATIONAL_STAFF = strawberry.enum_value("national_staff", description=_CALLERS["NATIONAL_STAFF"])
    AUDITOR = strawberry.enum_value("auditor", description=_CALLERS["AUDITOR"])
    SYSTEM = strawberry.enum_value(
        "system", description="Scheduled maintenance (`shg retention run`), no token."
    )


CareDomain = described(
    m.CareDomain,
    "Whether self-help is health-related or social: it decides the funding a group may apply "
    "for (the statutory health insurers fund health-related self-help under § 20h SGB V).",
    {
        "HEALTH_RELATED": "Health-related self-help: an illness, a disability, an addiction, "
        "mental health, or relatives of people affected by one.",
        "SOCIAL": "Social self-help: a life situation (e.g. single parents, unemployment, "
        "bereavement) without a health reference; no claim on the health insurers' funding.",
    },
)

FundingKind = described(
    m.FundingKind,
    "The form of a funding programme.",
    {
        "LUMP_SUM": "Lump-sum funding (Pauschalförderung) for recurring costs such as room "
        "rent, office supplies, promotional material, seminars.",
        "PROJECT": "Project funding (Projektförderung) for one-off, time-limited projects.",
        "GRANT": "A grant (Zuschuss) whose source names it neither lump sum nor project.",
    },
)

FundingDeadlineKind = described(
    m.FundingDeadlineKind,
    "What an application deadline decides.",
    {
        "SESSION": "Applications in by this date are discussed in the named session.",
        "FINAL": "The last date for applications in the year.",
    },
)
