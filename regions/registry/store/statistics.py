"""Exact counts for statistics, from public columns only (never a table of personal data):
published groups, contact points, current rare-condition entries (their condition, not the
person), and registrations by review state and month. The graph suppresses and rounds them
before anyone who may not see exact counts gets them (graph/statistics/)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import (
    ContactPoint,
    Group,
    GroupRegistration,
    GroupTopic,
    RareCondition,
    RareConditionSearch,
    Topic,
)
from regions.sources.vocabulary import ReviewState

groups = Group.__table__
group_topics = GroupTopic.__table__
topics = Topic.__table__
contact_points = ContactPoint.__table__
searches = RareConditionSearch.__table__
conditions = RareCondition.__table__
registrations = GroupRegistration.__table__
NATIONWIDE = "NATIONWIDE"  # the key of groups that belong to no Land
NO_GROUP = "NONE"  # rare conditions without a condition group (topic)


@dataclass(frozen=True, slots=True)
class TopicNode:
    key: int
    slug: str
    name: str
    parent: int | None


@dataclass
class Exact:
    """Every table's exact cells (key -> count); the topic tree with each topic's count of
    distinct published groups carrying it or a narrower topic."""

    groups_by_land: dict[str, int]
    groups_by_format: dict[str, int]
    groups_by_reach: dict[str, int]
    groups_by_status: dict[str, int]
    groups_total: int
    topic_nodes: list[TopicNode]
    groups_by_topic: dict[int, int]  # including narrower topics
    contact_points_by_land: dict[str, int]
    rare_entries_by_condition_group: dict[str, int]
    registrations: dict[tuple[str, str], int]  # (review state, YYYY-MM)


def _value(v: Any) -> str:
    return str(getattr(v, "value", v))


async def exact(engine: AsyncEngine, today: date | None = None) -> Exact:
    published = groups.c.review_state == ReviewState.PUBLISHED
    g = groups.c
    async with engine.connect() as conn:

        async def per(column: Any, *where: Any, table: Any = groups) -> dict[str, int]:
            stmt = select(column, func.count()).select_from(table).where(*where).group_by(column)
            return {
                NATIONWIDE if k is None else _value(k): int(n)
                for k, n in (await conn.execute(stmt)).all()
            }

        by_land = await per(g.region_code, published)
        by_format = await per(g.format, published)
        by_reach = await per(g.reach, published)
        by_status = await per(g.status, published)
        nodes = [
            TopicNode(r.id, r.slug, r.name, r.parent_id)
            for r in (await conn.execute(select(topics).order_by(topics.c.id))).all()
        ]
        tagged = (
            select(group_topics.c.topic_id, group_topics.c.group_id)
            .join(groups, g.id == group_topics.c.group_id)
            .where(published)
        )
        carried: dict[int, set[int]] = defaultdict(set)
        for topic_id, group_id in (await conn.execute(tagged)).all():
            carried[topic_id].add(group_id)
        points = await per(contact_points.c.region_code, table=contact_points)
        current = searches.c.expires_on >= (today or date.today())
        rare_stmt = (
            select(conditions.c.topic_id, func.count())
            .select_from(searches.join(conditions, conditions.c.id == searches.c.condition_id))
            .where(current)
            .group_by(conditions.c.topic_id)
        )
        rare = {
            NO_GROUP if k is None else str(k): int(n)
            for k, n in (await conn.execute(rare_stmt)).all()
        }
        month = func.substr(func.cast(registrations.c.submitted_at, String()), 1, 7)
        reg_stmt = (
            select(g.review_state, month, func.count())
            .select_from(registrations.join(groups, g.id == registrations.c.group_id))
            .group_by(g.review_state, month)
        )
        regs = {
            (_value(state), str(m)): int(n) for state, m, n in (await conn.execute(reg_stmt)).all()
        }
    children: dict[int | None, list[int]] = defaultdict(list)
    for node in nodes:
        children[node.parent].append(node.key)

    def subtree(key: int) -> set[int]:
        found = set(carried.get(key, ()))
        for child in children.get(key, []):
            found |= subtree(child)
        return found

    by_topic = {node.key: len(subtree(node.key)) for node in nodes}
    return Exact(
        groups_by_land=by_land,
        groups_by_format=by_format,
        groups_by_reach=by_reach,
        groups_by_status=by_status,
        groups_total=sum(by_land.values()),
        topic_nodes=nodes,
        groups_by_topic=by_topic,
        contact_points_by_land=points,
        rare_entries_by_condition_group=rare,
        registrations=regs,
    )
