"""The search's faster paths give the same answers (issue 16): totalCount without facets is
counted alone, words are read from the index first, DISTANCE pages read what has no place in
key order. Each is checked against another way to the same answer, per role."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.access_tokens import TokenKeys
from tests.conftest import Gql, SqlLog

from .conftest import STAFF

PARTNER = {"kind": "partner", "scope": "contacts:read", "purpose": "referral"}
DORTMUND = {"postalCode": "44135", "radiusKm": 25}
CASES = [
    {"text": "Sucht"},
    {"text": "Diabetes Online"},
    {"text": "Angststörung Selbsthilfegruppe"},  # a word naming a topic and a plain one
    {"near": {"postalCode": "44135", "radiusKm": 10}},
    {"text": "Sucht", "near": DORTMUND},
    {"text": "Eltern", "near": {"postalCode": "10115", "radiusKm": 30}},
    {"near": {"postalCode": "44135", "radiusKm": 10}, "order": "DISTANCE"},
    {"near": {"postalCode": "80331", "radiusKm": 50}, "order": "DISTANCE"},
    {"text": "Sucht", "near": DORTMUND, "order": "DISTANCE"},
    {"text": "Gruppe", "kinds": ["GROUP", "ORGANISATION"], "regions": ["DE-NW", "DE-BY"]},
]
ARGS = """$text: String, $near: NearInput, $kinds: [SearchKind!], $regions: [String!],
      $order: SearchOrder, $first: Int, $after: String"""
CALL = """search(text: $text, near: $near, kinds: $kinds, regions: $regions, orderBy: $order,
         first: $first, after: $after)"""
EDGES = """edges { cursor distanceKm node { __typename ... on Group { id }
  ... on Organisation { id } ... on ContactPoint { id } ... on RareConditionSearch { id } } }
pageInfo { hasNextPage endCursor }"""
FACETS = """facets { kinds { kind count shown } regions { regionCode count shown }
  formats { format count shown } topics(first: 100) { topic { slug } count shown } }"""
COUNT_ONLY = f"query({ARGS}) {{ {CALL} {{ totalCount {EDGES} }} }}"
WITH_FACETS = f"query({ARGS}) {{ {CALL} {{ totalCount {FACETS} {EDGES} }} }}"
# facets asked through a fragment, totalCount under an alias
BY_FRAGMENT = f"""query({ARGS}) {{ {CALL} {{ n: totalCount ...F {EDGES} }} }}
fragment F on SearchConnection {{ {FACETS} }}"""
FACETS_ONLY = f"query({ARGS}) {{ {CALL} {{ {FACETS} }} }}"


async def _as(app: Starlette, headers: dict[str, str]) -> AsyncIterator[Gql]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http:
        yield Gql(http)


@pytest.fixture(params=["anonymous", "partner", "staff"])
async def role_gql(
    request: pytest.FixtureRequest, app: Starlette, token_keys: TokenKeys
) -> AsyncIterator[Gql]:
    claims = {"partner": PARTNER, "staff": STAFF}.get(request.param)
    headers = {} if claims is None else {"authorization": f"Bearer {token_keys.mint(claims)}"}
    async for gql in _as(app, headers):
        yield gql


def _ids(edges: list[dict[str, Any]]) -> list[tuple[str, str, float | None]]:
    return [(e["node"]["__typename"], e["node"]["id"], e["distanceKm"]) for e in edges]


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(sorted(c.items())))
async def test_total_count_alone_and_with_facets_agree(role_gql: Gql, case: dict[str, Any]) -> None:
    # when the same search is asked with totalCount alone, with facets, and with facets by
    # a fragment (and totalCount by an alias)
    variables = {**case, "first": 30}
    alone = (await role_gql.data(COUNT_ONLY, variables))["search"]
    both = (await role_gql.data(WITH_FACETS, variables))["search"]
    fragment = (await role_gql.data(BY_FRAGMENT, variables))["search"]
    facets = (await role_gql.data(FACETS_ONLY, variables))["search"]["facets"]
    # then the count, the page (order, cursors, distances) and the facets are the same
    assert alone["totalCount"] == both["totalCount"] == fragment["n"] > 0, case
    assert alone["edges"] == both["edges"] == fragment["edges"]
    assert alone["pageInfo"] == both["pageInfo"] == fragment["pageInfo"]
    assert both["facets"] == fragment["facets"] == facets


async def test_the_count_is_the_sum_of_the_exact_facets(staff_gql: Gql) -> None:
    for case in CASES:
        found = (await staff_gql.data(WITH_FACETS, {**case, "first": 1}))["search"]
        alone = (await staff_gql.data(COUNT_ONLY, {**case, "first": 1}))["search"]
        facets = found["facets"]
        for name in ("kinds", "regions", "formats"):
            assert sum(c["count"] for c in facets[name]) == alone["totalCount"], (case, name)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.get("order") == "DISTANCE" or "kinds" in c],
    ids=lambda c: str(sorted(c.items())),
)
async def test_pages_walked_give_the_whole_ordered_result(
    role_gql: Gql, case: dict[str, Any]
) -> None:
    """Every result once, in the order of one long page; in DISTANCE order the placed
    first by distance, then what has no place (groups without one among them) by kind and
    key: the groups without a place are read in key order, not ranked."""
    whole = (await role_gql.data(COUNT_ONLY, {**case, "first": 100}))["search"]
    walked: list[dict[str, Any]] = []
    after = None
    while len(walked) < 100:
        page = (await role_gql.data(COUNT_ONLY, {**case, "first": 9, "after": after}))["search"]
        walked += page["edges"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert _ids(walked[:100]) == _ids(whole["edges"])
    if whole["totalCount"] <= 100:
        assert len(walked) == whole["totalCount"]
    if case.get("order") == "DISTANCE":
        shown = [e["distanceKm"] for e in whole["edges"]]
        placed = [d for d in shown if d is not None]
        assert shown[: len(placed)] == placed == sorted(placed)
        kinds = ["Group", "Organisation", "ContactPoint", "RareConditionSearch"]
        nowhere = [
            (kinds.index(e["node"]["__typename"]), e["node"]["id"])
            for e in whole["edges"][len(placed) :]
        ]
        assert [k for k, _ in nowhere] == sorted(k for k, _ in nowhere)


@pytest.mark.parametrize(
    "case",
    [
        {"text": "Sucht"},
        {"text": "Diabetes Online"},
        {"text": "Angststörung Selbsthilfegruppe"},
        {"text": "Sucht", "near": DORTMUND},
        {"near": {"postalCode": "44135", "radiusKm": 10}},
    ],
    ids=lambda c: str(sorted(c.items())),
)
async def test_the_groups_found_are_those_the_groups_listing_finds(
    gql: Gql, case: dict[str, Any]
) -> None:
    """`groups(text:, near:)` filters by the words with `key IN (the index's keys)`; search
    joins the index's keys: both find the same groups."""
    listing = """query($text: String, $near: NearInput, $after: String) {
      groups(text: $text, near: $near, first: 100, after: $after) {
        totalCount nodes { id } pageInfo { hasNextPage endCursor } } }"""
    ids: set[str] = set()
    after = None
    while True:
        page = (await gql.data(listing, {**case, "after": after}))["groups"]
        ids |= {n["id"] for n in page["nodes"]}
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    found = (await gql.data(COUNT_ONLY, {**case, "kinds": ["GROUP"], "first": 100}))["search"]
    assert found["totalCount"] == page["totalCount"] == len(ids) > 0
    assert {e["node"]["id"] for e in found["edges"]} <= ids


