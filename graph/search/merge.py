"""One ranked page over every source: each source (and each kind in the registry) is a lane;
results are ordered by (rank, lane, the lane's own key order) and the cursor says where the
page ended, so every lane continues exactly after it (one call per source per page)."""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from typing import Any

from strawberry.types import Info

from regions.registry.store import search as national
from regions.sources.protocol import HitPage, Seek
from regions.sources.search.query import GroupFilter

from ..errors import BadUserInput
from ..federation.convert import group_from_region
from ..pagination import PageInfo, encode_cursor, page_info
from ..types.group import NATIONAL
from .types import SearchEdge

BAD_CURSOR = "not a cursor returned by this search"


@dataclass(frozen=True, slots=True)
class Position:
    rank: float
    lane: str
    key: str


def lanes(kinds: frozenset[national.Kind], codes: list[str]) -> list[str]:
    """Every lane in order: the registry's kinds, then the regions as configured."""
    mine = [f"{NATIONAL}:{kind.name}" for kind in sorted(kinds)]
    with_groups = national.Kind.GROUP in kinds
    return mine + (codes if with_groups else [])


def parse(info: Info, raw: str | None, order: list[str]) -> Position | None:
    """A decoded cursor ("rank|lane|key") as a position in this search's lanes."""
    if raw is None:
        return None
    rank, _, rest = raw.partition("|")
    lane, _, key = rest.partition("|")
    try:
        value = float(rank)
    except ValueError:
        raise BadUserInput("after", BAD_CURSOR) from None
    if not math.isfinite(value) or lane not in order or not key:
        raise BadUserInput("after", BAD_CURSOR)
    if lane.startswith(f"{NATIONAL}:"):
        if not key.isdigit() or len(key) > 18:
            raise BadUserInput("after", BAD_CURSOR)
    elif not info.context.regions.sources[lane].valid_key(key):
        raise BadUserInput("after", BAD_CURSOR)
    return Position(value, lane, key)


def seek(position: Position | None, lane: str, order: list[str]) -> Seek | None:
    """Where `lane` continues after `position` in (rank, lane, key) order."""
    if position is None:
        return None
    here, there = order.index(lane), order.index(position.lane)
    if here == there:
        return Seek(position.rank, position.key)
    return Seek(position.rank, None, inclusive=here > there)


@dataclass(frozen=True, slots=True)
class Row:
    rank: float
    lane: int
    position: int
    key: str
    node: Any
    distance_km: float | None


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
    first: int,
    after: str | None,
) -> tuple[list[SearchEdge], PageInfo]:
    """`after` is the decoded cursor (pagination.window checked it)."""
    order = lanes(q.kinds, codes)
    position = parse(info, after, order)
    calls = info.context.regions

    async def mine() -> tuple[list[Row], bool]:
        seeks = {kind: seek(position, f"{NATIONAL}:{kind.name}", order) for kind in q.kinds}
        found, more = await national.find(info.context.engine, q, first, seeks)
        nodes = await _national_nodes(info, found)
        rows = [
            Row(
                f.rank, order.index(f"{NATIONAL}:{f.kind.name}"), i, str(f.key), node, f.distance_km
            )
            for i, (f, node) in enumerate(zip(found, nodes, strict=True))
            if node is not None
        ]
        return rows, more

    async def theirs(code: str) -> tuple[list[Row], bool]:
        s = seek(position, code, order)
        got: HitPage = await calls.call(
            code, lambda src: src.find(pushed, q.order, first, s), HitPage([], False)
        )
        lane = order.index(code)
        rows = [
            Row(h.rank, lane, i, h.group.key, group_from_region(h.group), h.distance_km)
            for i, h in enumerate(got.hits)
        ]
        return rows, got.has_next

    parts = await asyncio.gather(mine(), *(theirs(code) for code in order if code in codes))
    rows = sorted(
        (row for part, _ in parts for row in part), key=lambda r: (r.rank, r.lane, r.position)
    )
    has_next = len(rows) > first or any(more for _, more in parts)
    edges = [
        SearchEdge(
            cursor=encode_cursor(f"{row.rank!r}|{order[row.lane]}|{row.key}"),
            node=row.node,
            distance_km=None if row.distance_km is None else round(row.distance_km, 1),
        )
        for row in rows[:first]
    ]
    cursors = [edge.cursor for edge in edges]
    return edges, page_info(cursors, has_next=has_next, after=after)
