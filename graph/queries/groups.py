"""Root fields for self-help groups."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.national.store import groups as store

from ..arguments import region_code
from ..arguments import text as text_arg
from ..pagination import After, Connection, First
from ..types.enums import GroupFormat, GroupReach
from ..types.group import Group
from .paged import page, topic_filter


@strawberry.type
class GroupQueries:
    @strawberry.field(description="Published self-help groups, by id.")
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
        stmt = store.filtered(
            store.GroupFilter(
                region=region_code(region),
                topic_ids=await topic_filter(info, topic),
                text=text_arg(text),
                format=format,
                reach=reach,
                open_for_new_members=open_for_new_members,
            )
        )
        return await page(info, stmt, store.groups.c.id, Group.from_row, first, after)
