"""How an anonymous visitor can reach a group, a contact point or a rare-condition entry: a
mediated request, or a contact point's public office."""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from strawberry.types import Info

from .refs import ContactPointRef


@strawberry.enum(description="A way anyone (no token) can reach a group or contact point.")
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
        description="The public office phone or email of the contact point named in "
        "`contactPoint` (the group's, or the contact point itself).",
    )


@strawberry.type(description="One way to reach someone without a token.")
class ContactRoute:
    contact_point_key: strawberry.Private[int | None]
    kind: ContactRouteKind = strawberry.field(description="Which way.")

    @strawberry.field(
        description="For CONTACT_POINT_OFFICE: the contact point whose public office phone or "
        "email to use; null for MEDIATED."
    )
    async def contact_point(self, info: Info) -> ContactPointRef | None:
        if self.contact_point_key is None:
            return None
        return await info.context.loaders.contact_point_by_id.load(self.contact_point_key)


def routes(mediated: bool, office: Any, point: int | None) -> list[ContactRoute]:
    """The routes from what the loader found: MEDIATED when a mediated request has somewhere
    to go; CONTACT_POINT_OFFICE when the contact point publishes a phone or email."""
    found = []
    if mediated:
        found.append(ContactRoute(kind=ContactRouteKind.MEDIATED, contact_point_key=None))
    if office is not None and (office.email or office.phone):
        found.append(
            ContactRoute(kind=ContactRouteKind.CONTACT_POINT_OFFICE, contact_point_key=point)
        )
    return found
