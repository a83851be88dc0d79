"""The Länder and their coordination offices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import CoordinationOfficeHours, Region
from regions.registry.store.lookup import by_key, grouped

regions = Region.__table__
coordination_hours = CoordinationOfficeHours.__table__


def all_regions() -> Select[Any]:
    return select(regions)


async def by_codes(engine: AsyncEngine, codes: Sequence[str]) -> dict[Any, Row[Any]]:
    return await by_key(engine, select(regions), regions.c.code, codes)


async def coordination_office_hours(
    engine: AsyncEngine, codes: Sequence[str]
) -> dict[Any, list[Row[Any]]]:
    """The coordination offices' own office hours, by Land code (one statement)."""
    hours = coordination_hours
    stmt = (
        select(hours)
        .where(hours.c.region_code.in_(sorted(set(codes))))
        .order_by(hours.c.region_code, hours.c.weekday, hours.c.opens)
    )
    return await grouped(engine, stmt, "region_code")
