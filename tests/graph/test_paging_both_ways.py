"""Relay paging in both directions over every registry connection: forwards and backwards
give exactly the nodes of one big page, in the same order; hasPreviousPage is true only when
something lies before the page; first+last and cursors of another list are refused."""

from __future__ import annotations

from typing import Any

import pytest

from graph.pagination import encode_cursor
from tests.conftest import Gql, SqlLog, bad_input
from tests.paging import walk

ARGS = "first: $first, after: $after, last: $last, before: $before"
VARS = "$first: Int, $after: String, $last: Int, $before: String"
PAGE = "edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"

# (root field, filters, the page size to walk with): small enough to need several pages
CONNECTIONS = [
    ("regions", "", 5),
    ("topics", "", 23),
    ("topics", "rootsOnly: true, ", 4),
    ("organisations", "", 17),
    ("contactPoints", 'region: "DE-NW", ', 9),
    ("rareConditionSearches", "", 11),
    ("groups", 'region: "DE-BY", ', 13),
    ("groups", "", 97),
]


def query(field: str, filters: str) -> str:
    return f"query({VARS}) {{ {field}({filters}{ARGS}) {{ totalCount {PAGE} }} }}"


@pytest.mark.parametrize(("field", "filters", "size"), CONNECTIONS)
async def test_paging_forwards_and_backwards_gives_every_node_once_in_order(
    gql: Gql, field: str, filters: str, size: int
) -> None:
    # given the whole list in one page (the oracle; the lists are at most 100 long, or walked)
    q = query(field, filters)

    def pick(data: dict[str, Any]) -> dict[str, Any]:
        return data[field]

    total = pick(await gql.data(q, {"first": 0}))["totalCount"]
    oracle = await walk(gql, q, pick, {}, 100, backward=False)
    assert len(oracle) == total == len(set(oracle)) and total > size
    # when it is walked in small pages, forwards and backwards
    forwards = await walk(gql, q, pick, {}, size, backward=False)
    backwards = await walk(gql, q, pick, {}, size, backward=True)
    # then both give the same nodes in the same order
    assert forwards == oracle
    assert backwards == oracle


async def test_a_page_before_a_cursor_ends_right_before_it(gql: Gql) -> None:
    q = query("organisations", "")
    all_ids = [
        e["node"]["id"] for e in (await gql.data(q, {"first": 30}))["organisations"]["edges"]
    ]
    edges = (await gql.data(q, {"first": 30}))["organisations"]["edges"]
    page = (await gql.data(q, {"last": 5, "before": edges[20]["cursor"]}))["organisations"]
    assert [e["node"]["id"] for e in page["edges"]] == all_ids[15:20]
    assert page["pageInfo"]["hasPreviousPage"] is True
    assert page["pageInfo"]["hasNextPage"] is True
    first = (await gql.data(q, {"last": 5, "before": edges[3]["cursor"]}))["organisations"]
    assert [e["node"]["id"] for e in first["edges"]] == all_ids[:3]
    assert first["pageInfo"]["hasPreviousPage"] is False


async def test_has_previous_page_is_false_after_a_cursor_before_everything(gql: Gql) -> None:
    # a well-formed cursor of this list before every key: nothing lies before the page
    q = query("organisations", "")
    page = (await gql.data(q, {"first": 3, "after": encode_cursor(0, "organisations")}))[
        "organisations"
    ]
    assert len(page["edges"]) == 3
    assert page["pageInfo"]["hasPreviousPage"] is False


async def test_the_last_page_knows_nothing_follows(gql: Gql) -> None:
    q = query("regions", "")
    page = (await gql.data(q, {"last": 3}))["regions"]
    assert [e["node"]["id"] for e in page["edges"]] == [
        e["node"]["id"] for e in (await gql.data(q, {"first": 16}))["regions"]["edges"][-3:]
    ]
    assert page["pageInfo"]["hasNextPage"] is False
    assert page["pageInfo"]["hasPreviousPage"] is True


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"first": 5, "last": 5}, "last"),
        ({"last": 5, "after": "x"}, "after"),
        ({"first": 5, "before": "x"}, "before"),
        ({"last": -1}, "last"),
        ({"last": 101}, "last"),
        ({"last": 5, "before": "garbage"}, "before"),
    ],
)
@pytest.mark.parametrize("field", ["groups", "topics", "regions"])
async def test_page_arguments_that_page_both_ways_are_refused(
    gql: Gql, field: str, variables: dict[str, Any], argument: str
) -> None:
    body = await gql(query(field, ""), variables)
    assert body["data"] is None
    bad_input(body, argument)


async def test_a_cursor_of_one_connection_is_refused_by_another(gql: Gql) -> None:
    cursors = {}
    for field in ("topics", "organisations", "contactPoints", "rareConditionSearches", "groups"):
        page = (await gql.data(query(field, ""), {"first": 2}))[field]
        cursors[field] = page["pageInfo"]["endCursor"]
    for field in cursors:
        for other, value in cursors.items():
            if other == field:
                continue
            for asked in ({"first": 2, "after": value}, {"last": 2, "before": value}):
                body = await gql(query(field, ""), asked)
                assert body["data"] is None, (field, other)
                bad_input(body, "after" if "after" in asked else "before")


@pytest.mark.parametrize("field", ["topics", "organisations", "groups"])
async def test_one_statement_per_page_in_either_direction(
    gql: Gql, sql: SqlLog, field: str
) -> None:
    q = query(field, "").replace("totalCount ", "")  # the count is a statement of its own
    edges = (await gql.data(q, {"first": 10}))[field]["edges"]
    for asked in (
        {"first": 5, "after": edges[4]["cursor"]},
        {"last": 5, "before": edges[9]["cursor"]},
        {"last": 5},
    ):
        sql.reset()
        await gql.data(q, asked)
        assert sql.count == 1, sql.statements
