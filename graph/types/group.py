"""A self-help group: what it is about, how and where it meets, how to reach it."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE
from regions.sources.vocabulary import ContactMode as _Mode
from regions.sources.vocabulary import GroupFormat as _Format
from regions.sources.vocabulary import GroupStatus as _Status

from ..care import group_care
from ..ids import encode_id
from ..permissions import access_field, protected
from ..protected import GROUP_CONTACT, GROUP_MEETING_LINK
from .common import Address, ContactPerson, Provenance, location
from .contact_point import ContactPoint
from .contact_route import ContactRoute, routes
from .enums import (
    Audience,
    CareDomain,
    ContactMode,
    DigitalTool,
    GroupFormat,
    GroupReach,
    GroupStatus,
)
from .funding import FundingProgramme
from .meeting import Accessibility, Meeting
from .node import Node
from .organisation import Organisation
from .region import Region
from .topic import Topic


def _place(row: Any) -> Address | None:
    if row.city is None and row.postal_code is None:
        return None
    if row.address_withheld:
        return Address(street=None, postal_code=None, city=row.city, location=None)
    return Address(
        street=None,
        postal_code=row.postal_code,
        city=row.city,
        location=location(row.latitude, row.longitude),
    )


@strawberry.type(
    description="What the national database of digital self-help groups records about a "
    "digital or hybrid group for its admission. Each field is null where not recorded."
)
class DigitalDetails:
    website: str | None = strawberry.field(description="The group's own public website.")
    tool: DigitalTool | None = strawberry.field(description="The main tool it meets with.")
    meeting_minutes: int | None = strawberry.field(
        description="How long a meeting usually lasts, in minutes."
    )
    group_size: int | None = strawberry.field(
        description="How many people usually take part in a meeting."
    )
    no_professional_leadership: bool | None = strawberry.field(
        description="The group confirmed that it is not led by professionals (an admission "
        "condition); null while not yet confirmed."
    )
    funding_disclosed: bool | None = strawberry.field(
        description="The group confirmed that it discloses its funding and sponsors (an "
        "admission condition); null while not yet confirmed."
    )

    @classmethod
    def from_record(cls, r: Any) -> DigitalDetails | None:
        """Null for in-person groups and for records without these fields (a region's)."""
        if r.format is _Format.IN_PERSON or not hasattr(r, "tool"):
            return None
        return cls(
            website=r.website,
            tool=r.tool,
            meeting_minutes=r.meeting_minutes,
            group_size=r.group_size,
            no_professional_leadership=r.no_professional_leadership,
            funding_disclosed=r.funding_disclosed,
        )


@strawberry.type(
    description="A self-help group (local, state-wide or nationwide; in person or digital)."
)
class Group(Node):
    key: strawberry.Private[int]
    region_code: strawberry.Private[str | None]
    contact_point_key: strawberry.Private[int | None]
    name: str = strawberry.field(description="Name of the group.")
    description: str = strawberry.field(description="What the group is about, in German.")
    status: GroupStatus = strawberry.field(description="Active, being founded, paused or ended.")
    format: GroupFormat = strawberry.field(description="In person, digital or hybrid.")
    reach: GroupReach = strawberry.field(description="Local, state-wide or nationwide.")
    audience: Audience = strawberry.field(description="Affected people, relatives, or both.")
    place: Address | None = strawberry.field(
        description="Where the group meets: town and postal code; only the town when the "
        "group withholds its address; null for groups without a place."
    )
    address_withheld: bool = strawberry.field(
        description="The group does not publish where it meets; ask its contact point."
    )
    meeting: Meeting = strawberry.field(description="When the group meets.")
    languages: list[str] = strawberry.field(description="Languages spoken (ISO 639-1).")
    accessibility: Accessibility = strawberry.field(description="Accessibility of meetings.")
    open_for_new_members: bool = strawberry.field(description="New members are welcome.")
    contact_mode: ContactMode = strawberry.field(
        description="Whether the group is reached directly or only through its contact point."
    )
    digital: DigitalDetails | None = strawberry.field(
        description="For a digital or hybrid group of the national registry: website, tool, "
        "meeting length, size and the admission confirmations. Null for in-person groups and "
        "for a region's groups (the Länder's systems do not record these)."
    )
    provenance: Provenance = strawberry.field(description="Source and currency of this record.")
    version: int | None = strawberry.field(
        description="The registry's version of this group (goes up with every change made "
        "through the API; pass it as `expectedVersion`); null for a region's group."
    )
    source: strawberry.Private[str] = SOURCE  # a region's code for a region's group
    topic_slugs: strawberry.Private[tuple[str, ...] | None] = None
    # what graph/prefetch.py loaded ahead for this group, by GraphQL field name
    prefetched: strawberry.Private[dict[str, Any] | None] = None
    organisation_key: strawberry.Private[int | None] = None

    @classmethod
    def from_row(cls, row: Any) -> Group:
        """A row of the national registry."""
        return cls.from_record(
            row, key=row.id, source=SOURCE, contact_point_key=row.contact_point_id
        )

    @classmethod
    def from_record(
        cls,
        r: Any,
        *,
        key: Any,
        source: str,
        contact_point_key: int | None,
        topic_slugs: tuple[str, ...] | None = None,
    ) -> Group:
        """Any source's group with the registry's attribute names; the id names the source."""
        return cls(
            id=strawberry.ID(encode_id("Group", source, key)),
            key=key,
            region_code=r.region_code,
            contact_point_key=contact_point_key,
            name=r.name,
            description=r.description,
            status=r.status,
            format=r.format,
            reach=r.reach,
            audience=r.audience,
            place=_place(r),
            address_withheld=r.address_withheld,
            meeting=Meeting(rule=r.meeting_rule, time=r.meeting_time, note=r.meeting_note),
            languages=r.languages.split(),
            accessibility=Accessibility(
                wheelchair_accessible=r.wheelchair_accessible, note=r.accessibility_note
            ),
            open_for_new_members=r.open_for_new_members,
            contact_mode=r.contact_mode,
            digital=DigitalDetails.from_record(r),
            provenance=Provenance.from_row(r),
            version=getattr(r, "version", None) if source == SOURCE else None,
            source=source,
            topic_slugs=topic_slugs,
            organisation_key=getattr(r, "organisation_id", None),
        )

    @strawberry.field(description="The group is being founded and looks for its first members.")
    def being_founded(self) -> bool:
        return self.status is _Status.FOUNDING

    # Plain (not async) resolvers: the value itself when prefetched (graph/prefetch.py),
    # else the loader's awaitable, which graphql-core awaits as before.
    @strawberry.field(description="The Land the group belongs to; null for nationwide groups.")
    def region(self, info: Info) -> Region | None:
        if self.region_code is None:
            return None
        if self.prefetched is not None and "region" in self.prefetched:
            return self.prefetched["region"]  # type: ignore[no-any-return]
        return info.context.loaders.region_by_code.load(self.region_code)  # type: ignore[no-any-return]

    @strawberry.field(description="The local contact point the group is linked to, if any.")
    def contact_point(self, info: Info) -> ContactPoint | None:
        if self.contact_point_key is None:
            return None
        if self.prefetched is not None and "contactPoint" in self.prefetched:
            return self.prefetched["contactPoint"]  # type: ignore[no-any-return]
        return info.context.loaders.contact_point_by_id.load(self.contact_point_key)  # type: ignore[no-any-return]

    @strawberry.field(
        description="How anyone (no token) can reach the group: a mediated request "
        "(`requestContact`) and/or the public office of its contact point; empty only when "
        "there is no way at all (then a frontend can offer its contact point's website or "
        "the national office). Read without a statement per group (one per page)."
    )
    async def contact_routes(self, info: Info) -> list[ContactRoute]:
        loader = info.context.loaders.route_facts
        point = self.contact_point_key
        own = self.source == SOURCE and self.contact_mode == _Mode.DIRECT
        group_facts, office = await asyncio.gather(
            loader.load(("group", self.key)) if own else _none(),
            loader.load(("office", point)) if point is not None else _none(),
        )
        if self.contact_mode == _Mode.DIRECT:
            # a region's group: its contact is the region's (read only when a request is sent)
            mediated = bool(group_facts and group_facts.mediated) if own else True
        else:  # to the contact point: its office email, else its staff's (never shown)
            mediated = bool(office and office.mediated)
        return routes(mediated, office, point)

    @strawberry.field(
        description="The self-help organisation (nationwide or of its Land) the group belongs "
        "to; null if none, or for a region's group (the Länder's systems do not record it)."
    )
    async def organisation(self, info: Info) -> Organisation | None:
        if self.organisation_key is None:
            return None
        return await info.context.loaders.organisation_by_id.load(self.organisation_key)

    @strawberry.field(description="Topics of the group, by name.")
    def topics(self, info: Info) -> list[Topic]:
        if self.prefetched is not None and "topics" in self.prefetched:
            return self.prefetched["topics"]  # type: ignore[no-any-return]
        return info.context.groups.topics(self)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Health-related or social self-help, derived from the group's topics: "
        "health-related when any topic is, social when all classified topics are social; null "
        "when no topic is classified. Decides `fundingProgrammes`."
    )
    async def care_domain(self, info: Info) -> CareDomain | None:
        return group_care(topic.care_domain for topic in await info.context.groups.topics(self))

    @strawberry.field(
        description="Funding programmes the group may apply for: those for its care "
        "domain that are nationwide, of its Land, or of its town (a city's fund). Listing "
        "entitles to nothing: each funder decides."
    )
    async def funding_programmes(self, info: Info) -> list[FundingProgramme]:
        care = group_care(t.care_domain for t in await info.context.groups.topics(self))
        if care is None:
            return []
        town = self.place.city if self.place is not None else None
        key = (care, self.region_code, town.strip().casefold() if town else None)
        return await info.context.loaders.programmes_open_to.load(key)

    contact_access = access_field(GROUP_CONTACT)

    @protected(GROUP_CONTACT)
    async def contact(self, info: Info) -> ContactPerson | None:
        return await info.context.groups.contact(self)

    @protected(GROUP_MEETING_LINK)
    async def meeting_link(self, info: Info) -> str | None:
        return await info.context.groups.meeting_link(self)


async def _none() -> None:
    return None
