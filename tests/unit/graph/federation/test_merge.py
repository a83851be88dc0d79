"""The one merge and cursor (graph/federation/merge.py): order, seek, exhaustion, forged cursors,
and paging through several lanes page by page without a row lost or repeated."""

from __future__ import annotations

import base64
import random
from collections.abc import Sequence

import pytest

from graph.errors import BadUserInput
from graph.federation.merge import (
    UNRANKED,
    Position,
    Row,
    cursor,
    exhausted,
    merge,
    parse,
    row_cursor,
    seek,
)
from graph.pagination import encode_cursor
from regions.sources.protocol import Seek

LANES = ["nakos:GROUP", "nakos:ORGANISATION", "DE-BY", "DE-NW"]


def any_key(lane: str, key: str) -> bool:
    return True


def digits(lane: str, key: str) -> bool:
    return key.isdigit()


def raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


def row(rank: float, lane: int, position: int, key: str = "k") -> Row:
    return Row(rank, lane, position, key, node=f"{lane}:{key}")


# -- cursors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rank", "lane", "key"),
    [
        (0.0, "nakos:GROUP", "1"),
        (-3_000_012.5, "DE-BY", "40001"),
        (0.1 + 0.2, "DE-NW", "NW-000017"),  # not a short decimal: must come back exactly
        (100_000.0, "DE-NW", "a|b"),  # a key may hold the separator
    ],
)
def test_a_cursor_comes_back_as_the_position_it_was_made_from(
    rank: float, lane: str, key: str
) -> None:
    assert parse(cursor(rank, lane, key), LANES, any_key) == Position(rank, lane, key)


def test_a_cursor_is_opaque_base64url_of_rank_lane_and_key() -> None:
    made = cursor(2.0, "DE-BY", 40001)
    assert made == encode_cursor("2.0|DE-BY|40001")
    assert set(made) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_no_cursor_is_no_position() -> None:
    assert parse(None, LANES, any_key) is None


@pytest.mark.parametrize(
    "forged",
    [
        "%%%not-base64%%%",
        raw("2.0|DE-BY|40001"),  # without the cursor prefix
        encode_cursor(5),  # a plain key cursor of another list
        encode_cursor("abc|DE-BY|40001"),  # rank not a number
        encode_cursor("nan|DE-BY|40001"),
        encode_cursor("inf|DE-BY|40001"),
        encode_cursor("-inf|DE-BY|40001"),
        encode_cursor("1.0|DE-HE|40001"),  # a lane this list does not have
        encode_cursor("1.0|DE-BY|"),  # no key
        encode_cursor("1.0|DE-BY"),
        encode_cursor("1.0"),
        encode_cursor(""),
        encode_cursor("1.0|nakos:GROUP|12x"),  # not a key of that lane
        "YzE6MS4wfERFLUJZfDQwMDAx\u00e4",  # not ASCII
        base64.urlsafe_b64encode(b"c1:\xff\xfe").decode(),  # not UTF-8
    ],
)
def test_a_forged_cursor_is_bad_user_input_on_after(forged: str) -> None:
    with pytest.raises(BadUserInput) as refused:
        parse(forged, LANES, digits)
    assert refused.value.extensions == {"code": "BAD_USER_INPUT", "argument": "after"}
    assert "not a cursor returned by this API" in refused.value.message


def test_the_key_check_is_asked_with_the_cursors_lane_and_key() -> None:
    asked: list[tuple[str, str]] = []

    def check(lane: str, key: str) -> bool:
        asked.append((lane, key))
        return True

    parse(cursor(1.0, "DE-NW", "NW-000001"), LANES, check)
    assert asked == [("DE-NW", "NW-000001")]


# -- seek and exhaustion -------------------------------------------------------------------


def test_no_position_means_every_lane_starts_at_the_beginning() -> None:
    assert [seek(None, lane, LANES) for lane in LANES] == [None] * 4
    assert [exhausted(None, lane, LANES) for lane in LANES] == [False] * 4


