"""What the HTTP adapter does for a source that cannot rank (README, *Regions*): it reads the
groups matching the filters the source understands (offset pages of the dialect's size, the
first alone, the rest at once), at most `limit` of them, else CandidateLimit; applies every
other filter; and ranks, counts, facets and pages them with the project's formula
(regions.sources.search.in_memory). Every call costs 1 + ceil((matched - page) / page)
requests, matched <= limit."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from regions.sources.protocol import (
    CandidateLimit,
    Facets,
    GroupFilter,
    Hit,
    HitPage,
    Order,
    Page,
    RegionGroup,
    Seek,
)
from regions.sources.search import in_memory


class Transport(Protocol):
    """What the plain reads need of the HTTP adapter: the source's code, its dialect and one
    bounded call (the adapter itself; a protocol, so that neither module imports the other)."""

    code: str
    dialect: Any

    async def _call(self, request: Any, parse: Callable[[Any], Any]) -> Any: ...


class PlainReads:
    """The ranked and key-ordered reads of one plain source, done by the adapter."""

    def __init__(self, source: Transport, limit: int) -> None:
        self.source = source
        self.dialect: Any = source.dialect
        self.limit = limit

    async def candidates(self, f: GroupFilter) -> list[RegionGroup]:
        """Every group matching `f`, in the source's key order (bounded by the limit)."""
        dialect, code = self.dialect, self.source.code
        if not dialect.can_match(f):
            return []  # e.g. a topic none of the source's keywords names: nothing to ask
        size = dialect.page_limit

        def fetch(offset: int) -> Any:
            request = dialect.listing(f, offset, size)
            return self.source._call(request, lambda b: dialect.parse_listing(code, b))

        total, groups = await fetch(0)
        if total > self.limit:
            raise CandidateLimit(code, self.limit)
        rest = await asyncio.gather(*(fetch(at) for at in range(size, total, size)))
        seen: dict[str, RegionGroup] = {}
        for group in [*groups, *(g for _, part in rest for g in part)]:
            seen.setdefault(group.key, group)
        found = [g for g in seen.values() if in_memory.matches(g, f)]
        return sorted(found, key=lambda g: dialect.order_key(g.key))

    async def list_in_key_order(
        self, f: GroupFilter, first: int, after: str | None, backward: bool
    ) -> Page:
        groups = await self.candidates(f)
        if after is None:
            chosen = groups[-first:] if backward and first else ([] if backward else groups[:first])
            more = len(groups) > first
            return Page(chosen, has_next=more, beyond=False)
        at = self.dialect.order_key(after)
        before = [g for g in groups if self.dialect.order_key(g.key) < at]
        behind = [g for g in groups if self.dialect.order_key(g.key) > at]
        if backward:
            chosen = before[-first:] if first else []
            return Page(chosen, has_next=len(before) > first, beyond=len(groups) > len(before))
        return Page(behind[:first], has_next=len(behind) > first, beyond=len(groups) > len(behind))

    async def count(self, f: GroupFilter) -> int:
        return len(await self.candidates(f))

    async def facets(self, f: GroupFilter) -> Facets:
        return in_memory.facets(await self.candidates(f))

    async def find_ranked(
        self, f: GroupFilter, order: Order, first: int, seek: Seek | None, backward: bool
    ) -> HitPage:
        key_of = self.dialect.order_key
        ranked = []
        for group in await self.candidates(f):
            value, km = in_memory.rank(group, f, order)
            ranked.append((value, key_of(group.key), Hit(group, value, km)))
        ranked.sort(key=lambda item: (item[0], item[1]))
        seek_key = None if seek is None or seek.key is None else key_of(seek.key)
        side = [
            hit
            for value, key, hit in ranked
            if in_memory.after(value, key, seek, seek_key, backward)
        ]
        beyond = len(side) < len(ranked)
        chosen = (side[-first:] if first else []) if backward else side[:first]
        return HitPage(chosen, has_next=len(side) > first, beyond=beyond)

    async def by_contact_points(
        self, keys: Sequence[int], limit: int, f: GroupFilter | None
    ) -> dict[int, list[RegionGroup]]:
        wanted = set(keys)
        found: dict[int, list[RegionGroup]] = defaultdict(list)
        for group in await self.candidates(f or GroupFilter()):
            point = group.contact_point_key
            if point in wanted and len(found[point]) < limit:
                found[point].append(group)
        return dict(found)
