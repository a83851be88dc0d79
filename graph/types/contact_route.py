"""How an anonymous visitor can reach a group: a mediated request, or its contact point's
public office."""

from __future__ import annotations

import enum

import strawberry
from strawberry.types import Info

from .contact_point import ContactPoint


@strawberry.enum(description="A way anyone (no token) can reach a group.")
class ContactRouteKind(enum.Enum):
    MEDIATED = strawberry.enum_value(
        "MEDIATED",
        description="`requestContact` with the group's id: the message is emailed to the "
        "group's contact person (or, for a group reached via its contact point, to the "
        "contact point) without showing the sender the address; the recipient answers the "
        "sender directly.",
    )
    CONTACT_POINT_OFFICE = strawberry.enum_value(
        "CONTACT_POINT_OFFICE",
        description="The public office phone or email of the group's contact point "
        "(`contactPoint`).",
    )


@strawberry.type(description="One way to reach a group without a token.")
class ContactRoute:
    contact_point_key: strawberry.Private[int | None]
    kind: ContactRouteKind = strawberry.field(description="Which way.")

    @strawberry.field(
        description="For CONTACT_POINT_OFFICE: the contact point whose public office phone or "
        "email to use; null for MEDIATED."
    )
    async def contact_point(self, info: Info) -> ContactPoint | None:
        if self.contact_point_key is None:
            return None
        return await info.context.loaders.contact_point_by_id.load(self.contact_point_key)
