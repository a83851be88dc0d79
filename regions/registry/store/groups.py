"""Groups in the national registry: filtered selects and batch look-ups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import Group, GroupTopic
from regions.registry.store.lookup import by_key, grouped
from regions.registry.store.paging import ranked
from regions.sources.vocabulary import ReviewState

groups = Group.__table__
group_topics = GroupTopic.__table__


def published() -> Select[Any]:
    """Only what passed review is public; submissions and rejections never are."""
    return select(groups).where(groups.c.review_state == ReviewState.PUBLISHED)


async def by_ids(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, Row[Any]]:
    return await by_key(engine, published(), groups.c.id, ids)


async def by_contact_points(
    engine: AsyncEngine, contact_point_ids: Sequence[int], limit: int
) -> dict[Any, list[Row[Any]]]:
    stmt = published().where(groups.c.contact_point_id.in_(sorted(set(contact_point_ids))))
    return await grouped(
        engine, ranked(stmt, groups.c.contact_point_id, groups.c.id, limit), "contact_point_id"
    )


async def by_topics(
    engine: AsyncEngine, topic_ids: Sequence[int], limit: int
) -> dict[Any, list[Row[Any]]]:
    stmt = (
        published()
        .add_columns(group_topics.c.topic_id)
        .join(group_topics, group_topics.c.group_id == groups.c.id)
        .where(group_topics.c.topic_id.in_(sorted(set(topic_ids))))
    )
    return await grouped(
        engine, ranked(stmt, group_topics.c.topic_id, groups.c.id, limit), "topic_id"
    )


async def by_regions(
    engine: AsyncEngine, codes: Sequence[str], limit: int
) -> dict[Any, list[Row[Any]]]:
    stmt = published().where(groups.c.region_code.in_(sorted(set(codes))))
    return await grouped(
        engine, ranked(stmt, groups.c.region_code, groups.c.id, limit), "region_code"
    )
