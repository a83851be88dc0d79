"""Where HSDS lists read their records: one lane per source and kind, each in key order.

A lane counts its records, fetches a window of them (for a page) and walks all of them in
chunks (for the export). SQL lanes run the registry's own selects (regions/registry/store);
region lanes ask the region's source through the protocol (via the graph's RegionCalls, so a
region that fails is asked no more in this request and is reported, its data left out).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select

from regions.registry.store import paging as store_paging
from regions.sources.protocol import GroupFilter, Page, RegionGroup

from ..federation.calls import RegionCalls

Objects = Callable[[Sequence[Any]], Awaitable[list[dict[str, Any]]]]
# How many records a region is asked for at once (NRW's service answers at most 100).
REGION_CHUNK = 100


class Lane(Protocol):
    async def count(self) -> int: ...

    async def window(self, offset: int, limit: int) -> list[dict[str, Any]]: ...

    def chunks(self, size: int) -> AsyncIterator[list[dict[str, Any]]]: ...


@dataclass
class SqlLane:
    engine: Any
    stmt: Select[Any]
    key: ColumnElement[Any]
    objects: Objects

    async def count(self) -> int:
        return await store_paging.count(self.engine, self.stmt)

    async def window(self, offset: int, limit: int) -> list[dict[str, Any]]:
        stmt = self.stmt.order_by(self.key).offset(offset).limit(limit)
        return await self.objects(await store_paging.fetch_all(self.engine, stmt))

    async def chunks(self, size: int) -> AsyncIterator[list[dict[str, Any]]]:
        after = None
        while True:
            page = await store_paging.fetch_page(self.engine, self.stmt, self.key, size, after)
            if page.rows:
                yield await self.objects(page.rows)
                after = page.rows[-1]._mapping[self.key.key]
            if not page.has_next:
                return


Keep = Callable[[RegionGroup], bool]


@dataclass
class RegionLane:
    """A region's groups matching `pushed` (filtered by the region), then `keep` (filters the
    protocol cannot push down, such as a change date), or, with `contact_point`, the groups
    the region links to that contact point."""

    regions: RegionCalls
    code: str
    pushed: GroupFilter
    objects: Objects
    keep: Keep | None = None
    contact_point: int | None = None

    async def _pages(self, size: int) -> AsyncIterator[list[RegionGroup]]:
        if self.contact_point is not None:
            point = self.contact_point
            found = await self.regions.call(
                self.code, lambda s: s.by_contact_points([point], 10_000), {}
            )
            groups = found.get(point, [])
            for i in range(0, len(groups), size):
                yield self._kept(groups[i : i + size])
            return
        after = None
        while True:
            page = await self.regions.call(
                self.code,
                lambda s, at=after: s.list_in_key_order(self.pushed, size, at),
                Page([], False),
            )
            if page.groups:
                yield self._kept(page.groups)
                after = page.groups[-1].key
            if not page.has_next or not page.groups:
                return

    def _kept(self, groups: Sequence[RegionGroup]) -> list[RegionGroup]:
        return [g for g in groups if self.keep is None or self.keep(g)]

    async def count(self) -> int:
        if self.keep is None and self.contact_point is None:
            return await self.regions.call(self.code, lambda s: s.count(self.pushed), 0)
        return sum([len(part) async for part in self._pages(REGION_CHUNK)])

    async def window(self, offset: int, limit: int) -> list[dict[str, Any]]:
        taken: list[RegionGroup] = []
        async for part in self._pages(REGION_CHUNK):
            if offset >= len(part):
                offset -= len(part)
                continue
            taken += part[offset : offset + limit - len(taken)]
            offset = 0
            if len(taken) >= limit:
                break
        return await self.objects(taken)

    async def chunks(self, size: int) -> AsyncIterator[list[dict[str, Any]]]:
        async for part in self._pages(min(size, REGION_CHUNK)):
            if part:
                yield await self.objects(part)
