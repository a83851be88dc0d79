"""NRW's pages: in kennung order after (before) a key, or in (rang, kennung) order after
(before) a seek; each one statement that also says whether anything lies behind the cursor
(a row with `_beyond` = 1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, literal, not_, select, union_all


@dataclass(frozen=True, slots=True)
class Page:
    rows: Sequence[Row[Any]]
    more: bool  # more follow in the direction asked
    beyond: bool  # some lie on the other side of the cursor


def by_key(
    stmt: Select[Any], key: ColumnElement[Any], size: int, bound: Any, backward: bool
) -> Any:
    if backward:
        main = stmt if bound is None else stmt.where(key < bound)
        main = main.order_by(key.desc()).limit(size + 1)
    else:
        main = stmt if bound is None else stmt.where(key > bound)
        main = main.order_by(key).limit(size + 1)
    if bound is None:
        return main.add_columns(literal(0).label("_beyond"))
    other = stmt.where(key >= bound) if backward else stmt.where(key <= bound)
    a = main.add_columns(literal(0).label("_beyond")).subquery()
    b = other.add_columns(literal(1).label("_beyond")).limit(1).subquery()
    return union_all(select(a), select(b))


def by_rank(
    stmt: Select[Any],
    rank: Any,
    key: ColumnElement[Any],
    size: int,
    wanted: Any,
    seek: bool,
    backward: bool,
) -> Any:
    """`stmt` selects the rank as column `rank`; `wanted`: the seek's side."""
    order = [rank.desc(), key.desc()] if backward else [rank, key]
    main = stmt.where(wanted).order_by(*order).limit(size + 1)
    if not seek:
        return main.add_columns(literal(0).label("_beyond"))
    a = main.add_columns(literal(0).label("_beyond")).subquery()
    b = stmt.where(not_(wanted)).add_columns(literal(1).label("_beyond")).limit(1).subquery()
    return union_all(select(a), select(b))


def split(rows: Sequence[Row[Any]], size: int, backward: bool, ranked: bool) -> Page:
    beyond = any(row._mapping["_beyond"] == 1 for row in rows)
    found = [row for row in rows if row._mapping["_beyond"] == 0]
    if ranked:
        found.sort(key=lambda row: (row._mapping["rank"], row.kennung), reverse=backward)
    else:
        found.sort(key=lambda row: row.kennung, reverse=backward)
    page = found[:size]
    if backward:
        page.reverse()
    return Page(rows=page, more=len(found) > size, beyond=beyond)
