"""A page in either direction of any keyed select, in one statement, with the row that says
whether anything lies behind the cursor: used by the registry and by every SQL source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    case,
    func,
    literal,
    not_,
    or_,
    select,
    union_all,
)


@dataclass(frozen=True, slots=True)
class Slice:
    """One direction's page of a keyed select: `rows` in key order, `more` when rows follow
    in the direction asked, `beyond` when rows lie on the other side of the cursor."""

    rows: Sequence[Row[Any]]
    more: bool
    beyond: bool


def slice_statement(
    stmt: Select[Any], key: ColumnElement[Any], size: int, bound: Any, backward: bool
) -> Select[Any] | Any:
    """One statement: `size + 1` rows after (before) `bound` in key order, and, when a bound
    is given, one row from its other side (column `_beyond` = 1) that says whether any is
    there."""
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


def split_slice(rows: Sequence[Row[Any]], name: str, size: int, backward: bool) -> Slice:
    """The rows of slice_statement as a Slice (rows in key order)."""
    beyond = any(row._mapping["_beyond"] == 1 for row in rows)
    found = [row for row in rows if row._mapping["_beyond"] == 0]
    found.sort(key=lambda row: row._mapping[name], reverse=backward)
    page = found[:size]
    if backward:
        page.reverse()
    return Slice(rows=page, more=len(found) > size, beyond=beyond)


def ranked_statement(
    stmt: Select[Any],
    rank: Any,
    key: ColumnElement[Any],
    size: int,
    wanted: Any,
    seek: bool,
    backward: bool,
) -> Any:
    """slice_statement over (rank, key) order: `size + 1` rows of `stmt` meeting `wanted` (the
    seek's side) nearest to the seek, and, when there is a seek (`seek`), one row from its
    other side (`_beyond` = 1). `stmt` must select the rank as column `rank`."""
    order = [rank.desc(), key.desc()] if backward else [rank, key]
    main = stmt.where(wanted).order_by(*order).limit(size + 1)
    if not seek:
        return main.add_columns(literal(0).label("_beyond"))
    a = main.add_columns(literal(0).label("_beyond")).subquery()
    b = stmt.where(not_(wanted)).add_columns(literal(1).label("_beyond")).limit(1).subquery()
    return union_all(select(a), select(b))


def split_ranked(rows: Sequence[Row[Any]], name: str, size: int, backward: bool) -> Slice:
    """The rows of ranked_statement as a Slice, rows in (rank, key) order."""
    beyond = any(row._mapping["_beyond"] == 1 for row in rows)
    found = [row for row in rows if row._mapping["_beyond"] == 0]
    found.sort(key=lambda row: (row._mapping["rank"], row._mapping[name]), reverse=backward)
    page = found[:size]
    if backward:
        page.reverse()
    return Slice(rows=page, more=len(found) > size, beyond=beyond)


def windows_statement(
    stmt: Select[Any],
    partition: ColumnElement[Any],
    key: ColumnElement[Any],
    size: int,
    bound: Any,
    backward: bool,
) -> Select[Any]:
    """slice_statement for every parent at once (one statement): per `partition` value, `size
    + 1` rows after (before) `bound` in key order, and one row from the bound's other side
    (`_beyond` = 1) where there is any. ROW_NUMBER() over (parent, side of the bound)."""
    if bound is None:
        side: Any = literal(0)
    else:
        side = case(((key < bound) if backward else (key > bound), 0), else_=1)
    order = key.desc() if backward else key
    rank = func.row_number().over(partition_by=[partition, side], order_by=order)
    inner = stmt.add_columns(rank.label("_rank"), side.label("_beyond")).subquery()
    wanted = or_(
        and_(inner.c._beyond == 0, inner.c._rank <= size + 1),
        and_(inner.c._beyond == 1, inner.c._rank == 1),
    )
    return select(inner).where(wanted)


def split_windows(
    rows: Sequence[Row[Any]], parent: str, name: str, size: int, backward: bool
) -> dict[Any, Slice]:
    """The rows of windows_statement as one Slice per parent (parents without rows: absent)."""
    per: dict[Any, list[Row[Any]]] = {}
    for row in rows:
        per.setdefault(row._mapping[parent], []).append(row)
    return {key: split_slice(found, name, size, backward) for key, found in per.items()}
