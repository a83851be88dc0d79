"""Make the registry ready: schema to the newest revision, demo data into an empty one."""

from __future__ import annotations

import logging
import time

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.migrate import upgrade
from regions.registry.models import Region, Topic, TopicTermStem
from regions.registry.search_index import load_postal_codes, reindex

log = logging.getLogger(__name__)


async def _count(engine: AsyncEngine, model: type) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(model))).scalar_one())


async def is_empty(engine: AsyncEngine) -> bool:
    return await _count(engine, Region) == 0


async def prepare(engine: AsyncEngine, *, demo: bool, scale: float, seed: int) -> None:
    await upgrade(engine)
    if demo and await is_empty(engine):
        from regions.registry.demo.generate import (
            build,  # Faker and the place data load only when needed
        )

        log.info("empty registry: building the demo data set (scale %s, seed %s)", scale, seed)
        started = time.perf_counter()
        counts = await build(engine, scale=scale, seed=seed)
        log.info(
            "demo data built in %.1f s: %s",
            time.perf_counter() - started,
            ", ".join(f"{name} {count}" for name, count in counts.items()),
        )
    if await is_empty(engine):
        return  # postal codes refer to the Länder, the indexes to the data: nothing to do yet
    if await load_postal_codes(engine):
        log.info("postal-code centroids loaded")
    if await _count(engine, TopicTermStem) == 0 and await _count(engine, Topic) > 0:
        started = time.perf_counter()
        counts = await reindex(engine)  # first start after the search migration, or a new build
        log.info("search indexes built in %.1f s: %s", time.perf_counter() - started, counts)
