"""Root fields for self-help groups."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import search as search_store
from regions.sources.protocol import GroupFilter as RegionFilter

from .. import prefetch
from ..arguments import region_code, topic_subtree
from ..group_filters import (
    AudienceArg,
    Language,
    OpenForNewMembers,
    Statuses,
    Wheelchair,
    group_facts,
)
from ..ids import decode_int_key
from ..pagination import After, Before, Connection, First, Last, window
from ..search.arguments import Near_, Text, terms
from ..search.arguments import near as near_arg
from ..types.enums import GroupFormat, GroupReach
from ..types.group import Group


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
        text: Text = None,
        near: Near_ = None,
        format: Annotated[
            GroupFormat | None, strawberry.argument(description="Only groups meeting so.")
        ] = None,
        reach: Annotated[
            GroupReach | None, strawberry.argument(description="Only groups of this reach.")
        ] = None,
        open_for_new_members: OpenForNewMembers = None,
        contact_point: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only groups linked to this contact point."),
        ] = None,
        status: Statuses = None,
        audience: AudienceArg = None,
        language: Language = None,
        wheelchair_accessible: Wheelchair = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Group]:
        code = region_code(region)
        slugs = await topic_subtree(info, topic, "slug")
        point = None
        if contact_point is not None:
            point = decode_int_key(contact_point, "ContactPoint", argument="contactPoint")
        pushed = RegionFilter(
            **group_facts(status, audience, language, wheelchair_accessible),
            contact_point_key=point,
            topic_slugs=slugs,
            terms=await terms(info, text),
            formats=None if format is None else (format,),
            reach=reach,
            open_for_new_members=open_for_new_members,
            near=await near_arg(info, near),
        )
        stmt = search_store.groups_matching(pushed, code)
        settings = info.context.settings
        win = window(first, after, settings, last=last, before=before, decode=False)
        page = await info.context.groups.page(stmt, code, pushed, win)
        await prefetch.groups(info, [edge.node for edge in page.edges])
        return page
