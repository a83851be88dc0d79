"""Root fields for the topic taxonomy."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import topics as store

from ..arguments import text
from ..pagination import After, Before, Connection, First, Last
from ..types.topic import Topic
from .paged import page


@strawberry.type
class TopicQueries:
    @strawberry.field(description="Topics, by id; `search` matches names and synonyms.")
    async def topics(
        self,
        info: Info,
        search: Annotated[
            str | None,
            strawberry.argument(description="Part of a topic's name or synonym, any case."),
        ] = None,
        roots_only: Annotated[
            bool, strawberry.argument(description="Only top-level topics.")
        ] = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Topic]:
        stmt = store.filtered(text(search, "search"), roots_only)
        return await page(
            info, stmt, store.topics.c.id, Topic.from_row, first, after, last=last, before=before
        )
