"""A nationwide organisation, forum, platform or institution ("green" address)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE

from ..ids import encode_id
from ..permissions import access_field, protected
from ..protected import ORGANISATION_CONTACTS
from .common import Address, ContactPerson, Provenance
from .enums import OrganisationKind, OrganisationLevel, UmbrellaKind
from .node import Node
from .region import Region
from .topic import Topic


@strawberry.type(
    description="A self-help organisation, forum, platform or institution, nationwide or of "
    "one Land (`level`)."
)
class Organisation(Node):
    key: strawberry.Private[int]
    region_code: strawberry.Private[str | None]
    name: str = strawberry.field(description="Name of the organisation.")
    kind: OrganisationKind = strawberry.field(description="What kind of organisation it is.")
    description: str = strawberry.field(description="What it offers, in German.")
    website: str | None = strawberry.field(description="Public website.")
    address: Address = strawberry.field(description="Seat of the organisation.")
    office_phone: str | None = strawberry.field(description="Public office phone.")
    office_email: str | None = strawberry.field(description="Public office email.")
    level: OrganisationLevel = strawberry.field(
        description="Nationwide (BUND) or of one Land (LAND: the Land of `region`)."
    )
    umbrella_kind: UmbrellaKind | None = strawberry.field(
        description="How it is an umbrella of other organisations; null if it is none or "
        "no source says."
    )
    provenance: Provenance = strawberry.field(description="Source and currency of this record.")
    version: int = strawberry.field(
        description="Goes up with every change made through the API; pass it as "
        "`expectedVersion` to `updateOrganisation`."
    )

    @classmethod
    def from_row(cls, row: Any) -> Organisation:
        return cls(
            id=strawberry.ID(encode_id("Organisation", SOURCE, row.id)),
            key=row.id,
            region_code=row.region_code,
            name=row.name,
            kind=row.kind,
            description=row.description,
            website=row.website,
            address=Address(
                street=row.street, postal_code=row.postal_code, city=row.city, location=None
            ),
            office_phone=row.office_phone,
            office_email=row.office_email,
            level=getattr(row, "level", None) or OrganisationLevel.BUND,
            umbrella_kind=getattr(row, "umbrella_kind", None),
            provenance=Provenance.from_row(row),
            version=getattr(row, "version", 1),
        )

    @strawberry.field(description="The Land of its seat.")
    async def region(self, info: Info) -> Region | None:
        if self.region_code is None:
            return None
        return await info.context.loaders.region_by_code.load(self.region_code)

    @strawberry.field(description="Topics the organisation works on.")
    async def topics(self, info: Info) -> list[Topic]:
        return await info.context.loaders.topics_by_organisation.load(self.key)

    contact_access = access_field(ORGANISATION_CONTACTS)

    @protected(ORGANISATION_CONTACTS)
    async def contacts(self, info: Info) -> list[ContactPerson] | None:
        return await info.context.loaders.contacts_by_organisation.load(self.key)
