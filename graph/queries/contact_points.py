"""Root fields for local contact points."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import contact_points as store
from regions.registry.store import search
from regions.sources.search.query import GroupFilter

from ..arguments import postal_code as postal_code_arg
from ..arguments import region_code
from ..pagination import After, Before, Connection, First, Last
from ..search.arguments import Near_, Text, terms
from ..search.arguments import near as near_arg
from ..types.contact_point import ContactPoint
from .paged import page


@strawberry.type
class ContactPointQueries:
    @strawberry.field(description="Local self-help contact points, by id.")
    async def contact_points(
        self,
        info: Info,
        region: Annotated[
            str | None, strawberry.argument(description="ISO code of a Land.")
        ] = None,
        text: Text = None,
        near: Near_ = None,
        postal_code: Annotated[
            str | None,
            strawberry.argument(description="Exact five-digit postal code of the office."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ContactPoint]:
        found = GroupFilter(terms=await terms(info, text), near=await near_arg(info, near))
        stmt = store.filtered(
            store.ContactPointFilter(
                region=region_code(region), postal_code=postal_code_arg(postal_code)
            ),
            search.matching(search.CONTACT_POINTS, found),
        )
        return await page(
            info,
            stmt,
            store.contact_points.c.id,
            ContactPoint.from_row,
            first,
            after,
            last=last,
            before=before,
        )
