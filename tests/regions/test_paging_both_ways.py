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
    ({"region": "DE-BY", "text": "Angst"}, {"nakos", "DE-BY"}),
    ({"region": "DE-NW", "text": "Angst"}, {"nakos", "DE-NW"}),
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
    filters = {"region": "DE-BY", "text": "Angst"}
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
