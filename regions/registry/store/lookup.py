"""Batch look-ups: one IN query for many keys, results keyed for the loaders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Row, Select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.store.paging import fetch_all


async def by_key(
    engine: AsyncEngine, stmt: Select[Any], key: ColumnElement[Any], keys: Iterable[Any]
) -> dict[Any, Row[Any]]:
    """One row per key (a miss is simply absent)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = await fetch_all(engine, stmt.where(key.in_(wanted)))
    name = key.key
    return {row._mapping[name]: row for row in rows}


async def grouped(
    engine: AsyncEngine, stmt: Select[Any], key_name: str
) -> dict[Any, list[Row[Any]]]:
    """Rows of an already keyed select, collected per key in the select's order."""
    out: dict[Any, list[Row[Any]]] = defaultdict(list)
    for row in await fetch_all(engine, stmt):
        out[row._mapping[key_name]].append(row)
    return out
