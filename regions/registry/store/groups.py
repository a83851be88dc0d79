"""Groups in the national registry: filtered selects and batch look-ups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import Group, GroupTopic
from regions.registry.store.lookup import by_key
from regions.registry.store.paging import Children
from regions.sources.search.query import NOT_ENDED
from regions.sources.vocabulary import ReviewState

groups = Group.__table__
group_topics = GroupTopic.__table__


def published() -> Select[Any]:
    """Only what passed review is public; submissions and rejections never are."""
    return _PUBLISHED


# one statement, shared (statements are immutable): a batch of groups by id reuses it
_PUBLISHED = select(groups).where(groups.c.review_state == ReviewState.PUBLISHED)


async def by_ids(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, Row[Any]]:
    return await by_key(engine, published(), groups.c.id, ids)


# -- nested lists: public groups (not ended) of many parents, for paging/windows ---------------


def listed() -> Select[Any]:
    """What nested lists show: published groups that have not ended."""
    return published().where(groups.c.status.in_(NOT_ENDED))


def of_contact_points(ids: Sequence[int]) -> Children:
    stmt = listed().where(groups.c.contact_point_id.in_(sorted(set(ids))))
    return Children(stmt, groups.c.contact_point_id, groups.c.id)


def of_regions(codes: Sequence[str]) -> Children:
    stmt = listed().where(groups.c.region_code.in_(sorted(set(codes))))
    return Children(stmt, groups.c.region_code, groups.c.id)


def of_topics(ids: Sequence[int]) -> Children:
    stmt = (
        listed()
        .add_columns(group_topics.c.topic_id)
        .join(group_topics, group_topics.c.group_id == groups.c.id)
        .where(group_topics.c.topic_id.in_(sorted(set(ids))))
    )
    return Children(stmt, group_topics.c.topic_id, groups.c.id)
