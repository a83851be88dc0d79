"""Funding programmes (issue 17, item 3): the root list and its filters, the programmes a
group may apply for (by its care domain, Land and town), deadlines and sessions, coded bad
input; anonymous callers read it all (public data). Funding data comes with migration 0013:
nothing here writes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from graph.ids import encode_id
from tests.conftest import Db, Gql, PrivateRegistry, SqlLog, bad_input

GKV = {"gkv-pauschalfoerderung", "gkv-projektfoerderung"}
DORTMUND = {"foerderfonds-selbsthilfe-dortmund"}

PROGRAMMES = """
query($region: String, $topic: ID, $kind: CareDomain, $first: Int, $after: String) {
  fundingProgrammes(region: $region, topic: $topic, groupKind: $kind, first: $first,
                    after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id slug }
  }
}
"""

DETAIL = """
{
  fundingProgrammes(first: 100) {
    nodes {
      id slug name funder kind legalBasis eligibility nationwide region { code } town
      purpose applicationsAllYear sessionsPerYear
      deadlines { month day kind session note }
      application { description url }
      sourceText provenance { source }
    }
  }
}
"""

GROUP = """
query($id: ID!) {
  node(id: $id) {
    ... on Group {
      place { city } region { code } careDomain topics { slug careDomain }
      fundingProgrammes { slug eligibility }
    }
  }
}
"""


def topic_id(key: int) -> str:
    return encode_id("Topic", "nakos", key)


async def slugs(gql: Gql, **variables: Any) -> set[str]:
    data = (await gql.data(PROGRAMMES, {"first": 100} | variables))["fundingProgrammes"]
    found = {node["slug"] for node in data["nodes"]}
    assert data["totalCount"] == len(found)
    return found


async def test_the_source_texts_programmes_for_an_anonymous_caller(gql: Gql) -> None:
    # given no token at all, when the programmes are asked for in full
    nodes = {n["slug"]: n for n in (await gql.data(DETAIL))["fundingProgrammes"]["nodes"]}
    # then the GKV's two programmes (nationwide, § 20h SGB V, health-related) ...
    assert set(nodes) == GKV | DORTMUND
    lump, project = nodes["gkv-pauschalfoerderung"], nodes["gkv-projektfoerderung"]
    assert (lump["kind"], project["kind"]) == ("LUMP_SUM", "PROJECT")
    for gkv in (lump, project):
        assert gkv["funder"] == "Gesetzliche Krankenkassen (GKV)"
        assert gkv["legalBasis"] == "§ 20h SGB V"
        assert gkv["eligibility"] == "HEALTH_RELATED"
        assert gkv["nationwide"] is True and gkv["region"] is None and gkv["town"] is None
        assert gkv["deadlines"] == []  # the texts name none
        assert gkv["applicationsAllYear"] is None and gkv["sessionsPerYear"] is None
        assert "dortmund-contact-point-and-funding.txt" in gkv["sourceText"]
        assert "Verwendungsnachweis" in gkv["application"]["description"]
    assert "Raummiete" in lump["purpose"] and "Selbsthilfetag" in project["purpose"]
    # ... and Dortmund's fund for social groups, all year, two sessions, 31 May and 30 Nov
    fund = nodes["foerderfonds-selbsthilfe-dortmund"]
    assert fund["funder"] == "Stadt Dortmund"
    assert fund["eligibility"] == "SOCIAL"
    assert fund["kind"] == "GRANT" and fund["legalBasis"] is None
    assert fund["nationwide"] is False
    assert fund["region"] == {"code": "DE-NW"} and fund["town"] == "Dortmund"
    assert fund["applicationsAllYear"] is True and fund["sessionsPerYear"] == 2
    assert [(d["month"], d["day"], d["kind"], d["session"]) for d in fund["deadlines"]] == [
        (5, 31, "SESSION", 1),
        (11, 30, "FINAL", None),
    ]
    assert all(d["note"] for d in fund["deadlines"])
    assert "Selbsthilfefördertopf" in fund["application"]["description"]
    # no address the texts do not give
    assert {n["application"]["url"] for n in nodes.values()} == {None}
    assert {n["provenance"]["source"] for n in nodes.values()} == {"nakos"}


async def test_a_programme_by_its_node_id(gql: Gql) -> None:
    first = (await gql.data(PROGRAMMES, {"first": 1}))["fundingProgrammes"]["nodes"][0]
    data = await gql.data(
        "query($id: ID!) { node(id: $id) { id ... on FundingProgramme { slug } } }",
        {"id": first["id"]},
    )
    assert data["node"] == first


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, GKV | DORTMUND),
        ({"kind": "HEALTH_RELATED"}, GKV),
        ({"kind": "SOCIAL"}, DORTMUND),
        ({"region": "DE-NW"}, GKV | DORTMUND),
        ({"region": "de-nw"}, GKV | DORTMUND),
        ({"region": "DE-BY"}, GKV),
        ({"region": "DE-BY", "kind": "SOCIAL"}, set()),
        ({"region": "DE-NW", "kind": "SOCIAL"}, DORTMUND),
    ],
)
async def test_region_and_kind_filters(
    gql: Gql, variables: dict[str, Any], expected: set[str]
) -> None:
    assert await slugs(gql, **variables) == expected


async def test_topic_filter_goes_by_the_topics_care_domain(gql: Gql, db: Db) -> None:
    lonely = await db.scalar("SELECT id FROM topics WHERE slug = 'einsamkeit'")
    diabetes = await db.scalar("SELECT id FROM topics WHERE slug = 'diabetes-typ-2'")
    diabetes = diabetes or await db.scalar("SELECT id FROM topics WHERE slug LIKE 'diabetes%'")
    assert await slugs(gql, topic=topic_id(lonely)) == DORTMUND
    assert await slugs(gql, topic=topic_id(lonely), region="DE-BY") == set()
    assert await slugs(gql, topic=topic_id(diabetes)) == GKV
    # a topic and a group kind that contradict each other: nothing
    assert await slugs(gql, topic=topic_id(diabetes), kind="SOCIAL") == set()


async def test_paging_and_one_statement_per_page(gql: Gql, sql: SqlLog) -> None:
    sql.reset()
    first = (await gql.data(PROGRAMMES, {"first": 2}))["fundingProgrammes"]
    assert sql.count == 2, sql.statements  # the page, and totalCount (asked for)
    assert first["pageInfo"]["hasNextPage"] is True and len(first["nodes"]) == 2
    rest = await gql.data(PROGRAMMES, {"first": 2, "after": first["pageInfo"]["endCursor"]})
    page = rest["fundingProgrammes"]
    assert page["pageInfo"]["hasNextPage"] is False
    assert {n["slug"] for n in first["nodes"] + page["nodes"]} == GKV | DORTMUND
    sql.reset()
    await gql.data("{ fundingProgrammes(first: 100) { nodes { slug deadlines { day } } } }")
    assert sql.count == 2, sql.statements  # the page, the deadlines of all of it


async def test_bad_input_is_coded(gql: Gql) -> None:
    bad_input(await gql(PROGRAMMES, {"region": "XX"}), "region")
    bad_input(await gql(PROGRAMMES, {"topic": "not-an-id"}), "topic")
    bad_input(await gql(PROGRAMMES, {"topic": topic_id(999_999)}), "topic")
    bad_input(await gql(PROGRAMMES, {"first": -1}), "first")
    unknown = await gql(PROGRAMMES, {"kind": "MEDICAL"})
    assert unknown["errors"] and unknown.get("data") is None  # GraphQL refuses the enum value


async def test_every_topic_is_health_related_or_social(gql: Gql, db: Db) -> None:
    assert await db.scalar("SELECT count(*) FROM topics WHERE care IS NULL") == 0
    data = await gql.data(
        '{ topics(search: "Einsamkeit", first: 5) { nodes { slug careDomain } } }'
    )
    assert {"slug": "einsamkeit", "careDomain": "SOCIAL"} in data["topics"]["nodes"]
    roots = await gql.data("{ topics(rootsOnly: true, first: 100) { nodes { slug careDomain } } }")
    domains = {n["slug"]: n["careDomain"] for n in roots["topics"]["nodes"]}
    assert domains["soziale-lebenssituationen"] == "SOCIAL"
    assert domains["krebs"] == domains["sucht"] == domains["angehoerige"] == "HEALTH_RELATED"


GROUPS_IN = """
SELECT g.id FROM groups g
WHERE g.region_code = :region AND g.city = :city AND g.review_state = 'PUBLISHED'
  AND g.status <> 'ENDED'
  AND {health} EXISTS (SELECT 1 FROM group_topics gt JOIN topics t ON t.id = gt.topic_id
                       WHERE gt.group_id = g.id AND t.care = 'HEALTH_RELATED')
