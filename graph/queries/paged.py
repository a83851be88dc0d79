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
    last: int | None = None,
    before: str | None = None,
) -> Connection[T]:
    """One statement for the page (and for whether objects lie before/after it); the cursor
    names the table, so a cursor of another connection is refused."""
    kind = getattr(key, "table", None)
    tag = getattr(kind, "name", "") or key.key
    win = window(first, after, info.context.settings, key_type, last=last, before=before, kind=tag)
    engine = info.context.engine
    result = await paging.fetch_slice(engine, stmt, key, win.size, win.cursor, win.backward)
    name = key.key

    async def count() -> int:
        return await paging.count(engine, stmt)

    return connection(
        [convert(row) for row in result.rows],
        [encode_cursor(row._mapping[name], tag) for row in result.rows],
        has_next=result.beyond if win.backward else result.more,
        has_previous=result.more if win.backward else result.beyond,
        count=count,
    )
