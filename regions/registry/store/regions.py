"""The Länder and their coordination offices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import Region
from regions.registry.store.lookup import by_key

regions = Region.__table__


def all_regions() -> Select[Any]:
    return select(regions)


async def by_codes(engine: AsyncEngine, codes: Sequence[str]) -> dict[Any, Row[Any]]:
    return await by_key(engine, select(regions), regions.c.code, codes)
