"""Groups in the national registry: filtered selects and batch look-ups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncEngine

from ..models import Group, GroupFormat, GroupReach, GroupTopic, ReviewState
from .lookup import by_key, grouped
from .paging import ranked
from .text import contains

groups = Group.__table__
group_topics = GroupTopic.__table__


@dataclass(frozen=True, slots=True)
class GroupFilter:
    region: str | None = None
    topic_ids: Sequence[int] | None = None
    text: str | None = None
    format: GroupFormat | None = None
    reach: GroupReach | None = None
    open_for_new_members: bool | None = None


def published() -> Select[Any]:
    """Only what passed review is public; submissions and rejections never are."""
    return select(groups).where(groups.c.review_state == ReviewState.PUBLISHED)


def filtered(f: GroupFilter) -> Select[Any]:
    stmt = published()
    if f.region is not None:
        stmt = stmt.where(groups.c.region_code == f.region)
    if f.topic_ids is not None:
        stmt = stmt.where(
            exists().where(
                group_topics.c.group_id == groups.c.id, group_topics.c.topic_id.in_(f.topic_ids)
            )
        )
    if f.text:
        stmt = stmt.where(contains(groups.c.name, f.text))
    if f.format is not None:
        stmt = stmt.where(groups.c.format == f.format)
    if f.reach is not None:
        stmt = stmt.where(groups.c.reach == f.reach)
    if f.open_for_new_members is not None:
        stmt = stmt.where(groups.c.open_for_new_members == f.open_for_new_members)
    return stmt


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
