"""Run a filtered select as one Relay page; totalCount is counted only when asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select
from strawberry.types import Info

from regions.registry.store import paging

from ..pagination import Connection, connection, encode_cursor, window

T = TypeVar("T")


async def page(
    info: Info,
    stmt: Select[Any],
    key: ColumnElement[Any],
    convert: Callable[[Any], T],
    first: int | None,
    after: str | None,
    key_type: type = int,
) -> Connection[T]:
    win = window(first, after, info.context.settings, key_type)
    engine = info.context.engine
    result = await paging.fetch_page(engine, stmt, key, win.first, win.after)
    name = key.key

    async def count() -> int:
        return await paging.count(engine, stmt)

    return connection(
        [convert(row) for row in result.rows],
        [encode_cursor(row._mapping[name]) for row in result.rows],
        has_next=result.has_next,
        after=win.after,
        count=count,
    )
