"""The version of each source of data (table `source_versions`): every committed write to
the registry bumps `registry` in its own transaction; the response cache (graph/cache/) keys
its entries by it, so an answer cached before a write is never served after it."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.registry.models import SourceVersion

REGISTRY = "registry"
versions = SourceVersion.__table__


async def bump(conn: AsyncConnection, source: str = REGISTRY) -> None:
    """In the writer's transaction: the new version is seen when (and only if) it commits."""
    await conn.execute(
        update(versions).where(versions.c.source == source).values(version=versions.c.version + 1)
    )


async def read(engine: AsyncEngine, source: str = REGISTRY) -> int | None:
    """One statement; None if the source has no row (nothing is cached for it then)."""
    async with engine.connect() as conn:
        found = await conn.execute(select(versions.c.version).where(versions.c.source == source))
        return found.scalar()
