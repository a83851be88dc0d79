"""A Land and the office that coordinates self-help support there."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE
from regions.sources.protocol import Health, SourceStatus

from ..ids import encode_id
from ..pagination import After, Before, Connection, First, Last, nested, nested_window
from .node import Node
from .office_hours import OfficeHours
from .refs import ContactPointRef, GroupRef
from .source import RegionSource, SourceKind


@strawberry.type(
    description="The office that coordinates self-help support in a Land. Not a contact "
    "point: it has no groups of its own."
)
class CoordinationOffice:
    region_code: strawberry.Private[str]
    name: str = strawberry.field(description="Name of the office.")
    carrier: str | None = strawberry.field(description="Its carrier (Träger).")
    street: str | None = strawberry.field(description="Street and number.")
    postal_code: str | None = strawberry.field(description="Postal code.")
    city: str | None = strawberry.field(description="City, where known.")
    website: str | None = strawberry.field(description="Public website.")
    email: str | None = strawberry.field(description="Public office email.")
    phone: str | None = strawberry.field(description="Public office phone.")
    office_hours_note: str | None = strawberry.field(
        description='A note on the office hours, e.g. "sowie nach Vereinbarung".'
    )

    @strawberry.field(
        description="When the office answers, by weekday; empty where no source gives it."
    )
    async def office_hours(self, info: Info) -> list[OfficeHours]:
        return await info.context.loaders.coordination_hours_by_region.load(self.region_code)


@strawberry.type(description="A German Land (ISO 3166-2 code), the unit regions own data in.")
class Region(Node):
    code: str = strawberry.field(description="ISO 3166-2 code, e.g. DE-BY.")
    name: str = strawberry.field(description="German name of the Land.")
    population: int = strawberry.field(description="Inhabitants (latest official figure).")
    coordination_office: CoordinationOffice = strawberry.field(
        description="Who coordinates self-help support in this Land."
    )

    @classmethod
    def from_row(cls, row: Any) -> Region:
        return cls(
            id=strawberry.ID(encode_id("Region", SOURCE, row.code)),
            code=row.code,
            name=row.name,
            population=row.population,
            coordination_office=CoordinationOffice(
                region_code=row.code,
                office_hours_note=getattr(row, "office_hours_note", None),
                name=row.office_name,
                carrier=row.office_carrier,
                street=row.office_street,
                postal_code=row.office_postal_code,
                city=row.office_city,
                website=row.office_website,
                email=row.office_email,
                phone=row.office_phone,
            ),
        )

    @strawberry.field(description="Local contact points in this Land, by id.")
    async def contact_points(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ContactPointRef]:
        return await nested(info, "Region.contactPoints", self.code, first, after, last, before)

    @strawberry.field(
        description="Published groups of this Land that have not ended: the national "
        "registry's, then those of the region's own source, if it has one, each by id."
    )
    async def groups(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GroupRef]:
        win = nested_window(info, first, after, last, before)
        return await info.context.groups.of_region(self.code, win)

    @strawberry.field(description="The region's own data source; null if it has none.")
    async def source(self, info: Info) -> RegionSource | None:
        calls = info.context.regions
        if not calls.owns(self.code):
            return None
        health = await calls.health(self.code)
        if self.code in calls.failed:  # failed in this request, whatever the check said
            health = Health(SourceStatus.DOWN, None, calls.failed[self.code])
        return RegionSource(
            kind=SourceKind(calls.sources[self.code].kind),
            status=health.status,
            latency_ms=health.latency_ms,
            detail=health.detail,
        )
