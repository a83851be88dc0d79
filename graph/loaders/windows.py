"""Loaders for nested connections: a page of children for many parents in one statement
(ROW_NUMBER() per parent, regions.sources.search.slicing), and their counts in another."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.store import paging

Of = Callable[[Sequence[Any]], paging.Children]


@dataclass(frozen=True, slots=True)
class Children:
    """One parent's page: nodes in key order, `more` in the direction asked, `beyond` the
    cursor's other side."""

    nodes: list[Any]
    more: bool
    beyond: bool


class WindowLoader(DataLoader):  # type: ignore[type-arg]
    """Keys (parent, size, bound, backward); one statement per distinct window."""

    def __init__(self, engine: AsyncEngine, of: Of, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.engine, self.of, self.convert = engine, of, convert

    async def batch_load_fn(self, keys: Sequence[tuple[Any, int, Any, bool]]) -> list[Children]:
        by_window: dict[tuple[int, Any, bool], list[Any]] = defaultdict(list)
        for parent, size, bound, backward in keys:
            by_window[(size, bound, backward)].append(parent)
        found: dict[tuple[Any, int, Any, bool], Children] = {}
        for (size, bound, backward), parents in by_window.items():
            pages = await paging.fetch_windows(self.engine, self.of(parents), size, bound, backward)
            for parent in parents:
                got = pages.get(parent)
                found[(parent, size, bound, backward)] = (
                    Children([], False, False)
                    if got is None
                    else Children([self.convert(r) for r in got.rows], got.more, got.beyond)
                )
        return [found[key] for key in keys]


class CountLoader(DataLoader):  # type: ignore[type-arg]
    """How many children each parent has: one statement per batch."""

    def __init__(self, engine: AsyncEngine, of: Of) -> None:
        super().__init__()
        self.engine, self.of = engine, of

    async def batch_load_fn(self, keys: Sequence[Any]) -> list[int]:
        counts = await paging.count_per(self.engine, self.of(keys))
        return [counts.get(key, 0) for key in keys]
