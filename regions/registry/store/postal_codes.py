"""Postal-code centroids: where a search "near 44135" is centred."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import PostalCode
from regions.registry.store.paging import fetch_all

postal_codes = PostalCode.__table__


async def by_code(engine: AsyncEngine, code: str) -> Row[Any] | None:
    rows = await fetch_all(engine, select(postal_codes).where(postal_codes.c.code == code))
    return rows[0] if rows else None
