"""Root field for funding programmes (public data)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import funding as store

from ..arguments import region_code
from ..errors import BadUserInput
from ..ids import decode_int_key
from ..pagination import After, Before, Connection, First, Last
from ..types.enums import CareDomain
from ..types.funding import FundingProgramme
from .paged import page


async def _topic_care(info: Info, topic: strawberry.ID) -> CareDomain | None:
    key = decode_int_key(topic, "Topic", argument="topic")
    found = await info.context.loaders.topic_by_id.load(key)
    if found is None:
        raise BadUserInput("topic", "no such topic")
    return found.care_domain


@strawberry.type
class FundingQueries:
    @strawberry.field(
        description="Funding programmes for self-help groups (GKV under § 20h SGB V, a "
        "city's fund, ...), by id. Listing entitles to nothing: each funder decides."
    )
    async def funding_programmes(
        self,
        info: Info,
        region: Annotated[
            str | None,
            strawberry.argument(
                description="ISO code of a Land: only programmes open to its groups "
                "(nationwide ones, the Land's own and its towns')."
            ),
        ] = None,
        topic: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only programmes open to groups on this topic (by the topic's "
                "care domain; none for a topic not classified)."
            ),
        ] = None,
        group_kind: Annotated[
            CareDomain | None,
            strawberry.argument(
                description="Only programmes for health-related or for social self-help."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[FundingProgramme]:
        code = region_code(region)
        nothing = False
        care = group_kind
        if topic is not None:
            topic_care = await _topic_care(info, topic)
            nothing = topic_care is None or (care is not None and care != topic_care)
            care = topic_care
        stmt = store.filtered(store.FundingFilter(region_code=code, care=care, nothing=nothing))
        return await page(
            info,
            stmt,
            store.programmes.c.id,
            FundingProgramme.from_row,
            first,
            after,
            last=last,
            before=before,
        )
