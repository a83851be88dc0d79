"""`search` across the registry, Bavaria (SQL) and NRW (HTTP): pushed down, merged, facetted."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gql
from tests.graph.search.conftest import SEARCH

DORTMUND = {"postalCode": "44135", "radiusKm": 10}
MUNICH = {"postalCode": "80331", "radiusKm": 10}


async def all_edges(fgql: Gql, size: int, **variables: Any) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await fgql.data(SEARCH, {**variables, "first": size, "after": after}))["search"]
        edges += page["edges"]
        if not page["pageInfo"]["hasNextPage"]:
            return edges
        after = page["pageInfo"]["endCursor"]


def source_of(edge: dict[str, Any]) -> str:
    import base64

    raw = edge["node"]["id"]
    return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode().split(":")[1]


async def test_near_dortmund_finds_nrw_groups_and_no_bavarian_ones(fgql: Gql) -> None:
    body = await fgql(
        SEARCH,
        {
            "near": DORTMUND,
            "order": "DISTANCE",
            "formats": ["IN_PERSON"],
            "kinds": ["GROUP"],
            "first": 100,
        },
    )
    assert "errors" not in body, body
    edges = body["data"]["search"]["edges"]
    sources = {source_of(e) for e in edges}
    assert "DE-NW" in sources and "DE-BY" not in sources
    assert all(e["distanceKm"] is not None and e["distanceKm"] <= 10 for e in edges)
    assert [e["distanceKm"] for e in edges] == sorted(e["distanceKm"] for e in edges)
    facets = body["data"]["search"]["facets"]
    total = body["data"]["search"]["totalCount"]
    counts = [b["count"] for b in facets["regions"]]  # the public's: rounded to 5s
    assert None not in counts and abs(sum(counts) - total) <= 2 * len(counts)
    assert {b["regionCode"] for b in facets["regions"]} <= {"DE-NW", None}


async def test_near_munich_finds_bavarian_groups(fgql: Gql) -> None:
    found = await all_edges(
        fgql, 50, near=MUNICH, order="DISTANCE", formats=["IN_PERSON"], kinds=["GROUP"]
    )
    # Bavaria's own groups, and the registry's in Bavaria beside them (none of NRW's)
    sources = {source_of(e) for e in found}
    assert "DE-BY" in sources and sources <= {"DE-BY", "nakos"}


async def test_words_rank_across_sources_and_pages_join_without_gaps(fgql: Gql) -> None:
    whole = (await fgql.data(SEARCH, {"text": "Diabetiker", "kinds": ["GROUP"], "first": 100}))[
        "search"
    ]
    assert {source_of(e) for e in whole["edges"]} >= {"nakos", "DE-BY", "DE-NW"}
    paged = await all_edges(fgql, 9, text="Diabetiker", kinds=["GROUP"])
    ids = [e["node"]["id"] for e in paged]
    assert len(ids) == len(set(ids)) == whole["totalCount"]
    assert ids[:100] == [e["node"]["id"] for e in whole["edges"]]
    kinds = whole["facets"]["kinds"]
    assert kinds == [{"kind": "GROUP", "count": whole["totalCount"]}]
