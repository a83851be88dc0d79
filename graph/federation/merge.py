"""One merge and one cursor for every list that spans sources (`groups`, nested group lists,
`search`).

Each source, or each kind of object in the registry, is a *lane*. Results are ordered by
(rank, lane, the lane's own key order); a cursor is "rank|lane|key", so every lane can
continue exactly after it with one call. Lists without a ranking give every row rank 0:
the lanes then simply follow each other in their configured order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from regions.sources.protocol import Seek

from ..errors import BadUserInput
from ..pagination import decode_cursor, encode_cursor

BAD_CURSOR = "not a cursor returned by this API"
UNRANKED = 0.0


@dataclass(frozen=True, slots=True)
class Position:
    """Where a page ended: the last row's rank, lane and key in that lane."""

    rank: float
    lane: str
    key: str


@dataclass(frozen=True, slots=True)
class Row:
    """One result of one lane; `position` is its place in the lane's own order."""

    rank: float
    lane: int
    position: int
    key: str
    node: Any
    distance_km: float | None = None


def cursor(rank: float, lane: str, key: Any, kind: str = "") -> str:
    return encode_cursor(f"{rank!r}|{lane}|{key}", kind)


def parse(
    after: str | None,
    lanes: Sequence[str],
    valid_key: Callable[[str, str], bool],
    kind: str = "",
    argument: str = "after",
) -> Position | None:
    """The cursor argument as a position among `lanes`; BAD_USER_INPUT if it is not one
    (`kind` names the list: a cursor of another list is refused)."""
    if after is None:
        return None
    raw = decode_cursor(after, str, kind, argument)
    rank, _, rest = raw.partition("|")
    lane, _, key = rest.partition("|")
    try:
        value = float(rank)
    except ValueError:
        raise BadUserInput(argument, BAD_CURSOR) from None
    if not math.isfinite(value) or lane not in lanes or not key or not valid_key(lane, key):
        raise BadUserInput(argument, BAD_CURSOR)
    return Position(value, lane, key)


def seek(
    position: Position | None, lane: str, lanes: Sequence[str], backward: bool = False
) -> Seek | None:
    """Where `lane` continues after (`backward`: before) `position` in (rank, lane, key)
    order: at the position's rank, a lane after the position's lane lies after it."""
    if position is None:
        return None
    here, there = lanes.index(lane), lanes.index(position.lane)
    if here == there:
        return Seek(position.rank, position.key)
    return Seek(position.rank, None, inclusive=(here < there) if backward else (here > there))


def exhausted(position: Position | None, lane: str, lanes: Sequence[str]) -> bool:
    """An unranked lane before the cursor's lane has nothing left to give."""
    return position is not None and lanes.index(lane) < lanes.index(position.lane)


def merge(
    parts: Sequence[tuple[list[Row], bool, bool]], size: int, backward: bool = False
) -> tuple[list[Row], bool, bool]:
    """The `size` rows of all lanes nearest the seek in (rank, lane, position) order (each
    lane's rows in that order, with whether more follow in the direction asked and whether
    any lie on the seek's other side), and (has_next, has_previous)."""
    rows = sorted((row for part, _, _ in parts for row in part), key=_order)
    cut = len(rows) > size
    rows = rows[max(0, len(rows) - size) :] if backward else rows[:size]
    ahead = cut or any(more for _, more, _ in parts)
    behind = any(beyond for _, _, beyond in parts)
    return (rows, behind, ahead) if backward else (rows, ahead, behind)


def _order(row: Row) -> tuple[float, int, int]:
    return (row.rank, row.lane, row.position)


def row_cursor(row: Row, lanes: Sequence[str], kind: str = "") -> str:
    return cursor(row.rank, lanes[row.lane], row.key, kind)


# -- unranked lists in both directions ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ask:
    """What one lane of an unranked list is asked: `size` rows after (`backward`: before) the
    key `key` (None: from the start, or the end). `behind` lanes lie on the other side of the
    cursor: they are asked for no rows, only whether they have any (`more`)."""

    size: int
    key: str | None
    backward: bool
    behind: bool = False


@dataclass(frozen=True, slots=True)
class Answer:
    """A lane's rows in its own key order; `more` rows follow in the direction asked;
    `beyond` rows lie on the other side of the key."""

    rows: list[Row]
    more: bool
    beyond: bool = False


def plan(position: Position | None, lane: str, lanes: Sequence[str], size: int, backward: bool):
    """The one call `lane` needs for a page of `size` after (before) `position`, lanes
    following each other in order."""
    if position is None:
        return Ask(size, None, backward)
    here, there = lanes.index(lane), lanes.index(position.lane)
    if here == there:
        return Ask(size, position.key, backward)
    if (here < there) != backward:  # on the other side of the cursor
        return Ask(0, None, not backward, behind=True)
    return Ask(size, None, backward)


def join(
    answers: Sequence[tuple[Ask, Answer]], size: int, backward: bool
) -> tuple[list[Row], bool, bool]:
    """The page of `size` rows over every lane in (rank, lane, position) order, with
    (has_next, has_previous)."""
    rows = sorted(
        (row for ask, answer in answers if not ask.behind for row in answer.rows), key=_order
    )
    cut = len(rows) > size
    rows = rows[max(0, len(rows) - size) :] if backward else rows[:size]
    ahead = cut or any(a.more for ask, a in answers if not ask.behind)
    behind = any(a.more if ask.behind else a.beyond for ask, a in answers)
    return (rows, behind, ahead) if backward else (rows, ahead, behind)
