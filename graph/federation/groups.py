"""One connection over the national groups and every region's: filters pushed down to each
source, sources in a fixed order (the registry first, then the regions as configured), each
in its own key order; the cursor names the source and its key, so it works across sources."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select
from strawberry.types import Info

from regions.registry.store import groups as national
from regions.registry.store import paging
from regions.sources.protocol import GroupFilter, Page

from ..errors import BadUserInput
from ..pagination import Connection, connection, window
from ..types.group import NATIONAL, Group
from .convert import group_from_region

BAD_CURSOR = "not a cursor returned by this API"


def _position(info: Info, after: str | None, order: Sequence[str]) -> tuple[int, str | None]:
    """Index of the cursor's source in `order` and the key to continue after."""
    if after is None:
        return 0, None
    source, _, key = after.rpartition("/")
    source = source or NATIONAL  # national cursors are the bare id, as before regions joined
    if source not in order or not key:
        raise BadUserInput("after", BAD_CURSOR)
    if source == NATIONAL:
        if not key.isdigit() or len(key) > 18:
            raise BadUserInput("after", BAD_CURSOR)
    elif not info.context.regions.sources[source].valid_key(key):
        raise BadUserInput("after", BAD_CURSOR)
    return order.index(source), key


async def federated_groups(
    info: Info,
    stmt: Select[Any],
    region: str | None,
    pushed: GroupFilter,
    first: int | None,
    after: str | None,
) -> Connection[Group]:
    """`stmt` is the national select; `pushed` goes to every region source that can match."""
    settings, calls = info.context.settings, info.context.regions
    win = window(
        first,
        after,
        default=settings.default_page_size,
        maximum=settings.max_page_size,
        key_type=str,
    )
    codes = [code for code in calls.sources if region is None or region == code]
    order = [NATIONAL, *codes]
    start, key = _position(info, win.after, order)
    n = win.first
    engine = info.context.engine

    async def national_page() -> Page:
        after_id = int(key) if key is not None and start == 0 else None
        result = await paging.fetch_page(engine, stmt, national.groups.c.id, n, after_id)
        return Page([Group.from_row(row) for row in result.rows], result.has_next)  # type: ignore[misc]

    async def region_page(code: str) -> Page:
        since = key if order.index(code) == start else None
        return await calls.call(code, lambda s: s.search(pushed, n, since), Page([], False))

    fetches = [national_page()] if start == 0 else []
    fetches += [region_page(code) for code in order[max(start, 1) :]]
    pages = await asyncio.gather(*fetches)
    nodes: list[Group] = []
    for page in pages:
        nodes += [
            node if isinstance(node, Group) else group_from_region(node) for node in page.groups
        ]
    has_next = len(nodes) > n or any(page.has_next for page in pages)

    async def count() -> int:
        parts = [paging.count(engine, stmt)]
        parts += [calls.call(code, lambda s: s.count(pushed), 0) for code in codes]
        return sum(await asyncio.gather(*parts))

    nodes = nodes[:n]
    return connection(
        nodes,
        [node.key if node.source == NATIONAL else f"{node.source}/{node.key}" for node in nodes],
        has_next=has_next,
        after=win.after,
        count=count,
    )
