"""Root fields for the Länder."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import regions as store

from ..arguments import region_code
from ..pagination import After, Before, Connection, First, Last
from ..types.region import Region
from .paged import page


@strawberry.type
class RegionQueries:
    @strawberry.field(description="The 16 Länder, by ISO code.")
    async def regions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Region]:
        return await page(
            info,
            store.all_regions(),
            store.regions.c.code,
            Region.from_row,
            first,
            after,
            str,
            last=last,
            before=before,
        )

    @strawberry.field(description="One Land by its ISO 3166-2 code, e.g. DE-BY.")
    async def region(
        self,
        info: Info,
        code: Annotated[
            str, strawberry.argument(description='ISO 3166-2 code of the Land, e.g. "DE-BY".')
        ],
    ) -> Region | None:
        checked = region_code(code, argument="code")
        return await info.context.loaders.region_by_code.load(checked)
