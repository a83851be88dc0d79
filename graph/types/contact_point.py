"""A local self-help contact point ("red" address): office, hours, groups it supports."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE

from ..ids import encode_id
from ..pagination import After, Before, Connection, First, Last, nested_window
from ..permissions import access_field, protected
from ..protected import CONTACT_POINT_STAFF
from .common import Address, ContactPerson, Provenance, location
from .contact_route import ContactRoute, routes
from .enums import ContactPointKind, ContactPointService
from .node import Node
from .office_hours import OfficeHours
from .refs import GroupRef
from .region import Region


@strawberry.type(description="A local self-help contact point (Selbsthilfekontaktstelle).")
class ContactPoint(Node):
    key: strawberry.Private[int]
    region_code: strawberry.Private[str]
    main_office_key: strawberry.Private[int | None]
    name: str = strawberry.field(description="Name of the contact point.")
    carrier: str | None = strawberry.field(description="Its carrier (Träger).")
    address: Address = strawberry.field(description="Office address.")
    office_phone: str | None = strawberry.field(description="Public office phone.")
    office_email: str | None = strawberry.field(description="Public office email.")
    website: str | None = strawberry.field(description="Public website.")
    office_hours_note: str | None = strawberry.field(
        description='A note on the office hours, e.g. "Termine nach Vereinbarung" (by appointment).'
    )
    kind: ContactPointKind | None = strawberry.field(
        description="What kind of support structure it is; null where no source says."
    )
    services: list[ContactPointService] = strawberry.field(
        description="What it offers to groups; empty where no source says (not: offers none)."
    )
    equipment: list[str] = strawberry.field(
        description='Equipment groups can borrow, as the office names it (e.g. "Beamer").'
    )
    by_appointment: bool | None = strawberry.field(
        description="Consultations are also possible by appointment outside the office hours; "
        "null where unknown."
    )
    accessibility_note: str | None = strawberry.field(
        description="Accessibility of the office (entrance, lift, rooms); null where unknown."
    )
    languages: list[str] = strawberry.field(
        description="Languages consultations are offered in (ISO 639-1); empty where unknown."
    )
    fees_note: str | None = strawberry.field(
        description="What its offers cost, if anything; null where unknown."
    )
    provenance: Provenance = strawberry.field(description="Source and currency of this record.")
    version: int = strawberry.field(
        description="Goes up with every change made through the API; pass it as "
        "`expectedVersion` to `updateContactPoint`."
    )

    @classmethod
    def from_row(cls, row: Any) -> ContactPoint:
        return cls(
            id=strawberry.ID(encode_id("ContactPoint", SOURCE, row.id)),
            key=row.id,
            region_code=row.region_code,
            main_office_key=row.main_office_id,
            name=row.name,
            carrier=row.carrier,
            address=Address(
                street=row.street,
                postal_code=row.postal_code,
                city=row.city,
                location=location(row.latitude, row.longitude),
            ),
            office_phone=row.office_phone,
            office_email=row.office_email,
            website=row.website,
            office_hours_note=getattr(row, "office_hours_note", None),
            kind=getattr(row, "kind", None),
            services=[ContactPointService[s] for s in (getattr(row, "services", "") or "").split()],
            equipment=[e for e in (getattr(row, "equipment", "") or "").split("|") if e],
            by_appointment=getattr(row, "by_appointment", None),
            accessibility_note=getattr(row, "accessibility_note", None),
            languages=(getattr(row, "languages", None) or "").split(),
            fees_note=getattr(row, "fees_note", None),
            provenance=Provenance.from_row(row),
            version=getattr(row, "version", 1),
        )

    @strawberry.field(
        description="How anyone (no token) can reach this contact point: MEDIATED "
        "(`requestContact`: to its office email, else to a staff member's, never shown) "
        "and/or CONTACT_POINT_OFFICE (its public phone or email). One statement per page."
    )
    async def contact_routes(self, info: Info) -> list[ContactRoute]:
        info.context.loaders.contact_point_by_id.prime(self.key, self)  # its route names it
        office = await info.context.loaders.route_facts.load(("office", self.key))
        return routes(bool(office and office.mediated), office, self.key)

    @strawberry.field(description="True for a main office, false for a branch office.")
    def is_main_office(self) -> bool:
        return self.main_office_key is None

    @strawberry.field(description="The Land it is in.")
    def region(self, info: Info) -> Region | None:
        return info.context.loaders.region_by_code.load(self.region_code)  # type: ignore[no-any-return]

    @strawberry.field(description="For a branch office: its main office.")
    def main_office(self, info: Info) -> ContactPoint | None:
        if self.main_office_key is None:
            return None
        return info.context.loaders.contact_point_by_id.load(self.main_office_key)  # type: ignore[no-any-return]

    @strawberry.field(description="For a main office: its branch offices.")
    def branches(self, info: Info) -> list[ContactPoint]:
        return info.context.loaders.branches_by_contact_point.load(self.key)  # type: ignore[no-any-return]

    @strawberry.field(description="When the office is open, by weekday.")
    def office_hours(self, info: Info) -> list[OfficeHours]:
        return info.context.loaders.office_hours_by_contact_point.load(self.key)  # type: ignore[no-any-return]

    @strawberry.field(description="Districts (Kreise, cities) this contact point serves.")
    def districts(self, info: Info) -> list[str]:
        return info.context.loaders.districts_by_contact_point.load(self.key)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Published groups linked to this contact point that have not ended: the "
        "national registry's, then those of the region that owns this Land, each by id. "
        "All of them: `groups(contactPoint:)`, which also takes the filters."
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
        return await info.context.groups.of_contact_point(self.region_code, self.key, win)

    contact_access = access_field(CONTACT_POINT_STAFF)

    @protected(CONTACT_POINT_STAFF)
    async def staff(self, info: Info) -> list[ContactPerson] | None:
        return await info.context.loaders.staff_by_contact_point.load(self.key)