SEARCH = (
    '{ search(text: "Sucht", near: {postalCode: "44135", radiusKm: 25}, kinds: [GROUP], '
    "first: 20) { totalCount edges { distanceKm node { __typename } } } }"
)


async def test_total_count_without_facets_costs_one_count_statement(gql: Gql, sql: SqlLog) -> None:
    await gql.data(SEARCH)  # warm: nothing cached below is counted twice
    sql.reset()
    paged = SEARCH.replace("first: 20", "first: 5").replace(
        "edges {", "pageInfo { endCursor } edges {"
    )
    first = (await gql.data(paged))["search"]
    alone = list(sql.statements)
    sql.reset()
    after = paged.replace("first: 5", f'first: 5, after: "{first["pageInfo"]["endCursor"]}"')
    later = (await gql.data(after))["search"]
    on_later_page = list(sql.statements)
    sql.reset()
    await gql.data(SEARCH.replace("totalCount", "totalCount facets { kinds { kind count } }"))
    with_facets = list(sql.statements)
    # the postal code, the words' topics, the ranked page, the groups on it: the first page
    # ranks every result and counts them in the same statement
    assert len(alone) == 4, alone
    assert not any(s.lstrip().upper().startswith("SELECT COUNT(*)") for s in alone), alone
    assert any("COUNT(*) OVER ()" in s.upper() for s in alone), alone
    # a later page ranks only what follows the cursor: one count statement more
    assert later["totalCount"] == first["totalCount"] > 5
    assert len(on_later_page) == 5, on_later_page
    counts = [s for s in on_later_page if s.lstrip().upper().startswith("SELECT COUNT(*)")]
    assert len(counts) == 1, on_later_page
    assert not any("GROUP BY" in s.upper() for s in alone + on_later_page)
    # facets instead of the count: by kind, Land and format; by topic; the topics named
    assert len(with_facets) == len(alone) + 3, with_facets
    assert not any(s.lstrip().upper().startswith("SELECT COUNT(*)") for s in with_facets)
    assert not any("COUNT(*) OVER ()" in s.upper() for s in with_facets)
