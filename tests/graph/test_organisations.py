"""organisations(...) with topic, text and kind filters."""

from __future__ import annotations

import base64

import pytest

from tests.conftest import Db, Gql

ORGS = """
query($topic: ID, $text: String, $kind: OrganisationKind) {
  organisations(topic: $topic, text: $text, kind: $kind, first: 100) {
    totalCount
    nodes { id name kind website address { city postalCode } region { code } topics { id } }
  }
}
"""


async def test_about_a_thousand_organisations(gql: Gql, db: Db) -> None:
    data = await gql.data(ORGS)
    assert data["organisations"]["totalCount"] == await db.scalar(
        "SELECT count(*) FROM organisations"
    )
    assert data["organisations"]["totalCount"] >= 900


@pytest.mark.parametrize("kind", ["ORGANISATION", "FORUM", "PLATFORM", "INSTITUTION"])
async def test_kind_filter(gql: Gql, db: Db, kind: str) -> None:
    data = (await gql.data(ORGS, {"kind": kind}))["organisations"]
    assert data["totalCount"] == await db.scalar(
        "SELECT count(*) FROM organisations WHERE kind = :k", k=kind
    )
    assert {node["kind"] for node in data["nodes"]} <= {kind}


async def test_real_organisations_are_listed(gql: Gql) -> None:
    data = (await gql.data(ORGS, {"text": "rheuma-liga"}))["organisations"]
    assert data["totalCount"] >= 1
    assert any("Rheuma-Liga" in node["name"] for node in data["nodes"])


async def test_topic_filter(gql: Gql, db: Db) -> None:
    topic = await gql.data('{ topics(search: "Diabetes", first: 1) { nodes { id } } }')
    topic_id = topic["topics"]["nodes"][0]["id"]
    data = (await gql.data(ORGS, {"topic": topic_id}))["organisations"]
    key = int(base64.urlsafe_b64decode(topic_id + "==").decode().rsplit(":", 1)[1])
    expected = await db.scalar(
        "SELECT count(DISTINCT ot.organisation_id) FROM organisation_topics ot "
        "JOIN topics t ON t.id = ot.topic_id WHERE t.id = :k OR t.parent_id = :k",
        k=key,
    )
    assert data["totalCount"] == expected > 0
