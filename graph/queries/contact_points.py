"""Root fields for local contact points."""

from __future__ import annotations

import re
from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.national.store import contact_points as store

from ..arguments import region_code
from ..arguments import text as text_arg
from ..errors import BadUserInput
from ..pagination import After, Connection, First
from ..types.contact_point import ContactPoint
from .paged import page

POSTAL_CODE = re.compile(r"\d{5}")


def postal_code(value: str | None) -> str | None:
    if value is not None and not POSTAL_CODE.fullmatch(value):
        raise BadUserInput("postalCode", "a German postal code has five digits")
    return value


@strawberry.type
class ContactPointQueries:
    @strawberry.field(description="Local self-help contact points, by id.")
    async def contact_points(
        self,
        info: Info,
        region: Annotated[
            str | None, strawberry.argument(description="ISO code of a Land.")
        ] = None,
        text: Annotated[
            str | None, strawberry.argument(description="Part of the name or the town.")
        ] = None,
        postal_code: Annotated[
            str | None,
            strawberry.argument(description="Exact five-digit postal code of the office."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[ContactPoint]:
        stmt = store.filtered(
            store.ContactPointFilter(
                region=region_code(region),
                text=text_arg(text),
                postal_code=postal_code(postal_code),
            )
        )
        return await page(
            info, stmt, store.contact_points.c.id, ContactPoint.from_row, first, after
        )
