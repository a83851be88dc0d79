"""Page arguments, key cursors and the Connection (graph/pagination.py), without an app."""

from __future__ import annotations

import base64
from types import SimpleNamespace
from typing import Any

import pytest

from graph.errors import BadUserInput
from graph.pagination import (
    PageInfo,
    Window,
    connection,
    decode_cursor,
    encode_cursor,
    page_info,
    page_size,
    window,
)

LIMITS = SimpleNamespace(default_page_size=20, max_page_size=100)


def refused(argument: str) -> Any:
    return pytest.raises(BadUserInput, match=f"Invalid value for argument '{argument}'")


@pytest.mark.parametrize("key", [0, 1, 40001, 10**18 - 1])
def test_an_integer_cursor_comes_back_as_its_key(key: int) -> None:
    assert decode_cursor(encode_cursor(key)) == key


def test_a_cursor_is_unpadded_base64url_of_the_prefixed_key() -> None:
    assert encode_cursor(7) == "YzE6Nw"
    assert base64.urlsafe_b64decode("YzE6Nw==") == b"c1:7"
    assert decode_cursor(encode_cursor("NW-000001|x"), str) == "NW-000001|x"


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "!!!",
        base64.urlsafe_b64encode(b"7").decode(),  # no prefix
        base64.urlsafe_b64encode(b"c2:7").decode(),  # another version's prefix
        encode_cursor("seven"),  # not a number
        encode_cursor("-7"),
        encode_cursor("7.0"),
        encode_cursor(10**18),  # 19 digits: no key is that long
        encode_cursor(""),
        base64.urlsafe_b64encode(b"c1:\xff").decode(),  # not UTF-8
    ],
)
def test_a_forged_key_cursor_is_bad_user_input_on_after(forged: str) -> None:
    with refused("after") as error:
        decode_cursor(forged)
    assert error.value.extensions == {"code": "BAD_USER_INPUT", "argument": "after"}


@pytest.mark.parametrize(("first", "size"), [(None, 20), (0, 0), (1, 1), (100, 100)])
def test_page_size_is_the_default_or_what_was_asked_within_limits(
    first: int | None, size: int
) -> None:
    assert page_size(first, default=20, maximum=100) == size


@pytest.mark.parametrize(("first", "why"), [(-1, "must be 0 or more"), (101, "at most 100")])
def test_page_size_outside_the_limits_is_bad_user_input_on_first(first: int, why: str) -> None:
    with refused("first") as error:
        page_size(first, default=20, maximum=100)
    assert why in error.value.message


def test_window_checks_the_size_and_decodes_the_cursor() -> None:
    assert window(None, None, LIMITS) == Window(size=20)
    assert window(5, encode_cursor(42), LIMITS) == Window(5, 42)
    assert window(5, encode_cursor("NW-000003"), LIMITS, str) == Window(5, "NW-000003")
    with refused("first"):
        window(101, None, LIMITS)
    with refused("after"):
        window(5, "garbage", LIMITS)


def test_window_pages_backwards_with_last_and_before() -> None:
    assert window(None, None, LIMITS, last=5) == Window(5, None, backward=True)
    assert window(None, None, LIMITS, before=encode_cursor(42)) == Window(20, 42, backward=True)
    back = window(None, None, LIMITS, last=3, before=encode_cursor(42))
    assert (back.size, back.before, back.after, back.argument) == (3, 42, None, "before")
    with refused("last") as error:
        window(None, None, LIMITS, last=101)
    assert "at most 100" in error.value.message
    with refused("before"):
        window(None, None, LIMITS, last=2, before="garbage")


@pytest.mark.parametrize(
    ("first", "after", "last", "before", "argument"),
    [
        (5, None, 5, None, "last"),  # both ways at once
        (None, "a", None, "b", "before"),
        (None, "a", 5, None, "after"),  # `last` pages backwards from `before`
        (5, None, None, "b", "before"),  # `first` pages forwards from `after`
    ],
)
def test_window_refuses_arguments_that_page_both_ways(
    first: int | None, after: str | None, last: int | None, before: str | None, argument: str
) -> None:
    with refused(argument):
        window(first, after, LIMITS, last=last, before=before)


def test_a_cursor_of_one_list_is_refused_by_another() -> None:
    assert decode_cursor(encode_cursor(7, "topics"), int, "topics") == 7
    for other in (encode_cursor(7, "organisations"), encode_cursor(7)):
        with refused("after") as error:
            decode_cursor(other, int, "topics")
        assert "this list" in error.value.message


def test_page_info_of_a_page_and_of_an_empty_one() -> None:
    assert page_info(["a", "b", "c"], has_next=True, has_previous=False) == PageInfo(
        has_next_page=True, has_previous_page=False, start_cursor="a", end_cursor="c"
    )
    assert page_info([], has_next=False, has_previous=True) == PageInfo(
        has_next_page=False, has_previous_page=True, start_cursor=None, end_cursor=None
    )


async def test_a_connection_pairs_nodes_with_cursors_and_counts_only_when_asked() -> None:
    asked: list[int] = []

    async def count() -> int:
        asked.append(1)
        return 57

    page = connection(["x", "y"], ["cx", "cy"], has_next=True, has_previous=True, count=count)
    assert [(e.cursor, e.node) for e in page.edges] == [("cx", "x"), ("cy", "y")]
    assert page.nodes() == ["x", "y"]
    assert (page.page_info.start_cursor, page.page_info.end_cursor) == ("cx", "cy")
    assert page.page_info.has_previous_page and page.page_info.has_next_page
    assert asked == []  # totalCount is one more query: only run when asked for
    assert await page.total_count() == 57 and asked == [1]


def test_a_connection_refuses_nodes_and_cursors_of_different_lengths() -> None:
    async def count() -> int:
        return 0

    with pytest.raises(ValueError):
        connection(["x", "y"], ["cx"], has_next=False, has_previous=False, count=count)
