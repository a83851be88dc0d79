"""Nested group lists that join the national part with the owning region's part."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from strawberry.types import Info

from regions.sources.protocol import GroupFilter, Page


def _convert(groups: list[Any]) -> list[Any]:
    from .convert import group_from_region  # Group imports this module: convert lazily

    return [group_from_region(g) for g in groups]


async def with_region_groups(
    info: Info, national: Awaitable[list[Any]], code: str, contact_point: int, limit: int
) -> list[Any]:
    """A contact point's groups: national ones linked to it, then its region's (one batch)."""
    calls = info.context.regions
    if not calls.owns(code):
        return await national
    ours, theirs = await asyncio.gather(
        national, calls.by_contact_point(code, contact_point, limit)
    )
    return [*ours, *_convert(theirs)][:limit]


async def region_groups(
    info: Info, national: Awaitable[list[Any]], code: str, limit: int
) -> list[Any]:
    """A Land's groups: national ones of that Land, then the region source's own."""
    calls = info.context.regions
    if not calls.owns(code):
        return await national
    page = calls.call(code, lambda s: s.search(GroupFilter(), limit, None), Page([], False))
    ours, theirs = await asyncio.gather(national, page)
    return [*ours, *_convert(theirs.groups)][:limit]
