"""Facet counts over the whole result: the registry's and every region's, added up."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import Any

from strawberry.types import Info

from regions.registry.store import search as national
from regions.sources.search.query import Facets
from regions.sources.vocabulary import GroupFormat

from ..types.topic import Topic


@dataclass(frozen=True, slots=True)
class Counts:
    """Each list sorted by count (most first), then by its value."""

    total: int
    kinds: list[tuple[str, int]]
    regions: list[tuple[str | None, int]]
    formats: list[tuple[GroupFormat | None, int]]
    topics: list[tuple[Topic, int]]


def _sorted(counter: Counter[Any]) -> list[tuple[Any, int]]:
    items = [(value, n) for value, n in counter.items() if n]
    return sorted(items, key=lambda item: (-item[1], str(item[0] or "")))


async def total(info: Info, q: national.NationalSearch, regions: dict[str, Any]) -> int:
    """How many results match, without the facets: the registry's count (one statement) and
    every region's. `regions`: code -> awaitable count (already guarded against failure)."""
    codes = list(regions)
    here = national.count(info.context.engine, q)
    found, *theirs = await asyncio.gather(here, *(regions[code] for code in codes))
    return int(found) + sum(int(n) for n in theirs)


async def count(info: Info, q: national.NationalSearch, regions: dict[str, Any]) -> Counts:
    """`regions`: code -> awaitable Facets of that source (already guarded against failure)."""
    codes = list(regions)
    here = national.facets(info.context.engine, q)
    found, *theirs = await asyncio.gather(here, *(regions[code] for code in codes))
    kinds: Counter[str] = Counter()
    lands: Counter[str | None] = Counter()
    formats: Counter[GroupFormat | None] = Counter()
    for (kind, land, fmt), n in found.cells.items():
        kinds[kind.name] += n
        lands[land] += n
        formats[GroupFormat(fmt) if fmt is not None else None] += n
    by_slug: Counter[str] = Counter()
    for code, facets in zip(codes, theirs, strict=True):
        assert isinstance(facets, Facets)
        kinds["GROUP"] += facets.total
        lands[code] += facets.total
        formats.update(facets.formats)
        by_slug.update(facets.topics)
    loaders = info.context.loaders
    topics: Counter[int] = Counter()
    by_key: dict[int, Topic] = {}
    national_ids, slugs = list(found.topics), list(by_slug)
    national_topics, region_topics = await asyncio.gather(
        loaders.topic_by_id.load_many(national_ids), loaders.topic_by_slug.load_many(slugs)
    )
    for topic, n in [
        *zip(national_topics, found.topics.values(), strict=True),
        *zip(region_topics, by_slug.values(), strict=True),
    ]:
        if topic is not None:
            topics[topic.key] += n
            by_key[topic.key] = topic
    ranked = sorted(topics.items(), key=lambda item: (-item[1], by_key[item[0]].name))
    return Counts(
        total=sum(kinds.values()),
        kinds=_sorted(kinds),
        regions=_sorted(lands),
        formats=_sorted(formats),
        topics=[(by_key[key], n) for key, n in ranked],
    )
