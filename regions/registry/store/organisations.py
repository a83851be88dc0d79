"""Nationwide organisations: filtered selects and batch look-ups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import Organisation, OrganisationKind, OrganisationTopic
from regions.registry.store.lookup import by_key
from regions.registry.store.paging import Children

organisations = Organisation.__table__
_EVERY = select(organisations)  # one statement for every batch by id (see lookup.by_key)
organisation_topics = OrganisationTopic.__table__


@dataclass(frozen=True, slots=True)
class OrganisationFilter:
    topic_ids: Sequence[int] | None = None
    kind: OrganisationKind | None = None


def filtered(f: OrganisationFilter, stmt: Select[Any] | None = None) -> Select[Any]:
    """`stmt`: organisations already narrowed by search (words), or all of them."""
    stmt = select(organisations) if stmt is None else stmt
    if f.topic_ids is not None:
        stmt = stmt.where(
            exists().where(
                organisation_topics.c.organisation_id == organisations.c.id,
                organisation_topics.c.topic_id.in_(f.topic_ids),
            )
        )
    if f.kind is not None:
        stmt = stmt.where(organisations.c.kind == f.kind)
    return stmt


async def by_ids(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, Row[Any]]:
    return await by_key(engine, _EVERY, organisations.c.id, ids)


def of_topics(ids: Sequence[int]) -> Children:
    """Organisations of many topics, for nested paging."""
    stmt = (
        select(organisations, organisation_topics.c.topic_id)
        .join(organisation_topics, organisation_topics.c.organisation_id == organisations.c.id)
        .where(organisation_topics.c.topic_id.in_(sorted(set(ids))))
    )
    return Children(stmt, organisation_topics.c.topic_id, organisations.c.id)
