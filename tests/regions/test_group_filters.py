"""Filters on groups (status, audience, language, wheelchair access, contact point), pushed
down to the registry, Bavaria's database and NRW's service: each gives exactly the groups an
oracle (every group of the mix, filtered here) gives, and ended groups are left out unless
asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from graph.ids import encode_id
from regions.registry import SOURCE
from regions.sources.engine import create_engine
from tests.conftest import Gql, bad_input
from tests.paging import walk
from tests.regions.conftest import NrwService

QUERY = """
query($region: String, $text: String, $status: [GroupStatus!], $audience: Audience,
      $language: String, $wheelchair: Boolean, $contactPoint: ID,
      $first: Int, $after: String, $last: Int, $before: String) {
  groups(region: $region, text: $text, status: $status, audience: $audience,
         language: $language, wheelchairAccessible: $wheelchair, contactPoint: $contactPoint,
         first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id status audience languages accessibility { wheelchairAccessible }
                          contactPoint { id } provenance { source } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
ALL_STATES = ["ACTIVE", "FOUNDING", "PAUSED", "ENDED"]


def pick(data: dict[str, Any]) -> dict[str, Any]:
    return data["groups"]


async def nodes(gql: Gql, variables: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after = None
    while True:
        page = pick(await gql.data(QUERY, {**variables, "first": 100, "after": after}))
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


Keep = Callable[[dict[str, Any]], bool]
CASES: list[tuple[dict[str, Any], Keep]] = [
    ({}, lambda n: n["status"] != "ENDED"),
    ({"status": ["ENDED"]}, lambda n: n["status"] == "ENDED"),
    ({"status": ["PAUSED", "FOUNDING"]}, lambda n: n["status"] in ("PAUSED", "FOUNDING")),
    (
        {"audience": "RELATIVES"},
        lambda n: n["status"] != "ENDED" and n["audience"] in ("RELATIVES", "BOTH"),
    ),
    ({"audience": "BOTH"}, lambda n: n["status"] != "ENDED" and n["audience"] == "BOTH"),
    ({"language": "TR"}, lambda n: n["status"] != "ENDED" and "tr" in n["languages"]),
    (
        {"wheelchair": True, "status": ALL_STATES},
        lambda n: n["accessibility"]["wheelchairAccessible"] is True,
    ),
    (
        {"wheelchair": False},
        lambda n: n["status"] != "ENDED" and n["accessibility"]["wheelchairAccessible"] is False,
    ),
]


# the contact point with the most groups among those with an ended group
BUSIEST = {
    "DE-NW": "SELECT kontaktstelle_id FROM gruppen WHERE veroeffentlicht "
    "GROUP BY kontaktstelle_id ORDER BY max(CASE WHEN zustand = 'beendet' THEN 1 ELSE 0 END) "
    "DESC, count(*) DESC, kontaktstelle_id LIMIT 1",
    "DE-BY": "SELECT kontaktstelle_nr FROM selbsthilfegruppen WHERE freigegeben "
    "GROUP BY kontaktstelle_nr ORDER BY max(CASE WHEN status = 'aufgeloest' THEN 1 ELSE 0 END) "
    "DESC, count(*) DESC, kontaktstelle_nr LIMIT 1",
}


async def busiest_contact_point(app: Starlette, nrw: NrwService, region: str) -> str:
    """The id of the busiest contact point with an ended group in the region's own source."""
    if region == "DE-NW":
        engine = create_engine(nrw.database)
        try:
            async with engine.connect() as conn:
                key = (await conn.execute(text(BUSIEST[region]))).scalar_one()
        finally:
            await engine.dispose()
    else:
        async with app.state.sources[region].engine.connect() as conn:
            key = (await conn.execute(text(BUSIEST[region]))).scalar_one()
    return encode_id("ContactPoint", SOURCE, key)


@pytest.mark.parametrize("region", ["DE-BY", "DE-NW"])
@pytest.mark.parametrize(("filters", "keep"), CASES)
async def test_each_filter_gives_what_the_oracle_gives(
    fgql: Gql,
    federated_app: Starlette,
    nrw: NrwService,
    region: str,
    filters: dict[str, Any],
    keep: Keep,
) -> None:
    # given every group of a busy contact point (the registry's and the region's), and every
    # group of the registry and the region on a common word, in every state
    point = await busiest_contact_point(federated_app, nrw, region)
    for base in ({"contactPoint": point}, {"region": region, "text": "Angst"}):
        await check_filter(fgql, base, filters, keep)


async def check_filter(
    fgql: Gql, base: dict[str, Any], filters: dict[str, Any], keep: Keep
) -> None:
    everything = await nodes(fgql, {**base, "status": ALL_STATES})
    assert len(everything) >= 20
    expected = [n["id"] for n in everything if keep(n)]
    # when the filter is pushed down to every source
    got = await nodes(fgql, {**base, **filters})
    total = pick(await fgql.data(QUERY, {**base, **filters, "first": 0}))["totalCount"]
    # then it gives exactly the oracle's groups, in its order, and counts them
    assert [n["id"] for n in got] == expected
    assert total == len(expected)


async def test_ended_groups_are_not_listed_unless_asked_for(fgql: Gql) -> None:
    # given the ended groups (the demo data has them in the registry only)
    ended = await nodes(fgql, {"status": ["ENDED"]})
    assert ended and {n["status"] for n in ended} == {"ENDED"}

    async def total(variables: dict[str, Any]) -> int:
        return int(pick(await fgql.data(QUERY, {**variables, "first": 0}))["totalCount"])

    # then every source's default leaves out exactly them
    assert await total({}) + len(ended) == await total({"status": ALL_STATES})
    listed = await nodes(fgql, {"region": "DE-HE"})
    assert listed and all(n["status"] != "ENDED" for n in listed)
    ended_here = await nodes(fgql, {"region": "DE-HE", "status": ["ENDED"]})
    assert not {n["id"] for n in ended_here} & {n["id"] for n in listed}


async def test_every_group_of_a_city_contact_point_can_be_listed(
    fgql: Gql, federated_app: Starlette, nrw: NrwService
) -> None:
    # given the contact point with the most groups in NRW
    point = await busiest_contact_point(federated_app, nrw, "DE-NW")
    # when its groups are listed with the filter, forwards and backwards in pages of 30
    variables = {"contactPoint": point, "status": ALL_STATES}
    forwards = await walk(fgql, QUERY, pick, variables, 30, backward=False)
    backwards = await walk(fgql, QUERY, pick, variables, 30, backward=True)
    found = await nodes(fgql, variables)
    # then all of them come, each linked to that contact point
    assert len(found) > 60  # more than two pages
    assert all(n["contactPoint"]["id"] == point for n in found)
    assert forwards == backwards == [n["id"] for n in found]


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"language": "deutsch"}, "language"),
        ({"language": "d1"}, "language"),
        ({"status": []}, "status"),
        ({"contactPoint": "bm90LWFuLWlk"}, "contactPoint"),
    ],
)
async def test_bad_filters_are_refused(fgql: Gql, variables: dict[str, Any], argument: str) -> None:
    body = await fgql(QUERY, {"first": 5, **variables})
    assert body["data"] is None
    bad_input(body, argument)
