"""Nested fields are batched: a page costs the same number of SQL queries at any size."""

from __future__ import annotations

from tests.conftest import Gql, SqlLog

NESTED = """
query($first: Int!) {
  groups(first: $first) {
    totalCount
    nodes {
      id name
      region { code name }
      contactPoint { id name region { code } officeHours { weekday opens closes } }
      topics { id name parent { name } }
    }
  }
}
"""


async def query_count(gql: Gql, sql: SqlLog, first: int) -> int:
    sql.reset()
    data = await gql.data(NESTED, {"first": first})
    nodes = data["groups"]["nodes"]
    assert len(nodes) == first
    assert sum(1 for node in nodes if node["contactPoint"]) > 0
    assert all(node["topics"] for node in nodes)
    return sql.count


async def test_nested_groups_cost_constant_queries(gql: Gql, sql: SqlLog) -> None:
    # the page, its count, then one batch per nested level:
    # regions, contact points, topics, the contact points' regions and hours, topic parents
    ten = await query_count(gql, sql, 10)
    hundred = await query_count(gql, sql, 100)
    assert ten == hundred
    assert hundred <= 8, sql.statements


async def test_plain_page_is_one_query(gql: Gql, sql: SqlLog) -> None:
    sql.reset()
    await gql.data("{ groups(first: 100) { nodes { id name format reach } } }")
    assert sql.count == 1, sql.statements


async def test_total_count_costs_one_more_query_only_when_asked(gql: Gql, sql: SqlLog) -> None:
    sql.reset()
    await gql.data("{ groups(first: 100) { totalCount nodes { id } } }")
    assert sql.count == 2, sql.statements


GROUPS_WITH_CONTACT_POINTS_AND_TOPICS = """
query($first: Int!) {
  groups(first: $first) {
    totalCount
    nodes { id name contactPoint { id name officePhone } topics { id name } }
  }
}
"""


async def test_groups_with_contact_points_and_topics_cost_four_queries(
    gql: Gql, sql: SqlLog
) -> None:
    # the page, its count, one batch of contact points, one batch of topics
    for first in (10, 100):
        sql.reset()
        nodes = (await gql.data(GROUPS_WITH_CONTACT_POINTS_AND_TOPICS, {"first": first}))["groups"][
            "nodes"
        ]
        assert len(nodes) == first
        assert sql.count == 4, sql.statements


RARE_WITH_COVER = """
query($first: Int!) { rareConditionSearches(first: $first) { nodes {
  id condition { name topic { name } organisations { name } nationwideContact { id } } } } }
"""


async def test_rare_conditions_with_topic_organisations_and_contact_cost_five_queries(
    gql: Gql, sql: SqlLog
) -> None:
    # the page (consent read in it), the conditions, their topics, the organisations covering
    # them and the nationwide contacts' entries: one statement each, whatever the page size
    for first in (5, 50):
        sql.reset()
        nodes = (await gql.data(RARE_WITH_COVER, {"first": first}))["rareConditionSearches"][
            "nodes"
        ]
        assert len(nodes) == first
        assert sql.count == 5, sql.statements
