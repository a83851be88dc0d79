"""Batch loaders over the registry: one query per batch, results in key order."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncEngine

K = TypeVar("K")
V = TypeVar("V")

Fetch = Callable[[AsyncEngine, Sequence[Any]], Awaitable[dict[Any, Any]]]


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
