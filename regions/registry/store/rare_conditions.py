"""Rare-condition searches ("blue" addresses): only current entries are ever public."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import (
    ConsentScope,
    ConsentSubject,
    RareCondition,
    RareConditionSearch,
)
from regions.registry.store.consents import in_force
from regions.registry.store.lookup import by_key
from regions.sources.vocabulary import ReviewState

searches = RareConditionSearch.__table__
conditions = RareCondition.__table__


@dataclass(frozen=True, slots=True)
class RareConditionFilter:
    region: str | None = None
    topic_ids: Sequence[int] | None = None


ENTRY = ConsentSubject.RARE_CONDITION_ENTRY


def consented(scope: ConsentScope) -> Any:
    """Whether the entry's person has a consent of this scope in force (read from the records)."""
    return in_force(ENTRY, scope, searches.c.id)


def current(today: date | None = None) -> Select[Any]:
    """Entries shown: not expired (an entry not renewed before it expired is no longer shown)
    and with the person's consent to publish it in force. Each row carries
    `consent_to_partners`, read from the consent records in the same statement. Entries
    submitted by self-service are shown only once national staff published them."""
    return _current(today or date.today())


@lru_cache(maxsize=4)
def _current(today: date) -> Select[Any]:
    """One statement per day, shared (statements are immutable; building this one, with its
    three consent subqueries, cost a search request more than a tenth of a millisecond)."""
    return select(
        searches,
        consented(ConsentScope.PASS_TO_PARTNERS).label("consent_to_partners"),
        consented(ConsentScope.NATIONWIDE_CONTACT).label("consent_nationwide"),
    ).where(
        searches.c.review_state == ReviewState.PUBLISHED,
        searches.c.expires_on >= today,
        consented(ConsentScope.PUBLISH),
    )


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