def test_seek_continues_each_lane_where_the_order_continues() -> None:
    at = Position(-3.0, "DE-BY", "40017")
    # the cursor's own lane: after its key at its rank
    assert seek(at, "DE-BY", LANES) == Seek(-3.0, "40017", inclusive=False)
    # lanes before it: their rows of that rank came before the cursor, so only later ranks
    assert seek(at, "nakos:GROUP", LANES) == Seek(-3.0, None, inclusive=False)
    assert seek(at, "nakos:ORGANISATION", LANES) == Seek(-3.0, None, inclusive=False)
    # lanes after it: their rows of that rank come after the cursor, so that rank too
    assert seek(at, "DE-NW", LANES) == Seek(-3.0, None, inclusive=True)


def test_only_lanes_before_the_cursors_lane_are_exhausted() -> None:
    at = Position(UNRANKED, "DE-BY", "40017")
    assert [exhausted(at, lane, LANES) for lane in LANES] == [True, True, False, False]


# -- merge ---------------------------------------------------------------------------------


def test_merge_orders_by_rank_then_lane_then_position_in_the_lane() -> None:
    national = [row(-3.0, 0, 0, "a"), row(1.0, 0, 1, "b")]
    bavaria = [row(-3.0, 2, 0, "c"), row(-3.0, 2, 1, "d"), row(0.0, 2, 2, "e")]
    nrw = [row(-5.0, 3, 0, "f"), row(1.0, 3, 1, "g")]
    rows, more, previous = merge(
        [(nrw, False, False), (bavaria, False, False), (national, False, False)], 10
    )
    assert [r.key for r in rows] == ["f", "a", "c", "d", "e", "b", "g"]
    assert more is False and previous is False


def test_merge_keeps_each_lanes_own_order_over_its_keys() -> None:
    # position, not the key's spelling, is the lane's order (a source may sort 9 before 10)
    lane = [row(0.0, 1, 0, "9"), row(0.0, 1, 1, "10"), row(0.0, 1, 2, "100")]
    rows, _, _ = merge([(list(reversed(lane)), False, False)], 3)
    assert [r.key for r in rows] == ["9", "10", "100"]


@pytest.mark.parametrize(
    ("first", "lane_says_more", "keys", "has_next"),
    [
        (5, False, ["a", "b", "c", "d"], False),  # everything fits, nobody has more
        (4, False, ["a", "b", "c", "d"], False),  # exactly fits
        (3, False, ["a", "b", "c"], True),  # rows were cut
        (4, True, ["a", "b", "c", "d"], True),  # a lane has more than it sent
        (0, False, [], True),  # a count-only page: rows exist beyond it
    ],
)
def test_merge_takes_first_rows_and_says_whether_more_follow(
    first: int, lane_says_more: bool, keys: list[str], has_next: bool
) -> None:
    one = [row(0.0, 0, 0, "a"), row(0.0, 0, 1, "b")]
    two = [row(0.0, 1, 0, "c"), row(0.0, 1, 1, "d")]
    rows, more, _ = merge([(one, False, False), (two, lane_says_more, False)], first)
    assert [r.key for r in rows] == keys
    assert more is has_next


def test_merge_of_nothing_is_an_empty_last_page() -> None:
    assert merge([([], False, False), ([], False, False)], 20) == ([], False, False)


def test_row_cursor_names_the_rows_lane_by_name() -> None:
    made = row_cursor(row(-2.0, 2, 7, "40003"), LANES)
    assert parse(made, LANES, any_key) == Position(-2.0, "DE-BY", "40003")


# -- paging through lanes, as groups and search do -----------------------------------------


