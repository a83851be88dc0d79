"""`groups` over the registry, Bavaria (SQL) and NRW (HTTP) in both directions: walking
forwards and backwards gives exactly the oracle's nodes in its order, for every mix of
sources; each source is asked once per page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Gql, SqlLog, bad_input
from tests.paging import walk
from tests.regions.conftest import NrwService

QUERY = """
query($region: String, $text: String, $format: GroupFormat,
      $first: Int, $after: String, $last: Int, $before: String) {
  groups(region: $region, text: $text, format: $format,
         first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id provenance { source } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def pick(data: dict[str, Any]) -> dict[str, Any]:
    return data["groups"]


# filters that give each mix of sources a walkable number of groups
MIXES = [
    ({"text": "Angst"}, {"nakos", "DE-BY", "DE-NW"}),
    # (the demo's registry has few groups on Angst in one Land since its further topics are
    # ones a real organisation covers together with the main topic: Eltern has enough)
    ({"region": "DE-BY", "text": "Eltern"}, {"nakos", "DE-BY"}),
    ({"region": "DE-NW", "text": "Eltern"}, {"nakos", "DE-NW"}),
    ({"region": "DE-HE"}, {"nakos"}),
]


@pytest.mark.parametrize(("filters", "sources"), MIXES)
async def test_walking_both_ways_gives_the_oracle(
    fgql: Gql, filters: dict[str, Any], sources: set[str]
) -> None:
    # given every matching group, fetched 100 at a time (the oracle)
    oracle = await walk(fgql, QUERY, pick, filters, 100, backward=False)
    total = pick(await fgql.data(QUERY, {**filters, "first": 0}))["totalCount"]
    assert len(oracle) == total == len(set(oracle)) and total > 20
    # when walked in small pages, across the borders between sources, in both directions
    for size in (7, 20):
        forwards = await walk(fgql, QUERY, pick, filters, size, backward=False)
        backwards = await walk(fgql, QUERY, pick, filters, size, backward=True)
        # then both are the oracle
        assert forwards == oracle
        assert backwards == oracle
    seen = {
        e["node"]["provenance"]["source"]
        for e in pick(await fgql.data(QUERY, {**filters, "first": 100}))["edges"]
    } | {
        e["node"]["provenance"]["source"]
        for e in pick(await fgql.data(QUERY, {**filters, "last": 100}))["edges"]
    }
    assert seen == sources


async def test_a_page_across_the_border_of_two_sources(fgql: Gql) -> None:
    # the last groups of the registry and the first of Bavaria, before and after the border
    filters = {"region": "DE-BY", "text": "Eltern"}
    oracle = await walk(fgql, QUERY, pick, filters, 100, backward=False)
    everything = pick(await fgql.data(QUERY, {**filters, "first": 100}))["edges"]
    sources = [e["node"]["provenance"]["source"] for e in everything]
    border = sources.index("DE-BY")
    assert border > 2
    before = everything[border + 2]["cursor"]
    page = pick(await fgql.data(QUERY, {**filters, "last": 5, "before": before}))
    assert [e["node"]["id"] for e in page["edges"]] == oracle[border - 3 : border + 2]
    assert page["pageInfo"]["hasPreviousPage"] is (border > 3)
    assert page["pageInfo"]["hasNextPage"] is True


async def test_has_previous_page_is_true_only_when_something_lies_before(fgql: Gql) -> None:
    filters = {"region": "DE-BY", "text": "Angst"}
    first = pick(await fgql.data(QUERY, {**filters, "first": 3}))
    assert first["pageInfo"]["hasPreviousPage"] is False
    second = pick(
        await fgql.data(QUERY, {**filters, "first": 3, "after": first["pageInfo"]["endCursor"]})
    )
    assert second["pageInfo"]["hasPreviousPage"] is True
    back = pick(
        await fgql.data(QUERY, {**filters, "last": 3, "before": second["pageInfo"]["startCursor"]})
    )
    assert back["edges"] == first["edges"]
    assert back["pageInfo"]["hasPreviousPage"] is False
    assert back["pageInfo"]["hasNextPage"] is True


async def test_first_and_last_together_are_refused(fgql: Gql) -> None:
    body = await fgql(QUERY, {"first": 3, "last": 3})
    assert body["data"] is None
    bad_input(body, "last")


async def test_each_source_once_per_page_in_either_direction(
    fgql: Gql, sql_per_source: dict[str, SqlLog], nrw: NrwService
) -> None:
    query = QUERY.replace("totalCount", "")
    page = pick(await fgql.data(query, {"first": 30}))
    middle = page["edges"][10]["cursor"]
    for asked in ({"first": 5, "after": middle}, {"last": 5, "before": middle}, {"last": 5}):
        for log in sql_per_source.values():
            log.reset()
        requests = nrw.requests()
        await fgql.data(query, asked)
        assert nrw.requests() - requests == 1, asked
        assert {name: log.count for name, log in sql_per_source.items()} == {
            "nakos": 1,
            "DE-BY": 1,
        }, asked


NESTED = """
query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  node(id: $id) { ... on ContactPoint {
    groups(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { id provenance { source } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  } }
}
"""
FILTERED = """
query($point: ID!, $first: Int, $after: String) {
  groups(contactPoint: $point, first: $first, after: $after) {
    edges { node { id } } pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.mark.parametrize("region", ["DE-NW", "DE-BY"])
async def test_a_contact_points_groups_page_both_ways_across_sources(
    fgql: Gql, region: str
) -> None:
    # given a contact point of the region with groups of its own source
    points = await fgql.data(
        "query($r: String) { contactPoints(region: $r, first: 100) { nodes { id "
        "groups(first: 100) { totalCount } } } }",
        {"r": region},
    )
    point = max(
        points["contactPoints"]["nodes"], key=lambda p: (p["groups"]["totalCount"], p["id"])
    )
    # and its groups as groups(contactPoint:) lists them (the oracle)
    oracle: list[str] = []
    after = None
    while True:
        page = (await fgql.data(FILTERED, {"point": point["id"], "first": 100, "after": after}))[
            "groups"
        ]
        oracle += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(oracle) == point["groups"]["totalCount"] > 20

    def nested(data: dict[str, Any]) -> dict[str, Any]:
        return data["node"]["groups"]

    # when the nested list is walked both ways
    variables = {"id": point["id"]}
    forwards = await walk(fgql, NESTED, nested, variables, 9, backward=False)
    backwards = await walk(fgql, NESTED, nested, variables, 9, backward=True)
    # then it is the oracle, the registry's groups first
    assert forwards == oracle
    assert backwards == oracle


async def test_contact_points_with_their_groups_ask_each_source_once(
    fgql: Gql, sql_per_source: dict[str, SqlLog], nrw: NrwService
) -> None:
    query = """
    query($r: String) { contactPoints(region: $r, first: 20) { nodes {
      groups(first: 5) { nodes { id } } } } }
    """
    for region, requests_expected, bavaria in (("DE-NW", 1, 0), ("DE-BY", 0, 1)):
        for log in sql_per_source.values():
            log.reset()
        before = nrw.requests()
        data = await fgql.data(query, {"r": region})
        assert any(len(p["groups"]["nodes"]) == 5 for p in data["contactPoints"]["nodes"])
        assert nrw.requests() - before == requests_expected
        assert {name: log.count for name, log in sql_per_source.items()} == {
            "nakos": 2,  # the contact points, and the groups of all of them
            "DE-BY": bavaria,
        }
