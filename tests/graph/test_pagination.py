"""Relay paging over HTTP: first/after, edges, totalCount, and bad page arguments."""

from __future__ import annotations

from graph.federation.merge import cursor
from graph.pagination import encode_cursor
from regions.registry import SOURCE
from tests.conftest import Db, Gql, bad_input

PAGE = """
query($first: Int, $after: String) {
  groups(first: $first, after: $after) {
    totalCount
    edges { cursor node { id name } }
    nodes { id }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def test_walking_all_pages_visits_every_published_group_once(gql: Gql, db: Db) -> None:
    # given the published groups of the registry
    expected = await db.scalar(
        "SELECT count(*) FROM groups WHERE review_state = 'PUBLISHED' AND status <> 'ENDED'"
    )
    seen: list[str] = []
    after = None
    while True:
        # when pages of 100 are fetched one after another
        page = (await gql.data(PAGE, {"first": 100, "after": after}))["groups"]
        assert page["totalCount"] == expected
        seen += [edge["node"]["id"] for edge in page["edges"]]
        assert [n["id"] for n in page["nodes"]] == [e["node"]["id"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]
    # then every group came exactly once
    assert len(seen) == expected == len(set(seen))


async def test_default_page_is_twenty(gql: Gql) -> None:
    page = (await gql.data(PAGE, {}))["groups"]
    assert len(page["edges"]) == 20
    assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]


async def test_first_zero_returns_no_edges_but_counts(gql: Gql, db: Db) -> None:
    page = (await gql.data(PAGE, {"first": 0}))["groups"]
    assert page["edges"] == []
    assert page["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }
    assert page["totalCount"] == await db.scalar(
        "SELECT count(*) FROM groups WHERE review_state = 'PUBLISHED' AND status <> 'ENDED'"
    )


async def test_after_the_last_cursor_is_an_empty_page(gql: Gql) -> None:
    total = (await gql.data(PAGE, {"first": 0}))["groups"]["totalCount"]
    beyond = cursor(0.0, SOURCE, 10**9, "groups")  # well-formed, past every key
    page = (await gql.data(PAGE, {"first": 10, "after": beyond}))["groups"]
    assert page["edges"] == []
    assert page["pageInfo"]["hasNextPage"] is False
    assert page["pageInfo"]["hasPreviousPage"] is True
    assert page["totalCount"] == total


async def test_pages_do_not_overlap(gql: Gql) -> None:
    one = (await gql.data(PAGE, {"first": 7}))["groups"]
    two = (await gql.data(PAGE, {"first": 7, "after": one["pageInfo"]["endCursor"]}))["groups"]
    both = (await gql.data(PAGE, {"first": 14}))["groups"]
    ids = [e["node"]["id"] for e in one["edges"] + two["edges"]]
    assert ids == [e["node"]["id"] for e in both["edges"]]


async def test_forged_cursor_is_refused(gql: Gql) -> None:
    # a superscript two is a digit to str.isdigit but not to int(): refused, not an error
    odd = [cursor(0.0, SOURCE, "\u00b2", "groups"), encode_cursor("\u00b2")]
    for forged in ["not-a-cursor", "YWJjOjEy", "c1:12", "YzE6LTE", "YzE6YWJj", "%%%", *odd]:
        body = await gql(PAGE, {"first": 5, "after": forged})
        assert body["data"] is None
        bad_input(body, "after")


async def test_negative_first_is_refused(gql: Gql) -> None:
    body = await gql(PAGE, {"first": -1})
    assert body["data"] is None
    assert "0 or more" in bad_input(body, "first")["message"]


async def test_oversized_first_is_refused(gql: Gql) -> None:
    for first in (101, 10000):
        body = await gql(PAGE, {"first": first})
        assert body["data"] is None
        assert "at most 100" in bad_input(body, "first")["message"]


async def test_every_connection_enforces_the_page_limit(gql: Gql) -> None:
    for field in ["regions", "topics", "organisations", "contactPoints", "rareConditionSearches"]:
        body = await gql(f"{{ {field}(first: 10000) {{ totalCount }} }}")
        bad_input(body, "first")


async def test_a_key_cursor_of_an_odd_digit_is_refused(gql: Gql) -> None:
    for field in ["topics", "organisations", "contactPoints", "rareConditionSearches"]:
        query = f"query($after: String) {{ {field}(first: 5, after: $after) {{ totalCount }} }}"
        body = await gql(query, {"after": encode_cursor("\u00b2")})
        assert body["data"] is None
        bad_input(body, "after")