def fetch(
    data: Sequence[tuple[float, str]], lane: int, at: Seek | None, first: int, backward: bool
) -> tuple[list[Row], bool, bool]:
    """A source: its rows in (rank, key) order after (`backward`: before) `at`, one page of
    `first`, whether more follow, and whether any lie on the other side (what every source's
    find returns)."""

    def side(rank: float, key: str) -> bool:
        if at is None:
            return True
        if backward:
            if at.key is not None:
                return (rank, key) < (at.rank, at.key)
            return rank <= at.rank if at.inclusive else rank < at.rank
        if at.key is not None:
            return (rank, key) > (at.rank, at.key)
        return rank >= at.rank if at.inclusive else rank > at.rank

    matching = [(rank, key) for rank, key in data if side(rank, key)]
    beyond = len(matching) < len(data)
    window = matching[max(0, len(matching) - first) :] if backward else matching[:first]
    page = [Row(rank, lane, i, key, key) for i, (rank, key) in enumerate(window)]
    return page, len(matching) > first, beyond


def every_page(
    lanes: dict[str, list[tuple[float, str]]], first: int, ranked: bool, backward: bool = False
) -> list[list[str]]:
    """Every page, walked forwards (backwards: from the end, pages in reverse order), with
    the flags checked: hasPreviousPage only after the first page, hasNextPage before the last."""
    order = list(lanes)
    pages: list[list[str]] = []
    cursor: str | None = None
    for _ in range(1000):
        position = parse(cursor, order, any_key)
        parts = [
            fetch(data, order.index(name), seek(position, name, order, backward), first, backward)
            for name, data in lanes.items()
            if ranked or backward or not exhausted(position, name, order)
        ]
        rows, has_next, has_previous = merge(parts, first, backward)
        pages.append([r.key for r in rows])
        onward, behind = (has_previous, has_next) if backward else (has_next, has_previous)
        assert behind is (cursor is not None)
        if not onward:
            return pages[::-1] if backward else pages
        assert len(rows) == first
        cursor = row_cursor(rows[0] if backward else rows[-1], order)
    raise AssertionError("paging did not end")


def ranked_lanes(seed: int) -> dict[str, list[tuple[float, str]]]:
    """Three lanes with many equal ranks across and within lanes (ties are the hard part)."""
    rng = random.Random(seed)
    lanes = {}
    for name, size in (("nakos:GROUP", 37), ("DE-BY", 23), ("DE-NW", 41)):
        rows = {(float(rng.choice([-3, -1, 0, 0, 2])), f"{name}-{n:03d}") for n in range(size)}
        lanes[name] = sorted(rows)
    return lanes


@pytest.mark.parametrize("first", [1, 2, 3, 7, 20, 100])
@pytest.mark.parametrize("seed", [1, 2])
def test_ranked_paging_returns_every_row_once_in_the_merged_order(first: int, seed: int) -> None:
    lanes = ranked_lanes(seed)
    expected = [
        key
        for _, _, key in sorted(
            (rank, index, key) for index, data in enumerate(lanes.values()) for rank, key in data
        )
    ]
    pages = every_page(lanes, first, ranked=True)
    assert [key for page in pages for key in page] == expected
    assert all(len(page) == first for page in pages[:-1])
    backwards = every_page(lanes, first, ranked=True, backward=True)
    assert [key for page in backwards for key in page] == expected
    assert all(len(page) == first for page in backwards[1:])


@pytest.mark.parametrize("first", [1, 4, 10, 25])
def test_unranked_paging_runs_the_lanes_one_after_another(first: int) -> None:
    lanes = {
        "nakos": [(UNRANKED, f"{n:05d}") for n in range(9)],
        "DE-BY": [(UNRANKED, f"4{n:04d}") for n in range(7)],
        "DE-NW": [],
        "DE-HE": [(UNRANKED, f"HE-{n}") for n in range(5)],
    }
    pages = every_page(lanes, first, ranked=False)
    assert [key for page in pages for key in page] == [k for d in lanes.values() for _, k in d]
