"""Root fields for self-help groups."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.national.store import groups as store
from regions.national.store import topics
from regions.protocol import GroupFilter as RegionFilter

from ..arguments import region_code
from ..arguments import text as text_arg
from ..federation.groups import federated_groups
from ..pagination import After, Connection, First
from ..types.enums import GroupFormat, GroupReach
from ..types.group import Group
from .paged import topic_filter


@strawberry.type
class GroupQueries:
    @strawberry.field(
        description="Published self-help groups: the national registry's, then each region's "
        "own (in the order the regions are configured), each source in its own key order. "
        "A region that does not answer in time is left out with a REGION_UNAVAILABLE error."
    )
    async def groups(
        self,
        info: Info,
        region: Annotated[
            str | None,
            strawberry.argument(description="ISO code of the Land the group belongs to."),
        ] = None,
        topic: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only groups on this topic or a narrower one."),
        ] = None,
        text: Annotated[str | None, strawberry.argument(description="Part of the name.")] = None,
        format: GroupFormat | None = None,
        reach: GroupReach | None = None,
        open_for_new_members: bool | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Group]:
        code, topic_ids, words = (
            region_code(region),
            await topic_filter(info, topic),
            text_arg(text),
        )
        stmt = store.filtered(
            store.GroupFilter(
                region=code,
                topic_ids=topic_ids,
                text=words,
                format=format,
                reach=reach,
                open_for_new_members=open_for_new_members,
            )
        )
        slugs = None
        if topic_ids is not None and info.context.regions.sources:
            slugs = await topics.slugs_of(info.context.engine, topic_ids)
        pushed = RegionFilter(
            topic_slugs=slugs,
            text=words,
            format=format,
            reach=reach,
            open_for_new_members=open_for_new_members,
        )
        return await federated_groups(info, stmt, code, pushed, first, after)
