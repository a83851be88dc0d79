"""`search` over the registry's kinds, Bavaria (SQL) and NRW (HTTP) in both directions: walking
forwards and backwards gives exactly the oracle's results in its ranked order, ties across
sources and kinds included; hasPreviousPage is true only when something ranks before the page;
each source is asked once per page."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.conftest import Gql, SqlLog, bad_input
from tests.paging import walk
from tests.regions.conftest import NrwService

QUERY = """
query($text: String, $near: NearInput, $orderBy: SearchOrder, $kinds: [SearchKind!],
      $regions: [String!], $first: Int, $after: String, $last: Int, $before: String) {
  search(text: $text, near: $near, orderBy: $orderBy, kinds: $kinds, regions: $regions,
         first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { ... on Node { id } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
DORTMUND = {"postalCode": "44135", "radiusKm": 25}


def pick(data: dict[str, Any]) -> dict[str, Any]:
    return data["search"]


def source_of(node_id: str) -> str:
    raw = base64.urlsafe_b64decode(node_id + "=" * (-len(node_id) % 4)).decode()
    kind, source, _ = raw.split(":", 2)
    return source if source != "nakos" else f"nakos:{kind}"


# searches whose results mix sources (and the registry's kinds) in one ranked order
MIXES = [
    {"text": "Angst"},
    {"text": "Angst", "regions": ["DE-BY"]},
    {"text": "Sucht", "kinds": ["GROUP"]},
    {"near": DORTMUND, "orderBy": "DISTANCE"},
]


@pytest.mark.parametrize("filters", MIXES)
async def test_walking_search_both_ways_gives_the_oracle(
    fgql: Gql, filters: dict[str, Any]
) -> None:
    # given every result, fetched 100 at a time (the oracle), of more than one source
    oracle = await walk(fgql, QUERY, pick, filters, 100, backward=False)
    total = pick(await fgql.data(QUERY, {**filters, "first": 0}))["totalCount"]
    assert len(oracle) == total == len(set(oracle)) and total > 20
    assert len({source_of(node) for node in oracle}) > 1
    # and the whole list read backwards in big pages is the same list
    assert await walk(fgql, QUERY, pick, filters, 100, backward=True) == oracle
    # when walked in small pages, across the borders of sources and of equal ranks
    for size in (7, 20):
        forwards = await walk(fgql, QUERY, pick, filters, size, backward=False)
        backwards = await walk(fgql, QUERY, pick, filters, size, backward=True)
        # then both are the oracle
        assert forwards == oracle
        assert backwards == oracle


async def test_a_page_before_a_cursor_ends_right_before_it(fgql: Gql) -> None:
    filters = {"text": "Angst"}
    everything = pick(await fgql.data(QUERY, {**filters, "first": 60}))["edges"]
    ids = [edge["node"]["id"] for edge in everything]
    for at in (5, 30, 59):
        page = pick(
            await fgql.data(QUERY, {**filters, "last": 5, "before": everything[at]["cursor"]})
        )
        assert [edge["node"]["id"] for edge in page["edges"]] == ids[at - 5 : at]
        assert [edge["cursor"] for edge in page["edges"]] == [
            edge["cursor"] for edge in everything[at - 5 : at]
        ]
        assert page["pageInfo"]["hasPreviousPage"] is (at > 5)
        assert page["pageInfo"]["hasNextPage"] is True


async def test_has_previous_page_is_true_only_when_something_ranks_before(fgql: Gql) -> None:
    filters = {"text": "Angst"}
    first = pick(await fgql.data(QUERY, {**filters, "first": 3}))
    assert first["pageInfo"]["hasPreviousPage"] is False
    after = first["pageInfo"]["endCursor"]
    second = pick(await fgql.data(QUERY, {**filters, "first": 3, "after": after}))
    assert second["pageInfo"]["hasPreviousPage"] is True
    before = second["pageInfo"]["startCursor"]
    back = pick(await fgql.data(QUERY, {**filters, "last": 3, "before": before}))
    assert back["edges"] == first["edges"]
    assert back["pageInfo"] == first["pageInfo"] | {"hasNextPage": True}
    # the last page from the end: nothing after it, something before it
    last = pick(await fgql.data(QUERY, {**filters, "last": 3}))
    assert last["pageInfo"]["hasNextPage"] is False
    assert last["pageInfo"]["hasPreviousPage"] is True


async def test_paging_arguments_are_checked(fgql: Gql) -> None:
    body = await fgql(QUERY, {"text": "Angst", "first": 3, "last": 3})
    assert body["data"] is None
    bad_input(body, "last")
    body = await fgql(QUERY, {"text": "Angst", "last": 3, "before": "bm9wZQ"})
    assert body["data"] is None
    bad_input(body, "before")


async def test_each_source_once_per_page_in_either_direction(
    fgql: Gql, sql_per_source: dict[str, SqlLog], nrw: NrwService
) -> None:
    query = QUERY.replace("totalCount", "")
    filters = {"text": "Angst", "kinds": ["GROUP"]}
    page = pick(await fgql.data(query, {**filters, "first": 30}))
    middle = page["edges"][10]["cursor"]
    counts: list[int] = []
    for asked in ({"first": 5, "after": middle}, {"last": 5, "before": middle}, {"last": 5}):
        for log in sql_per_source.values():
            log.reset()
        requests = nrw.requests()
        found = pick(await fgql.data(query, {**filters, **asked}))
        assert len(found["edges"]) == 5
        assert nrw.requests() - requests == 1, asked
        assert sql_per_source["DE-BY"].count == 1, asked
        # the registry: one ranked statement for the page (the words' stems and the page's
        # nodes are looked up once per request, whatever the direction)
        national = sql_per_source["nakos"].statements
        assert sum(" AS rank" in statement for statement in national) == 1, national
        counts.append(len(national))
    assert len(set(counts)) == 1, counts
