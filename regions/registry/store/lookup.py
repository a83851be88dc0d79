"""Batch look-ups: one IN query for many keys, results keyed for the loaders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.store.paging import fetch_all


async def by_key(
    engine: AsyncEngine, stmt: Select[Any], key: ColumnElement[Any], keys: Iterable[Any]
) -> dict[Any, Row[Any]]:
    """One row per key (a miss is simply absent)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = await fetch_all(engine, _for_keys(stmt, key), {"lookup_keys": wanted})
    name = key.key
    return {row._mapping[name]: row for row in rows}


# (statement, key column) -> the statement for a list of keys given when it runs. A statement
# that is itself kept (`groups.published()`, `rare_conditions.current()`) is then neither
# built again nor given a new cache key by SQLAlchemy for each batch. Holding the statements
# keeps their ids from being reused while they are here.
_KEYED: dict[tuple[int, int], tuple[Select[Any], ColumnElement[Any], Select[Any]]] = {}
_KEYED_KEPT = 64


def _for_keys(stmt: Select[Any], key: ColumnElement[Any]) -> Select[Any]:
    found = _KEYED.get((id(stmt), id(key)))
    if found is not None and found[0] is stmt and found[1] is key:
        return found[2]
    if len(_KEYED) >= _KEYED_KEPT:
        _KEYED.clear()
    keyed = stmt.where(key.in_(bindparam("lookup_keys", expanding=True)))
    _KEYED[(id(stmt), id(key))] = (stmt, key, keyed)
    return keyed


async def grouped(
    engine: AsyncEngine, stmt: Select[Any], key_name: str
) -> dict[Any, list[Row[Any]]]:
    """Rows of an already keyed select, collected per key in the select's order."""
    out: dict[Any, list[Row[Any]]] = defaultdict(list)
    for row in await fetch_all(engine, stmt):
        out[row._mapping[key_name]].append(row)
    return out
