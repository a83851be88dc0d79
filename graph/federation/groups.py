"""Groups from every source behind one set of calls: the only place in graph/ that knows
whether a group comes from the registry or from a region.

Types ask `info.context.groups` for a group's topics, contact and meeting link, for the
groups of a contact point or a Land, for one group by id and for a page of groups; this
module routes each to the registry's loaders or to the region's source (batched per source
and request in calls.py), and joins lists through the one merge in merge.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import Select

from regions.registry import SOURCE
from regions.registry.store import groups as national
from regions.registry.store import paging
from regions.sources.protocol import GroupFilter, Page, RegionGroup
from regions.sources.search.query import NOT_ENDED

from ..errors import BadUserInput
from ..ids import is_number_key
from ..pagination import Connection, Window, connection
from ..types.common import ContactPerson
from ..types.group import Group
from . import merge
from .calls import RegionCalls
from .merge import UNRANKED, Row

GROUPS = "groups"  # the kind of the `groups` connection's cursors
RegionLane = Callable[[str, int, "merge.Ask"], Awaitable["merge.Answer"]]


def group_from_region(g: RegionGroup) -> Group:
    """Id base64url("Group:<region code>:<the region's key>"): node(id:) routes by the code."""
    return Group.from_record(
        g,
        key=g.key,
        source=g.source,
        contact_point_key=g.contact_point_key,
        topic_slugs=g.topic_slugs,
    )


def _lane(groups: Sequence[Group], lane: int) -> list[Row]:
    return [Row(UNRANKED, lane, i, str(g.key), g) for i, g in enumerate(groups)]


class GroupSources:
    """Made per request, over the request's registry loaders and region calls."""

    def __init__(self, engine: Any, loaders: Any, regions: RegionCalls) -> None:
        self.engine = engine
        self.loaders = loaders
        self.regions = regions

    def is_national(self, group: Group) -> bool:
        return group.source == SOURCE

    def valid_key(self, lane: str, key: str) -> bool:
        """Whether `key` can be a key of the source `lane` names."""
        if lane.startswith(SOURCE):
            return is_number_key(key)
        return self.regions.owns(lane) and self.regions.sources[lane].valid_key(key)

    # -- fields of one group --------------------------------------------------------------

    async def topics(self, group: Group) -> list[Any]:
        """The registry's tags; for a region's group, national topics by the slugs the region
        maps its own keywords to."""
        if self.is_national(group):
            return await self.loaders.topics_by_group.load(group.key)
        found = await self.loaders.topic_by_slug.load_many(group.topic_slugs or ())
        return sorted((topic for topic in found if topic is not None), key=lambda t: t.name)

    async def contact(self, group: Group) -> ContactPerson | None:
        if self.is_national(group):
            row = await self.loaders.group_contact_by_group.load(group.key)
            return None if row is None else ContactPerson.from_row(row)
        found = await self.regions.contact(group.source, group.key)
        if found is None or not (found.name or found.phone or found.email):
            return None
        return ContactPerson(name=found.name, role=None, phone=found.phone, email=found.email)

    async def meeting_link(self, group: Group) -> str | None:
        if self.is_national(group):
            row = await self.loaders.group_contact_by_group.load(group.key)
        else:
            row = await self.regions.contact(group.source, group.key)
        return None if row is None else row.meeting_link

    # -- one group by id ------------------------------------------------------------------

    async def by_id(self, source: str, key: str, argument: str) -> Group | None:
        """The group, or null if its source has no such group (or does not answer: then the
        response also carries REGION_UNAVAILABLE)."""
        if not self.valid_key(source, key):
            raise BadUserInput(argument, "not a valid id")
        if source == SOURCE:
            return await self.loaders.group_by_id.load(int(key))
        found = await self.regions.group(source, key)
        return None if found is None else group_from_region(found)

    # -- nested lists: the registry's part, then the owning region's ----------------------

    def _registry_lane(
        self, name: str, parent: Any
    ) -> Callable[[merge.Ask], Awaitable[merge.Answer]]:
        async def lane(ask: merge.Ask) -> merge.Answer:
            bound = None if ask.key is None else int(ask.key)
            got = await self.loaders.window(name).load((parent, ask.size, bound, ask.backward))
            return merge.Answer(_lane(got.nodes, 0), got.more, got.beyond)

        return lane

    async def of_contact_point(self, code: str, point: int, win: Window) -> Connection[Group]:
        """The contact point's groups (not ended): the registry's, then those of the region
        that owns its Land. A first page of many contact points is one batched call per
        source (by_contact_points); paging within one contact point's list asks its source
        with the contact-point filter."""
        name = "ContactPoint.groups"
        codes = [code] if self.regions.owns(code) else []
        pushed = GroupFilter(statuses=NOT_ENDED, contact_point_key=point)

        async def region_lane(lane_code: str, index: int, ask: merge.Ask) -> merge.Answer:
            if ask.key is None and not ask.backward:
                found = await self.regions.by_contact_point(lane_code, point, ask.size + 1)
                groups = [group_from_region(g) for g in found[: ask.size]]
                return merge.Answer(_lane(groups, index), len(found) > ask.size)
            return await self._searched(lane_code, index, pushed, ask)

        async def count() -> int:
            parts = [self.loaders.count(name).load(point)]
            parts += [self.regions.call(c, lambda s: s.count(pushed), 0) for c in codes]
            return sum(await asyncio.gather(*parts))

        registry = self._registry_lane(name, point)
        return await self.lanes_page(name, registry, codes, pushed, win, count, region_lane)

    async def of_region(self, code: str, win: Window) -> Connection[Group]:
        """The Land's groups (not ended): the registry's, then its own source's."""
        name = "Region.groups"
        codes = [code] if self.regions.owns(code) else []
        pushed = GroupFilter(statuses=NOT_ENDED)

        async def count() -> int:
            parts = [self.loaders.count(name).load(code)]
            parts += [self.regions.call(c, lambda s: s.count(pushed), 0) for c in codes]
            return sum(await asyncio.gather(*parts))

        registry = self._registry_lane(name, code)
        return await self.lanes_page(name, registry, codes, pushed, win, count)

    async def _searched(
        self, code: str, index: int, pushed: GroupFilter, ask: merge.Ask
    ) -> merge.Answer:
        got = await self.regions.call(
            code,
            lambda s: s.list_in_key_order(pushed, ask.size, ask.key, ask.backward),
            Page([], False),
        )
        groups = [group_from_region(g) for g in got.groups]
        return merge.Answer(_lane(groups, index), got.has_next, got.beyond)

    # -- the `groups` connection ----------------------------------------------------------

    async def page(
        self, stmt: Select[Any], region: str | None, pushed: GroupFilter, win: Window
    ) -> Connection[Group]:
        """`stmt` is the registry's select; `pushed` goes to every region source that can
        match. Lanes: the registry, then the regions as configured, each in key order; one
        call per lane, in either direction."""
        codes = [code for code in self.regions.sources if region is None or region == code]

        async def registry(ask: merge.Ask) -> merge.Answer:
            bound = None if ask.key is None else int(ask.key)
            got = await paging.fetch_slice(
                self.engine, stmt, national.groups.c.id, ask.size, bound, ask.backward
            )
            return merge.Answer(
                _lane([Group.from_row(r) for r in got.rows], 0), got.more, got.beyond
            )

        async def count() -> int:
            parts = [paging.count(self.engine, stmt)]
            parts += [self.regions.call(c, lambda s: s.count(pushed), 0) for c in codes]
            return sum(await asyncio.gather(*parts))

        return await self.lanes_page(GROUPS, registry, codes, pushed, win, count)

    async def lanes_page(
        self,
        kind: str,
        registry: Callable[[merge.Ask], Awaitable[merge.Answer]],
        codes: Sequence[str],
        pushed: GroupFilter,
        win: Window,
        count: Callable[[], Awaitable[int]],
        region_lane: RegionLane | None = None,
    ) -> Connection[Group]:
        """A page over the registry's lane and the regions' (`codes`), in either direction:
        one call per lane (merge.plan), joined by merge.join; cursors "0.0|lane|key" of
        `kind`. A region's lane is its source's search with `pushed`, unless given."""
        lanes = [SOURCE, *codes]
        position = merge.parse(win.cursor, lanes, self.valid_key, kind, win.argument)

        async def searched(code: str, index: int, ask: merge.Ask) -> merge.Answer:
            return await self._searched(code, index, pushed, ask)

        lane_of = region_lane or searched
        asks = [merge.plan(position, lane, lanes, win.size, win.backward) for lane in lanes]
        answers = await asyncio.gather(
            registry(asks[0]),
            *(lane_of(c, i, a) for i, (c, a) in enumerate(zip(codes, asks[1:], strict=True), 1)),
        )
        rows, has_next, has_previous = merge.join(
            list(zip(asks, answers, strict=True)), win.size, win.backward
        )
        return connection(
            [row.node for row in rows],
            [merge.row_cursor(row, lanes, kind) for row in rows],
            has_next=has_next,
            has_previous=has_previous,
            count=count,
        )
