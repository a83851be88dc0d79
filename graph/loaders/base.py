"""Batch loaders over the registry: one query per batch, results in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncEngine

K = TypeVar("K")
V = TypeVar("V")

Fetch = Callable[[AsyncEngine, Sequence[Any]], Awaitable[dict[Any, Any]]]
FetchLimited = Callable[[AsyncEngine, Sequence[Any], int], Awaitable[dict[Any, Any]]]


class ByKeyLoader(DataLoader, Generic[K, V]):  # type: ignore[type-arg]
    """One object per key, None for a miss."""

    fetch: ClassVar[Fetch]
    convert: ClassVar[Callable[[Any], Any]]

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__()
        self.engine = engine

    async def batch_load_fn(self, keys: Sequence[K]) -> list[V | None]:
        found = await type(self).fetch(self.engine, keys)
        convert = type(self).convert
        return [convert(found[key]) if key in found else None for key in keys]


class ManyByKeyLoader(ByKeyLoader[K, V]):
    """A list per key (empty for a miss)."""

    async def batch_load_fn(self, keys: Sequence[K]) -> list[list[V]]:  # type: ignore[override]
        found = await type(self).fetch(self.engine, keys)
        convert = type(self).convert
        return [[convert(row) for row in found.get(key, ())] for key in keys]


class LimitedManyLoader(ByKeyLoader[tuple[Any, int], V]):
    """A list per (parent key, limit): at most `limit` children per parent, one query per limit."""

    fetch_limited: ClassVar[FetchLimited]

    async def batch_load_fn(  # type: ignore[override]
        self, keys: Sequence[tuple[Any, int]]
    ) -> list[list[V]]:
        by_limit: dict[int, list[Any]] = defaultdict(list)
        for parent, limit in keys:
            by_limit[limit].append(parent)
        convert = type(self).convert
        results: dict[tuple[Any, int], list[V]] = {}
        for limit, parents in by_limit.items():
            found = await type(self).fetch_limited(self.engine, parents, limit)
            for parent in parents:
                results[(parent, limit)] = [convert(row) for row in found.get(parent, ())]
        return [results[key] for key in keys]
