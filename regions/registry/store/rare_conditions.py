"""Rare-condition searches ("blue" addresses): only current entries are ever public."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import RareCondition, RareConditionSearch
from regions.registry.store.lookup import by_key

searches = RareConditionSearch.__table__
conditions = RareCondition.__table__


@dataclass(frozen=True, slots=True)
class RareConditionFilter:
    region: str | None = None
    topic_ids: Sequence[int] | None = None


def current(today: date | None = None) -> Select[Any]:
    """An entry that was not renewed before it expired is no longer shown."""
    return select(searches).where(searches.c.expires_on >= (today or date.today()))


def filtered(f: RareConditionFilter, stmt: Select[Any] | None = None) -> Select[Any]:
    """`stmt`: current searches already narrowed by search (words), or all current ones."""
    stmt = current() if stmt is None else stmt
    if f.region is not None:
        stmt = stmt.where(searches.c.region_code == f.region)
    if f.topic_ids is not None:
        matching = select(conditions.c.id).where(conditions.c.topic_id.in_(f.topic_ids))
        stmt = stmt.where(searches.c.condition_id.in_(matching))
    return stmt


async def by_ids(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, Row[Any]]:
    return await by_key(engine, current(), searches.c.id, ids)


async def conditions_by_ids(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, Row[Any]]:
    return await by_key(engine, select(conditions), conditions.c.id, ids)
