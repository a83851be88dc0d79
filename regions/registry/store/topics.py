"""The topic taxonomy: search by name or synonym, the tree, and topics of groups/organisations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import GroupTopic, OrganisationTopic, Topic, TopicSynonym
from regions.registry.store.lookup import by_key, grouped
from regions.registry.store.paging import fetch_all
from regions.registry.store.text import contains

topics = Topic.__table__
synonyms = TopicSynonym.__table__


def filtered(search: str | None = None, roots_only: bool = False) -> Select[Any]:
    stmt = select(topics)
    if search:
        stmt = stmt.where(
            or_(
                contains(topics.c.name, search),
                exists().where(
                    synonyms.c.topic_id == topics.c.id, contains(synonyms.c.synonym, search)
                ),
            )
        )
    if roots_only:
        stmt = stmt.where(topics.c.parent_id.is_(None))
    return stmt


async def by_ids(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, Row[Any]]:
    return await by_key(engine, select(topics), topics.c.id, ids)


async def children(engine: AsyncEngine, parent_ids: Sequence[int]) -> dict[Any, list[Row[Any]]]:
    stmt = (
        select(topics)
        .where(topics.c.parent_id.in_(sorted(set(parent_ids))))
        .order_by(topics.c.name)
    )
    return await grouped(engine, stmt, "parent_id")


async def synonyms_of(engine: AsyncEngine, topic_ids: Sequence[int]) -> dict[Any, list[Row[Any]]]:
    stmt = (
        select(synonyms)
        .where(synonyms.c.topic_id.in_(sorted(set(topic_ids))))
        .order_by(synonyms.c.topic_id, synonyms.c.synonym)
    )
    return await grouped(engine, stmt, "topic_id")


async def _tagged(
    engine: AsyncEngine, link: Any, owner: Any, owner_ids: Sequence[int]
) -> dict[Any, list[Row[Any]]]:
    stmt = (
        select(topics, owner.label("owner_id"))
        .join(link, link.c.topic_id == topics.c.id)
        .where(owner.in_(sorted(set(owner_ids))))
        .order_by(owner, topics.c.name)
    )
    return await grouped(engine, stmt, "owner_id")


async def of_groups(engine: AsyncEngine, group_ids: Sequence[int]) -> dict[Any, list[Row[Any]]]:
    link = GroupTopic.__table__
    return await _tagged(engine, link, link.c.group_id, group_ids)


async def of_organisations(
    engine: AsyncEngine, organisation_ids: Sequence[int]
) -> dict[Any, list[Row[Any]]]:
    link = OrganisationTopic.__table__
    return await _tagged(engine, link, link.c.organisation_id, organisation_ids)


async def by_slugs(engine: AsyncEngine, slugs: Sequence[str]) -> dict[Any, Row[Any]]:
    """Topics by slug: how region sources name national topics."""
    return await by_key(engine, select(topics), topics.c.slug, slugs)


async def subtree(engine: AsyncEngine, topic_ids: Sequence[int], field: str = "id") -> list[Any]:
    """`field` (id or slug) of these topics and of every topic below them, in id order: a
    filter on "Sucht" includes "Spielsucht"; the sources filter by slugs, the registry's
    organisations and rare conditions by ids."""
    tree = select(topics.c.id).where(topics.c.id.in_(sorted(set(topic_ids)))).cte(recursive=True)
    tree = tree.union_all(select(topics.c.id).where(topics.c.parent_id == tree.c.id))
    stmt = select(topics.c[field]).where(topics.c.id.in_(select(tree.c.id)))
    return [row[0] for row in await fetch_all(engine, stmt.order_by(topics.c.id))]
