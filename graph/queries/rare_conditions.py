"""Root fields for rare-condition searches."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import rare_conditions as store
from regions.registry.store import search
from regions.sources.search.query import GroupFilter

from ..arguments import region_code, topic_subtree
from ..pagination import After, Before, Connection, First, Last
from ..search.arguments import Text, terms
from ..types.rare_condition import RareConditionSearch
from .paged import page


@strawberry.type
class RareConditionQueries:
    @strawberry.field(
        description="Current searches of people with a rare condition for peers, by id. "
        "Expired entries are never listed."
    )
    async def rare_condition_searches(
        self,
        info: Info,
        region: Annotated[
            str | None, strawberry.argument(description="ISO code of a Land.")
        ] = None,
        text: Text = None,
        topic: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only searches for a condition on this topic."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[RareConditionSearch]:
        found = GroupFilter(terms=await terms(info, text))
        stmt = store.filtered(
            store.RareConditionFilter(
                region=region_code(region), topic_ids=await topic_subtree(info, topic)
            ),
            search.matching(search.RARE_SEARCHES, found),
        )
        return await page(
            info,
            stmt,
            store.searches.c.id,
            RareConditionSearch.from_row,
            first,
            after,
            last=last,
            before=before,
        )