ORDER BY g.id
"""


async def registry_group(db: Db, region: str, city: str, health: bool) -> str | None:
    found = await db.column(
        GROUPS_IN.format(health="" if health else "NOT"), region=region, city=city
    )
    return encode_id("Group", "nakos", found[0]) if found else None


async def test_a_health_related_group_in_dortmund_gets_the_gkv_programmes(gql: Gql, db: Db) -> None:
    group_id = await registry_group(db, "DE-NW", "Dortmund", health=True)
    assert group_id is not None
    group = (await gql.data(GROUP, {"id": group_id}))["node"]
    assert group["careDomain"] == "HEALTH_RELATED"
    assert "HEALTH_RELATED" in {t["careDomain"] for t in group["topics"]}
    assert {p["slug"] for p in group["fundingProgrammes"]} == GKV


async def test_a_social_group_in_dortmund_gets_the_city_fund_not_the_gkv(
    private_registry: PrivateRegistry,
) -> None:
    # The demo has no social group in Dortmund at every scale: move a social one there.
    found = await private_registry.db.column(
        "SELECT g.id FROM groups g WHERE g.review_state = 'PUBLISHED' AND g.status <> 'ENDED' "
        "AND EXISTS (SELECT 1 FROM group_topics gt WHERE gt.group_id = g.id) "
        "AND NOT EXISTS (SELECT 1 FROM group_topics gt JOIN topics t ON t.id = gt.topic_id "
        "WHERE gt.group_id = g.id AND (t.care IS NULL OR t.care <> 'SOCIAL')) ORDER BY g.id"
    )
    assert found, "the demo has no social group"
    async with private_registry.engine.begin() as conn:
        await conn.execute(
            text("UPDATE groups SET city = 'Dortmund', region_code = 'DE-NW' WHERE id = :g"),
            {"g": found[0]},
        )
    group_id = encode_id("Group", "nakos", found[0])
    group = (await private_registry.gql.data(GROUP, {"id": group_id}))["node"]
    assert group["careDomain"] == "SOCIAL"
    assert {t["careDomain"] for t in group["topics"]} == {"SOCIAL"}
    assert {p["slug"] for p in group["fundingProgrammes"]} == DORTMUND


async def test_a_social_group_outside_dortmund_gets_nothing(gql: Gql, db: Db) -> None:
    found = await db.column(
        "SELECT g.id FROM groups g WHERE g.review_state = 'PUBLISHED' AND g.status <> 'ENDED' "
        "AND (g.city IS NULL OR g.city <> 'Dortmund') "
        "AND EXISTS (SELECT 1 FROM group_topics gt WHERE gt.group_id = g.id) "
        "AND NOT EXISTS (SELECT 1 FROM group_topics gt JOIN topics t ON t.id = gt.topic_id "
        "WHERE gt.group_id = g.id AND t.care = 'HEALTH_RELATED') ORDER BY g.id"
    )
    assert found
    for key in found[:5]:
        group = (await gql.data(GROUP, {"id": encode_id("Group", "nakos", key)}))["node"]
        assert group["careDomain"] == "SOCIAL"
        assert group["fundingProgrammes"] == []


PAGE = """
query($first: Int!) {
  groups(region: "DE-NW", first: $first) {
    nodes { careDomain fundingProgrammes { slug deadlines { month day } } }
  }
}
"""


async def page_statements(gql: Gql, sql: SqlLog, first: int) -> tuple[int, list[Any]]:
    sql.reset()
    nodes = (await gql.data(PAGE, {"first": first}))["groups"]["nodes"]
    assert len(nodes) == first
    return sql.count, nodes


async def test_a_page_of_groups_costs_the_same_statements_at_any_size(
    gql: Gql, sql: SqlLog
) -> None:
    five, _ = await page_statements(gql, sql, 5)
    hundred, nodes = await page_statements(gql, sql, 100)
    # the page, the topics of its groups, the programmes open to them, their deadlines
    assert five == hundred <= 4, sql.statements
    assert {n["careDomain"] for n in nodes} == {"HEALTH_RELATED", "SOCIAL"}
    assert any(n["fundingProgrammes"] for n in nodes)
