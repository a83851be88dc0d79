"""topics(search:), the taxonomy tree, synonyms, and a topic's groups and organisations."""

from __future__ import annotations

from tests.conftest import Db, Gql

TOPICS = """
query($search: String, $roots: Boolean! = false) {
  topics(search: $search, rootsOnly: $roots, first: 100) {
    totalCount
    nodes { id slug name synonyms parent { slug } children { slug } }
  }
}
"""


async def test_taxonomy_has_at_least_150_topics_with_synonyms(gql: Gql, db: Db) -> None:
    data = await gql.data(TOPICS)
    assert data["topics"]["totalCount"] == await db.scalar("SELECT count(*) FROM topics") >= 150
    assert await db.scalar("SELECT count(DISTINCT topic_id) FROM topic_synonyms") >= 100


async def test_search_finds_a_topic_by_synonym(gql: Gql) -> None:
    nodes = (await gql.data(TOPICS, {"search": "zuckerkrankheit"}))["topics"]["nodes"]
    assert "Diabetes" in [node["name"] for node in nodes]
    diabetes = next(node for node in nodes if node["name"] == "Diabetes")
    assert "Zuckerkrankheit" in diabetes["synonyms"]


async def test_search_by_part_of_the_name_any_case(gql: Gql) -> None:
    nodes = (await gql.data(TOPICS, {"search": "DEPRESS"}))["topics"]["nodes"]
    assert any("Depression" in node["name"] for node in nodes)


async def test_search_without_match_is_empty(gql: Gql) -> None:
    data = await gql.data(TOPICS, {"search": "qqqxxyyzz"})
    assert data["topics"] == {"totalCount": 0, "nodes": []}


async def test_roots_and_children_form_the_tree(gql: Gql, db: Db) -> None:
    roots = (await gql.data(TOPICS, {"roots": True}))["topics"]["nodes"]
    assert len(roots) == await db.scalar("SELECT count(*) FROM topics WHERE parent_id IS NULL")
    assert all(root["parent"] is None for root in roots)
    children = [child["slug"] for root in roots for child in root["children"]]
    assert len(children) == await db.scalar(
        "SELECT count(*) FROM topics WHERE parent_id IS NOT NULL AND parent_id IN "
        "(SELECT id FROM topics WHERE parent_id IS NULL)"
    )


async def test_topic_groups_and_organisations(gql: Gql, db: Db) -> None:
    topic_key = await db.scalar(
        "SELECT topic_id FROM group_topics GROUP BY topic_id ORDER BY count(*) DESC LIMIT 1"
    )
    slug = await db.scalar("SELECT slug FROM topics WHERE id = :k", k=topic_key)
    name = await db.scalar("SELECT name FROM topics WHERE id = :k", k=topic_key)
    data = await gql.data(
        "query($s: String) { topics(search: $s, first: 100) { nodes { slug "
        "groups(first: 5) { nodes { id topics { slug } } } "
        "organisations(first: 5) { nodes { id topics { slug } } } } } }",
        {"s": name},
    )
    topic = next(node for node in data["topics"]["nodes"] if node["slug"] == slug)
    groups, organisations = topic["groups"]["nodes"], topic["organisations"]["nodes"]
    assert len(groups) == 5
    assert all(slug in [t["slug"] for t in g["topics"]] for g in groups)
    assert all(slug in [t["slug"] for t in o["topics"]] for o in organisations)
