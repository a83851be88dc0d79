"""Postal-code centroids: where a search "near 44135" is centred."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.registry.models import PostalCode
from regions.registry.store.paging import fetch_all
from regions.sources.search.geo import public_point

postal_codes = PostalCode.__table__


async def by_code(engine: AsyncEngine, code: str) -> Row[Any] | None:
    rows = await fetch_all(engine, select(postal_codes).where(postal_codes.c.code == code))
    return rows[0] if rows else None


async def meeting_point(
    conn: AsyncConnection, code: str | None, town: str | None, land: str, withheld: bool
) -> tuple[bool, tuple[float, float] | None]:
    """(whether `code` is a known postal code, the point a group meeting there is stored at):
    its postal code's centroid, or for a withheld place its town's centre (the mean of the
    town's postal-code centroids in its Land, as migration 0004 has it; nothing finer)."""
    found = None
    if code is not None:
        stmt = select(postal_codes).where(postal_codes.c.code == code)
        found = (await conn.execute(stmt)).first()
        if found is None:
            return False, None
    centre = None
    if withheld and town is not None:
        stmt = select(func.avg(postal_codes.c.latitude), func.avg(postal_codes.c.longitude))
        stmt = stmt.where(postal_codes.c.town == town, postal_codes.c.region_code == land)
        lat, lon = (await conn.execute(stmt)).one()
        centre = None if lat is None else (float(lat), float(lon))
    exact = None if found is None else (found.latitude, found.longitude)
    return True, public_point(centre, exact, withheld)
