"""Funding for the regions' own groups (Bavaria's database, NRW's service): the care domain
comes from the national topics their keywords map to, the programmes from the group's Land
and town, batched like the registry's (tests/graph/test_funding.py)."""

from __future__ import annotations

import base64
from typing import Any

from graph.ids import encode_id
from tests.conftest import Db, Gql

GKV = {"gkv-pauschalfoerderung", "gkv-projektfoerderung"}
DORTMUND = {"foerderfonds-selbsthilfe-dortmund"}

GROUPS = """
query($region: String!, $topic: ID!, $after: String) {
  groups(region: $region, topic: $topic, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id place { city } careDomain topics { careDomain }
      fundingProgrammes { slug }
    }
  }
}
"""


def source_of(group_id: str) -> str:
    return base64.urlsafe_b64decode(group_id + "==").decode().split(":")[1]


async def region_groups(fgql: Gql, region: str, topic: str) -> list[dict[str, Any]]:
    """The region's own groups (not the registry's) on `topic` or below."""
    found, after = [], None
    while True:
        page = (await fgql.data(GROUPS, {"region": region, "topic": topic, "after": after}))[
            "groups"
        ]
        found += [n for n in page["nodes"] if source_of(n["id"]) == region]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


async def root(db: Db, slug: str) -> str:
    return encode_id(
        "Topic", "nakos", await db.scalar("SELECT id FROM topics WHERE slug = :s", s=slug)
    )


def programmes(group: dict[str, Any]) -> set[str]:
    return {p["slug"] for p in group["fundingProgrammes"]}


async def test_bavarian_groups_in_munich(fgql: Gql, db: Db) -> None:
    social = await region_groups(fgql, "DE-BY", await root(db, "soziale-lebenssituationen"))
    munich_social = [
        g
        for g in social
        if (g["place"] or {}).get("city") == "München"
        and {t["careDomain"] for t in g["topics"]} == {"SOCIAL"}
    ]
    assert munich_social, "Bavaria's demo has social groups in Munich"
    for group in munich_social:
        # a social group in Munich: neither the GKV nor Dortmund's fund
        assert group["careDomain"] == "SOCIAL"
        assert programmes(group) == set()
    cancer = await region_groups(fgql, "DE-BY", await root(db, "krebs"))
    munich_cancer = [g for g in cancer if (g["place"] or {}).get("city") == "München"]
    assert munich_cancer
    for group in munich_cancer:
        assert group["careDomain"] == "HEALTH_RELATED"
        assert programmes(group) == GKV


async def test_nrw_groups_by_town_and_domain(fgql: Gql, db: Db) -> None:
    social = await region_groups(fgql, "DE-NW", await root(db, "soziale-lebenssituationen"))
    only_social = [g for g in social if {t["careDomain"] for t in g["topics"]} == {"SOCIAL"}]
    assert any((g["place"] or {}).get("city") == "Dortmund" for g in only_social)
    for group in only_social:
        town = (group["place"] or {}).get("city")
        assert group["careDomain"] == "SOCIAL"
        assert programmes(group) == (DORTMUND if town == "Dortmund" else set()), group
    cancer = await region_groups(fgql, "DE-NW", await root(db, "krebs"))
    assert cancer
    for group in cancer:
        assert group["careDomain"] == "HEALTH_RELATED"
        assert programmes(group) == GKV
