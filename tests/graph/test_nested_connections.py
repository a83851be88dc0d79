"""The nested lists as Relay connections (registry only): both directions give the oracle's
nodes in its order, pageInfo is right, cursors of another list are refused, and every level
is one statement for all parents (plus one for totalCount when asked for)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.ids import encode_id
from graph.pagination import encode_cursor
from tests.conftest import Db, Gql, SqlLog, bad_input
from tests.paging import walk

ARGS = "first: $first, after: $after, last: $last, before: $before"
VARS = "$id: ID!, $first: Int, $after: String, $last: Int, $before: String"
PAGE = "totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"


def nested_query(type_name: str, field: str) -> str:
    return f"query({VARS}) {{ node(id: $id) {{ ... on {type_name} {{ {field}({ARGS}) {{ {PAGE} }} }} }} }}"


BUSIEST_TOPIC = (
    "SELECT gt.topic_id FROM group_topics gt JOIN groups g ON g.id = gt.group_id "
    "WHERE g.review_state = 'PUBLISHED' AND g.status <> 'ENDED' "
    "GROUP BY gt.topic_id ORDER BY count(*) DESC, gt.topic_id LIMIT 1"
)
BUSIEST_ORG_TOPIC = (
    "SELECT topic_id FROM organisation_topics GROUP BY topic_id "
    "ORDER BY count(*) DESC, topic_id LIMIT 1"
)
BUSIEST_POINT = (
    "SELECT contact_point_id FROM groups WHERE review_state = 'PUBLISHED' AND status <> 'ENDED' "
    "AND contact_point_id IS NOT NULL GROUP BY contact_point_id "
    "ORDER BY count(*) DESC, contact_point_id LIMIT 1"
)
# (type, field, how to find a parent with many children, the oracle's SQL of its children)
CASES = [
    (
        "Topic",
        "groups",
        BUSIEST_TOPIC,
        "SELECT g.id FROM groups g JOIN group_topics gt ON gt.group_id = g.id "
        "WHERE gt.topic_id = :k AND g.review_state = 'PUBLISHED' AND g.status <> 'ENDED' "
        "ORDER BY g.id",
    ),
    (
        "Topic",
        "organisations",
        BUSIEST_ORG_TOPIC,
        "SELECT organisation_id FROM organisation_topics WHERE topic_id = :k "
        "ORDER BY organisation_id",
    ),
    (
        "ContactPoint",
        "groups",
        BUSIEST_POINT,
        "SELECT id FROM groups WHERE contact_point_id = :k AND review_state = 'PUBLISHED' "
        "AND status <> 'ENDED' ORDER BY id",
    ),
    (
        "Region",
        "contactPoints",
        "SELECT 'DE-NW'",
        "SELECT id FROM contact_points WHERE region_code = :k ORDER BY id",
    ),
    (
        "Region",
        "groups",
        "SELECT 'DE-BY'",
        "SELECT id FROM groups WHERE region_code = :k AND review_state = 'PUBLISHED' "
        "AND status <> 'ENDED' ORDER BY id",
    ),
]
CHILD = {"groups": "Group", "organisations": "Organisation", "contactPoints": "ContactPoint"}


@pytest.mark.parametrize(("type_name", "field", "parent_sql", "children_sql"), CASES)
async def test_a_nested_list_pages_both_ways_like_the_oracle(
    gql: Gql, db: Db, type_name: str, field: str, parent_sql: str, children_sql: str
) -> None:
    # given a parent with many children, and its children as the database holds them
    key = await db.scalar(parent_sql)
    oracle = [
        encode_id(CHILD[field], "nakos", child) for child in await db.column(children_sql, k=key)
    ]
    # (a contact point's busiest list is short: nationwide groups have no local office)
    assert len(oracle) >= 5
    query = nested_query(type_name, field)
    variables = {"id": encode_id(type_name, "nakos", key)}

    def pick(data: dict[str, Any]) -> dict[str, Any]:
        return data["node"][field]

    total = pick(await gql.data(query, {**variables, "first": 0}))["totalCount"]
    assert total == len(oracle)
    # when it is walked in small pages (at least three) forwards and backwards
    size = max(2, len(oracle) // 5)
    forwards = await walk(gql, query, pick, variables, size, backward=False)
    backwards = await walk(gql, query, pick, variables, size, backward=True)
    # then both give exactly the oracle
    assert forwards == oracle
    assert backwards == oracle


async def test_a_cursor_of_another_list_is_refused(gql: Gql, db: Db) -> None:
    topic = encode_id("Topic", "nakos", await db.scalar(BUSIEST_TOPIC))
    groups = nested_query("Topic", "groups")
    organisations = nested_query("Topic", "organisations")
    cursor = (await gql.data(groups, {"id": topic, "first": 2}))["node"]["groups"]["pageInfo"][
        "endCursor"
    ]
    for value in (cursor, encode_cursor(5, "groups"), encode_cursor(5)):
        body = await gql(organisations, {"id": topic, "first": 2, "after": value})
        assert body["data"]["node"] is None
        bad_input(body, "after")
    body = await gql(groups, {"id": topic, "first": 2, "last": 2})
    bad_input(body, "last")


LEVELS = """
query($n: Int, $m: Int) {
  regions(first: 16) { nodes {
    contactPoints(last: $n) { nodes { id groups(first: $m) { nodes { id } } } }
    groups(first: $n) { nodes { id } }
  } }
  topics(first: 30) { nodes {
    groups(first: $n) { nodes { id } } organisations(last: $n) { nodes { id } }
  } }
}
"""


async def test_each_nested_level_is_one_statement_for_all_parents(gql: Gql, sql: SqlLog) -> None:
    # regions, their contact points, their groups (nested twice), the regions' groups,
    # topics, their groups, their organisations: seven statements, whatever the sizes
    for n, m in ((2, 2), (10, 5)):
        sql.reset()
        data = await gql.data(LEVELS, {"n": n, "m": m})
        assert sql.count == 7, sql.statements
        regions = data["regions"]["nodes"]
        assert any(len(r["contactPoints"]["nodes"]) == n for r in regions)


async def test_total_count_of_a_nested_list_is_one_more_statement(
    gql: Gql, sql: SqlLog, db: Db
) -> None:
    query = "{ regions(first: 16) { nodes { code contactPoints(first: 1) { totalCount } } } }"
    sql.reset()
    data = await gql.data(query)
    assert sql.count == 3, sql.statements
    for region in data["regions"]["nodes"]:
        expected = await db.scalar(
            "SELECT count(*) FROM contact_points WHERE region_code = :c", c=region["code"]
        )
        assert region["contactPoints"]["totalCount"] == expected
