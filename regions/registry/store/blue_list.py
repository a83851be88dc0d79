"""The blue list's own rules: an entry only for a condition no green-list organisation covers,
and at most one nationwide contact per condition.

A green-list organisation (the registry's `organisations`) covers a condition when it carries
the condition's own topic and that topic is specific: it has no narrower topic ("Seltene
Erkrankungen" as a whole names no condition, so ACHSE covers none by it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.registry.models import Organisation, OrganisationTopic, RareCondition, Topic
from regions.registry.store.lookup import grouped

conditions = RareCondition.__table__
organisations = Organisation.__table__
organisation_topics = OrganisationTopic.__table__
topics = Topic.__table__


def _covering(condition_ids: Sequence[int]) -> Select[Any]:
    narrower = topics.alias("narrower")
    return (
        select(conditions.c.id.label("condition_id"), organisations)
        .join(organisation_topics, organisation_topics.c.topic_id == conditions.c.topic_id)
        .join(organisations, organisations.c.id == organisation_topics.c.organisation_id)
        .where(
            conditions.c.id.in_(sorted(set(condition_ids))),
            ~exists().where(narrower.c.parent_id == conditions.c.topic_id),
        )
        .order_by(conditions.c.id, organisations.c.id)
    )


async def covering(engine: AsyncEngine, condition_ids: Sequence[int]) -> dict[Any, list[Row[Any]]]:
    """The organisations covering each condition (one statement for all of them)."""
    return await grouped(engine, _covering(condition_ids), "condition_id")


async def covering_in(conn: AsyncConnection, condition_id: int) -> list[Row[Any]]:
    """The same for one condition, inside a write's transaction (the admission rule)."""
    return list(await conn.execute(_covering([condition_id])))
