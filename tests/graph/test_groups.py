"""groups(...) filters over HTTP, each checked against plain SQL on the registry."""

from __future__ import annotations

from typing import Any

import pytest

from graph.ids import encode_id
from regions.sources.search.analysis import stems
from tests.conftest import Db, Gql, bad_input

GROUPS = """
query($region: String, $topic: ID, $text: String, $format: GroupFormat, $reach: GroupReach,
      $open: Boolean, $after: String) {
  groups(region: $region, topic: $topic, text: $text, format: $format, reach: $reach,
         openForNewMembers: $open, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id name status format reach audience openForNewMembers beingFounded contactMode
      addressWithheld languages
      region { code }
      place { street postalCode city location { latitude longitude } }
      meeting { rule time note }
      accessibility { wheelchairAccessible note }
      topics { id name }
      provenance { source lastModified lastVerified }
    }
  }
}
"""
# what public lists show: published groups that have not ended
PUBLISHED = (
    "SELECT count(*) FROM groups g WHERE g.review_state = 'PUBLISHED' AND g.status <> 'ENDED'"
)


async def all_pages(gql: Gql, variables: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql.data(GROUPS, {**variables, "after": after}))["groups"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return page["totalCount"], nodes
        after = page["pageInfo"]["endCursor"]


async def test_region_filter(gql: Gql, db: Db) -> None:
    total, nodes = await all_pages(gql, {"region": "DE-BY"})
    assert total == len(nodes) == await db.scalar(PUBLISHED + " AND g.region_code = 'DE-BY'")
    assert total > 0
    assert {node["region"]["code"] for node in nodes} == {"DE-BY"}


async def test_region_filter_accepts_lower_case(gql: Gql) -> None:
    upper = (await gql.data(GROUPS, {"region": "DE-NW"}))["groups"]["totalCount"]
    lower = (await gql.data(GROUPS, {"region": "de-nw"}))["groups"]["totalCount"]
    assert upper == lower > 0


@pytest.mark.parametrize("region", ["DE-XX", "BY", "", "DE-BY'; DROP TABLE groups; --"])
async def test_unknown_region_is_refused(gql: Gql, db: Db, region: str) -> None:
    body = await gql(GROUPS, {"region": region})
    assert body["data"] is None
    bad_input(body, "region")
    assert await db.scalar("SELECT count(*) FROM groups") > 0


@pytest.mark.parametrize("value", ["DIGITAL", "HYBRID", "IN_PERSON"])
async def test_format_filter(gql: Gql, db: Db, value: str) -> None:
    total, nodes = await all_pages(gql, {"format": value})
    assert total == await db.scalar(PUBLISHED + " AND g.format = :v", v=value)
    assert {node["format"] for node in nodes} <= {value}


@pytest.mark.parametrize("value", ["LOCAL", "STATE", "NATIONWIDE"])
async def test_reach_filter(gql: Gql, db: Db, value: str) -> None:
    total, nodes = await all_pages(gql, {"reach": value})
    assert total == len(nodes) == await db.scalar(PUBLISHED + " AND g.reach = :v", v=value)
    assert total > 0
    assert {node["reach"] for node in nodes} == {value}
    if value == "NATIONWIDE":
        assert all(node["region"] is None for node in nodes)


@pytest.mark.parametrize("value", [True, False])
async def test_open_for_new_members_filter(gql: Gql, db: Db, value: bool) -> None:
    total, nodes = await all_pages(gql, {"open": value})
    assert total == await db.scalar(PUBLISHED + " AND g.open_for_new_members = :v", v=value)
    assert {node["openForNewMembers"] for node in nodes} == {value}


async def test_text_filter_is_german_full_text_over_name_description_and_town(
    gql: Gql, db: Db
) -> None:
    # when groups are filtered by a word in another case
    total, nodes = await all_pages(gql, {"text": "ONLINE"})
    # then exactly the groups with a word in their name, description or town starting with it
    texts = await db.column(
        "SELECT g.name || ' ' || g.description || ' ' || coalesce(g.city, '') "
        + PUBLISHED[PUBLISHED.index("FROM") :]
    )
    expected = sum(any(s.startswith("onlin") for s in stems(text)) for text in texts)
    assert total == expected > 0


async def test_text_without_searchable_words_is_refused(gql: Gql) -> None:
    bad_input(await gql(GROUPS, {"text": "% und _"}), "text")


async def test_overlong_text_is_refused(gql: Gql) -> None:
    bad_input(await gql(GROUPS, {"text": "x" * 201}), "text")


async def test_topic_filter_includes_narrower_topics(gql: Gql, db: Db) -> None:
    # given a top-level topic with children that have groups
    parent_key = await db.scalar(
        "SELECT p.id FROM topics p JOIN topics c ON c.parent_id = p.id "
        "JOIN group_topics gt ON gt.topic_id = c.id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1"
    )
    parent = (await gql.data("{ topics(first: 100, rootsOnly: true) { nodes { id slug } } }"))[
        "topics"
    ]["nodes"]
    slug = await db.scalar("SELECT slug FROM topics WHERE id = :k", k=parent_key)
    topic_id = next(node["id"] for node in parent if node["slug"] == slug)
    # when groups are filtered by the parent topic
    total, nodes = await all_pages(gql, {"topic": topic_id})
    # then groups tagged with any child count, each once
    expected = await db.scalar(
        PUBLISHED + " AND EXISTS (SELECT 1 FROM group_topics gt JOIN topics t ON t.id = gt.topic_id"
        " WHERE gt.group_id = g.id AND (t.id = :k OR t.parent_id = :k))",
        k=parent_key,
    )
    assert total == len(nodes) == expected > 0


async def test_filters_combine(gql: Gql, db: Db) -> None:
    total, nodes = await all_pages(gql, {"region": "DE-NW", "format": "DIGITAL", "open": True})
    assert total == await db.scalar(
        PUBLISHED + " AND g.region_code = 'DE-NW' AND g.format = 'DIGITAL'"
        " AND g.open_for_new_members = :t",
        t=True,
    )
    for node in nodes:
        assert (node["region"]["code"], node["format"], node["openForNewMembers"]) == (
            "DE-NW",
            "DIGITAL",
            True,
        )


async def test_unpublished_groups_are_never_listed(gql: Gql, db: Db) -> None:
    hidden = await db.column("SELECT name FROM groups WHERE review_state <> 'PUBLISHED'")
    assert hidden, "the demo data has submitted and rejected groups"
    total, nodes = await all_pages(gql, {})
    assert total == await db.scalar(PUBLISHED)
    listed_ids = {node["id"] for node in nodes}
    hidden_ids = await db.column("SELECT id FROM groups WHERE review_state <> 'PUBLISHED'")
    assert not listed_ids & {encode_id("Group", "nakos", key) for key in hidden_ids}


async def test_group_fields_are_consistent(gql: Gql) -> None:
    _, nodes = await all_pages(gql, {"reach": "LOCAL"})
    withheld = [node for node in nodes if node["addressWithheld"]]
    shown = [node for node in nodes if not node["addressWithheld"]]
    assert withheld and shown
    for node in withheld:
        assert node["place"]["city"]
        assert node["place"]["postalCode"] is None and node["place"]["location"] is None
    for node in shown:
        assert len(node["place"]["postalCode"]) == 5 and node["place"]["location"]
    for node in nodes:
        assert node["beingFounded"] is (node["status"] == "FOUNDING")
        assert node["languages"] and node["topics"]
        assert node["provenance"]["source"] == "nakos"
        rule = node["meeting"]["rule"]
        assert rule is None or rule.startswith("FREQ=")
