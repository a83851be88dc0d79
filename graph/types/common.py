"""Small value types shared by several entities: places, provenance, contact persons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry


@strawberry.type(description="A point on the map (WGS 84).")
class Location:
    latitude: float = strawberry.field(description="Degrees north.")
    longitude: float = strawberry.field(description="Degrees east.")


@strawberry.type(description="A postal address in Germany; parts may be missing.")
class Address:
    street: str | None = strawberry.field(description="Street and number.")
    postal_code: str | None = strawberry.field(description="Five-digit German postal code.")
    city: str | None = strawberry.field(description="Town or city.")
    location: Location | None = strawberry.field(description="Centroid of the place, where known.")


@strawberry.type(description="Where a record comes from and how current it is.")
class Provenance:
    source: str = strawberry.field(description="The source that owns the record, e.g. nakos.")
    last_modified: datetime = strawberry.field(description="When the record last changed.")
    last_verified: datetime | None = strawberry.field(
        description="When the owner last confirmed the record is correct."
    )

    @classmethod
    def from_row(cls, row: Any) -> Provenance:
        return cls(source=row.source, last_modified=row.updated_at, last_verified=row.verified_at)


@strawberry.type(description="A named person to contact. Personal data.")
class ContactPerson:
    name: str | None = strawberry.field(description="Full name.")
    role: str | None = strawberry.field(description="Role or function, where given.")
    phone: str | None = strawberry.field(description="Direct phone number.")
    email: str | None = strawberry.field(description="Direct email address.")

    @classmethod
    def from_row(cls, row: Any) -> ContactPerson:
        mapping = row._mapping
        return cls(
            name=mapping.get("name"),
            role=mapping.get("role"),
            phone=mapping.get("phone"),
            email=mapping.get("email"),
        )


def location(latitude: float | None, longitude: float | None) -> Location | None:
    if latitude is None or longitude is None:
        return None
    return Location(latitude=latitude, longitude=longitude)
