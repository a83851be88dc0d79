"""rareConditionSearches: only current entries, with the condition and its ORPHA code."""

from __future__ import annotations

from datetime import date

from tests.conftest import Db, Gql

SEARCHES = """
query($region: String, $text: String, $after: String) {
  rareConditionSearches(region: $region, text: $text, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id seeking seekerRole since expiresOn region { code }
            condition { name orphaCode synonyms } }
  }
}
"""


async def test_expired_entries_are_not_listed(gql: Gql, db: Db) -> None:
    today = date.today().isoformat()
    expired = await db.scalar(
        "SELECT count(*) FROM rare_condition_searches WHERE expires_on < :d", d=date.today()
    )
    assert expired > 0, "the demo data has expired entries"
    data = (await gql.data(SEARCHES))["rareConditionSearches"]
    assert data["totalCount"] == await db.scalar(
        "SELECT count(*) FROM rare_condition_searches WHERE expires_on >= :d", d=date.today()
    )
    assert all(node["expiresOn"] >= today for node in data["nodes"])


async def test_search_by_condition_name_or_synonym(gql: Gql) -> None:
    data = (await gql.data(SEARCHES, {"text": "Mukoviszidose"}))["rareConditionSearches"]
    by_synonym = (await gql.data(SEARCHES, {"text": "zystische Fibrose"}))["rareConditionSearches"]
    for result in (data, by_synonym):
        assert {n["condition"]["name"] for n in result["nodes"]} <= {"Mukoviszidose"}
    assert data["totalCount"] == by_synonym["totalCount"]


async def test_region_filter(gql: Gql, db: Db) -> None:
    data = (await gql.data(SEARCHES, {"region": "DE-BY"}))["rareConditionSearches"]
    assert data["totalCount"] == await db.scalar(
        "SELECT count(*) FROM rare_condition_searches WHERE expires_on >= :d "
        "AND region_code = 'DE-BY'",
        d=date.today(),
    )
    assert {n["region"]["code"] for n in data["nodes"]} <= {"DE-BY"}
