"""The root `search`: groups of every source, organisations, contact points and rare-condition
searches in one ranked connection, with facets."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import search as national
from regions.sources.search.query import Facets, GroupFilter, Order

from ..arguments import region_code, topic_subtree
from ..errors import BadUserInput
from ..group_filters import (
    AudienceArg,
    Language,
    OpenForNewMembers,
    Statuses,
    Wheelchair,
    group_facts,
)
from ..pagination import After, Before, First, Last, window
from ..prefetch import selected
from ..search import facets, merge
from ..search.arguments import Near_, Text, terms
from ..search.arguments import near as near_arg
from ..search.types import SearchConnection, SearchKind, SearchOrder
from ..types.enums import GroupFormat

MAX_REGIONS = 16


def _regions(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    if len(values) > MAX_REGIONS:
        raise BadUserInput("regions", f"at most {MAX_REGIONS}")
    return sorted({region_code(v, argument="regions") or "" for v in values})


@strawberry.type
class SearchQueries:
    @strawberry.field(
        description="Search groups (the registry's digital groups and every region's), "
        "organisations, contact points and rare-condition searches at once. Filters only "
        "groups have (formats, openForNewMembers) leave out the other kinds; `topics` leaves "
        "out contact points. A region that does not answer in time is left out with a "
        "REGION_UNAVAILABLE error."
    )
    async def search(
        self,
        info: Info,
        text: Text = None,
        topic: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only what is on this topic or a narrower one."),
        ] = None,
        near: Near_ = None,
        formats: Annotated[
            list[GroupFormat] | None,
            strawberry.argument(description="Only groups meeting in one of these formats."),
        ] = None,
        regions: Annotated[
            list[str] | None,
            strawberry.argument(description="ISO codes of the Länder the results belong to."),
        ] = None,
        kinds: Annotated[
            list[SearchKind] | None,
            strawberry.argument(description="Only results of these kinds (all unless given)."),
        ] = None,
        open_for_new_members: OpenForNewMembers = None,
        status: Statuses = None,
        audience: AudienceArg = None,
        language: Language = None,
        wheelchair_accessible: Wheelchair = None,
        order_by: Annotated[
            SearchOrder, strawberry.argument(description="The order of the results.")
        ] = SearchOrder.RELEVANCE,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SearchConnection:
        settings = info.context.settings
        # bad paging arguments first
        win = window(first, after, settings, key_type=str, last=last, before=before)
        codes = _regions(regions)
        place = await near_arg(info, near)
        words = await terms(info, text)
        if order_by is SearchOrder.DISTANCE and place is None:
            raise BadUserInput("orderBy", "DISTANCE needs `near`")
        facts = (status, audience, language, wheelchair_accessible)
        has_filter = any(
            x is not None
            for x in (topic, place, formats, codes, kinds, open_for_new_members, *facts)
        )
        if order_by is SearchOrder.RELEVANCE and not words and not has_filter:
            raise BadUserInput("text", "give words to rank by relevance, or another filter")
        slugs = await topic_subtree(info, topic, "slug")
        wanted = (
            frozenset(national.Kind[k.name] for k in kinds) if kinds else frozenset(national.Kind)
        )
        pushed = GroupFilter(
            **group_facts(status, audience, language, wheelchair_accessible),
            topic_slugs=slugs,
            terms=words,
            formats=tuple(formats) if formats is not None else None,
            open_for_new_members=open_for_new_members,
            near=place,
        )
        order = Order[order_by.name]
        fields = selected(info)
        with_facets = "facets" in fields
        counted_first = "totalCount" in fields and not with_facets
        q = national.NationalSearch(pushed, wanted, codes, order, total_wanted=counted_first)
        sources = info.context.regions.sources
        region_codes = (
            [c for c in sources if codes is None or c in codes]
            if national.Kind.GROUP in wanted
            else []
        )
        cursor = before if win.backward else after
        edges, page_info = await merge.page(info, q, pushed, region_codes, win, cursor)
        calls = info.context.regions
        memo: list[asyncio.Task[facets.Counts]] = []
        counted_alone: list[asyncio.Task[int]] = []

        def region_facets(code: str) -> Awaitable[Facets]:
            return calls.call(code, lambda s: s.facets(pushed), Facets(0))

        def region_count(code: str) -> Awaitable[int]:
            return calls.call(code, lambda s: s.count(pushed), 0)

        async def counted() -> facets.Counts:
            if not memo:
                work = facets.count(info, q, {c: region_facets(c) for c in region_codes})
                memo.append(asyncio.ensure_future(work))
            return await memo[0]

        async def total() -> int:
            """The facets' total when they are asked for too; else a count alone."""
            if with_facets:
                return (await counted()).total
            if not counted_alone:
                work = facets.total(info, q, {c: region_count(c) for c in region_codes})
                counted_alone.append(asyncio.ensure_future(work))
            return await counted_alone[0]

        return SearchConnection(edges=edges, page_info=page_info, counted=counted, total=total)
