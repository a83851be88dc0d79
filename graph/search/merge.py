"""One ranked page over every source: each source, and each kind in the registry, is a lane
of the shared merge (federation/merge.py), so every lane continues exactly after the cursor
with one call per source per page."""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import search as national
from regions.sources.protocol import HitPage
from regions.sources.search.query import GroupFilter, Seek

from ..federation import merge
from ..federation.groups import group_from_region
from ..federation.merge import Row
from ..pagination import PageInfo, Window, page_info
from .types import SearchEdge


def lanes(kinds: frozenset[national.Kind], codes: list[str]) -> list[str]:
    """Every lane in order: the registry's kinds, then the regions as configured."""
    mine = [f"{SOURCE}:{kind.name}" for kind in sorted(kinds)]
    with_groups = national.Kind.GROUP in kinds
    return mine + (codes if with_groups else [])


async def _national_nodes(info: Info, found: list[national.Found]) -> list[Any]:
    loaders = info.context.loaders
    by_kind = {
        national.Kind.GROUP: loaders.group_by_id,
        national.Kind.ORGANISATION: loaders.organisation_by_id,
        national.Kind.CONTACT_POINT: loaders.contact_point_by_id,
        national.Kind.RARE_CONDITION_SEARCH: loaders.rare_condition_search_by_id,
    }
    return list(await asyncio.gather(*(by_kind[f.kind].load(f.key) for f in found)))


async def page(
    info: Info,
    q: national.NationalSearch,
    pushed: GroupFilter,
    codes: list[str],
    win: Window,
    cursor: str | None,
) -> tuple[list[SearchEdge], PageInfo]:
    """The page `win` asks for; `cursor` is its `after` (`before`) as given."""
    order = lanes(q.kinds, codes)
    position = merge.parse(cursor, order, info.context.groups.valid_key, argument=win.argument)
    calls = info.context.regions
    size, backward = win.size, win.backward

    def seek(lane: str) -> Seek | None:
        return merge.seek(position, lane, order, backward)

    async def mine() -> tuple[list[Row], bool, bool]:
        seeks = {kind: seek(f"{SOURCE}:{kind.name}") for kind in q.kinds}
        got = await national.find(info.context.engine, q, size, seeks, backward)
        found = got.found
        nodes = await _national_nodes(info, found)
        rows = [
            Row(f.rank, order.index(f"{SOURCE}:{f.kind.name}"), i, str(f.key), node, f.distance_km)
            for i, (f, node) in enumerate(zip(found, nodes, strict=True))
            if node is not None
        ]
        return rows, got.more, got.beyond

    async def theirs(code: str) -> tuple[list[Row], bool, bool]:
        s = seek(code)
        got: HitPage = await calls.call(
            code,
            lambda src: src.find_ranked(pushed, q.order, size, s, backward),
            HitPage([], False),
        )
        lane = order.index(code)
        rows = [
            Row(h.rank, lane, i, h.group.key, group_from_region(h.group), h.distance_km)
            for i, h in enumerate(got.hits)
        ]
        return rows, got.has_next, got.beyond

    parts = await asyncio.gather(mine(), *(theirs(code) for code in order if code in codes))
    rows, has_next, has_previous = merge.merge(parts, size, backward)
    edges = [
        SearchEdge(
            cursor=merge.row_cursor(row, order),
            node=row.node,
            distance_km=None if row.distance_km is None else round(row.distance_km, 1),
        )
        for row in rows
    ]
    cursors = [edge.cursor for edge in edges]
    return edges, page_info(cursors, has_next=has_next, has_previous=has_previous)
