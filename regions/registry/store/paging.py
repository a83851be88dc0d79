"""Keyset pagination and counting over any filtered select."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.sources.search.slicing import (
    Slice,
    slice_statement,
    split_slice,
    split_windows,
    windows_statement,
)

__all__ = [
    "Slice",
    "count",
    "count_per",
    "fetch_all",
    "fetch_page",
    "fetch_slice",
    "fetch_windows",
    "Children",
]


@dataclass(frozen=True, slots=True)
class Page:
    rows: Sequence[Row[Any]]
    has_next: bool


async def fetch_page(
    engine: AsyncEngine, stmt: Select[Any], key: ColumnElement[Any], first: int, after: Any
) -> Page:
    """Rows after the key `after` in key order; one row more than asked tells if there is more."""
    if after is not None:
        stmt = stmt.where(key > after)
    stmt = stmt.order_by(key).limit(first + 1)
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
    return Page(rows=rows[:first], has_next=len(rows) > first)


async def fetch_slice(
    engine: AsyncEngine,
    stmt: Select[Any],
    key: ColumnElement[Any],
    size: int,
    bound: Any,
    backward: bool = False,
) -> Slice:
    """The page of `size` rows after (`backward`: before) the key `bound`, and whether rows
    follow in that direction and lie behind the bound: one statement."""
    async with engine.connect() as conn:
        rows = (await conn.execute(slice_statement(stmt, key, size, bound, backward))).all()
    return split_slice(rows, key.key, size, backward)


async def count(engine: AsyncEngine, stmt: Select[Any]) -> int:
    counted = select(func.count()).select_from(stmt.order_by(None).subquery())
    async with engine.connect() as conn:
        return int((await conn.execute(counted)).scalar_one())


async def fetch_all(
    engine: AsyncEngine, stmt: Select[Any], params: Mapping[str, Any] | None = None
) -> Sequence[Row[Any]]:
    """Every row of `stmt`; `params`: values of its named parameters."""
    async with engine.connect() as conn:
        return (await conn.execute(stmt, params)).all()


@dataclass(frozen=True, slots=True)
class Children:
    """A nested list's select over many parents: `partition` names the parent of each row."""

    stmt: Select[Any]
    partition: ColumnElement[Any]
    key: ColumnElement[Any]


async def fetch_windows(
    engine: AsyncEngine, children: Children, size: int, bound: Any, backward: bool
) -> dict[Any, Slice]:
    """The page of `size` children after (before) `bound` of every parent: one statement."""
    stmt = windows_statement(children.stmt, children.partition, children.key, size, bound, backward)
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
    return split_windows(rows, children.partition.key, children.key.key, size, backward)


async def count_per(engine: AsyncEngine, children: Children) -> dict[Any, int]:
    """How many children each parent has: one statement."""
    inner = children.stmt.subquery()
    column = inner.c[children.partition.key]
    stmt = select(column, func.count()).group_by(column)
    async with engine.connect() as conn:
        return {row[0]: int(row[1]) for row in (await conn.execute(stmt)).all()}
