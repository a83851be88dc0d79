"""The search query and helpers shared by the search tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.access_tokens import TokenKeys
from tests.conftest import Gql

STAFF = {"kind": "national_staff", "scope": "audit:read", "purpose": "administration"}

SEARCH = """
query($text: String, $topic: ID, $near: NearInput, $formats: [GroupFormat!], $regions: [String!],
      $kinds: [SearchKind!], $open: Boolean, $order: SearchOrder, $first: Int, $after: String) {
  search(text: $text, topic: $topic, near: $near, formats: $formats, regions: $regions,
         kinds: $kinds, openForNewMembers: $open, orderBy: $order, first: $first, after: $after) {
    totalCount
    facets {
      kinds { kind count } regions { regionCode count } formats { format count }
      topics(first: 100) { topic { slug } count }
    }
    edges {
      cursor distanceKm
      node {
        __typename
        ... on Group { id name description reach format place { city } topics { slug } }
        ... on Organisation { id name }
        ... on ContactPoint { id name address { city } }
        ... on RareConditionSearch { id seeking condition { name } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def search(gql: Gql, **variables: Any) -> dict[str, Any]:
    return dict((await gql.data(SEARCH, {"first": 100, **variables}))["search"])


async def every_page(gql: Gql, size: int, **variables: Any) -> list[dict[str, Any]]:
    """All results, page by page."""
    edges: list[dict[str, Any]] = []
    after = None
    for _ in range(200):
        page = (await gql.data(SEARCH, {**variables, "first": size, "after": after}))["search"]
        edges += page["edges"]
        if not page["pageInfo"]["hasNextPage"]:
            return edges
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("too many pages")


@pytest.fixture
async def staff_gql(app: Starlette, token_keys: TokenKeys) -> AsyncIterator[Gql]:
    """As national staff, who have the right to exact facet counts."""
    headers = {"authorization": f"Bearer {token_keys.mint(STAFF)}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http:
        yield Gql(http)
