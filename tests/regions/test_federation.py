"""groups over the national registry, Bavaria (SQL) and NRW (HTTP): one connection."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from starlette.applications import Starlette

from graph.federation.merge import cursor
from graph.ids import decode_id
from graph.pagination import encode_cursor
from tests.conftest import Gql, bad_input

PAGE = """
query($region: String, $format: GroupFormat, $open: Boolean, $text: String, $topic: ID,
      $first: Int, $after: String) {
  groups(region: $region, format: $format, openForNewMembers: $open, text: $text, topic: $topic,
         first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id name format openForNewMembers contactMode
      region { code }
      provenance { source }
      contactPoint { id name region { code } }
      topics { slug }
    }
  }
}
"""


async def all_pages(gql: Gql, variables: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        body = await gql.data(PAGE, {**variables, "first": 100, "after": after})
        page = body["groups"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return page["totalCount"], nodes
        after = page["pageInfo"]["endCursor"]


async def scalar(app: Starlette, source: str, sql: str) -> Any:
    from sqlalchemy import text

    engine = app.state.engine if source == "nakos" else app.state.sources[source].engine
    async with engine.connect() as conn:
        return (await conn.execute(text(sql))).scalar()


NATIONAL_BY = (
    "SELECT count(*) FROM groups WHERE review_state = 'PUBLISHED' AND region_code = 'DE-BY' "
    "AND status <> 'ENDED'"
)
BAVARIA = "SELECT count(*) FROM selbsthilfegruppen WHERE freigegeben"


async def test_a_lands_groups_come_from_the_registry_and_the_region(
    fgql: Gql, federated_app: Starlette
) -> None:
    # given Bavaria's groups in its own database and Bavarian digital groups nationally
    national = await scalar(federated_app, "nakos", NATIONAL_BY)
    own = await scalar(federated_app, "DE-BY", BAVARIA)
    assert national > 0 and 2500 < own < 3000
    # when a caller pages through groups(region: "DE-BY")
    total, nodes = await all_pages(fgql, {"region": "DE-BY"})
    # then both parts come, each once, national first, and NRW is never asked
    assert total == len(nodes) == national + own
    assert len({node["id"] for node in nodes}) == total
    sources = [node["provenance"]["source"] for node in nodes]
    assert sources == ["nakos"] * national + ["DE-BY"] * own
    assert {node["region"]["code"] for node in nodes} == {"DE-BY"}
    local = [node for node in nodes if node["provenance"]["source"] == "DE-BY"]
    assert all(node["contactPoint"]["region"]["code"] == "DE-BY" for node in local)
    assert all(node["topics"] for node in local)
    assert {decode_id(node["id"]).source for node in local} == {"DE-BY"}


async def test_filters_are_pushed_down_to_every_source(fgql: Gql, federated_app: Starlette) -> None:
    total, nodes = await all_pages(fgql, {"format": "HYBRID", "open": True})
    national = await scalar(
        federated_app,
        "nakos",
        "SELECT count(*) FROM groups WHERE review_state = 'PUBLISHED' AND format = 'HYBRID' "
        "AND status <> 'ENDED' "
        "AND open_for_new_members",
    )
    bavaria = await scalar(
        federated_app, "DE-BY", BAVARIA + " AND treffart = 'hybrid' AND neue_mitglieder"
    )
    by_source: dict[str, int] = {}
    for node in nodes:
        assert (node["format"], node["openForNewMembers"]) == ("HYBRID", True)
        source = node["provenance"]["source"]
        by_source[source] = by_source.get(source, 0) + 1
    assert by_source["nakos"] == national and by_source["DE-BY"] == bavaria
    assert by_source["DE-NW"] > 0
    assert total == len(nodes) == national + bavaria + by_source["DE-NW"]


async def test_topic_filter_reaches_the_regions_own_keywords(
    fgql: Gql, federated_app: Starlette
) -> None:
    # given Bavaria tags with its own keyword for diabetes ("Zuckerkrankheit", say)
    keyword = await scalar(
        federated_app,
        "DE-BY",
        "SELECT stichwort FROM stichwort_thema WHERE thema_slug = 'diabetes'",
    )
    assert keyword and keyword != "Diabetes"
    expected = await scalar(
        federated_app,
        "DE-BY",
        "SELECT count(DISTINCT gruppen_id) FROM gruppe_stichwort gs JOIN selbsthilfegruppen g "
        f"USING (gruppen_id) WHERE g.freigegeben AND gs.stichwort = '{keyword}'",
    )
    topics = await fgql.data('{ topics(search: "Diabetes", first: 5) { nodes { id slug } } }')
    topic = next(n["id"] for n in topics["topics"]["nodes"] if n["slug"] == "diabetes")
    # when groups are filtered by the national topic
    total, nodes = await all_pages(fgql, {"topic": topic, "region": "DE-BY"})
    # then Bavaria's groups tagged with its own keyword are found, with the national topic
    local = [n for n in nodes if n["provenance"]["source"] == "DE-BY"]
    assert len(local) == expected > 0
    assert all("diabetes" in {t["slug"] for t in n["topics"]} for n in local)


async def test_cursor_works_across_sources(fgql: Gql) -> None:
    # given a filter that all three sources answer, a few dozen groups each
    wanted = {"format": "IN_PERSON", "text": "Gesprächskreis für Angehörige"}
    total, everything = await all_pages(fgql, wanted)
    sources = [n["provenance"]["source"] for n in everything]
    assert set(sources) == {"nakos", "DE-BY", "DE-NW"}
    assert sources == sorted(sources, key=["nakos", "DE-BY", "DE-NW"].index)
    # when paging with 7 per page
    ids: list[str] = []
    after, pages = None, 0
    while True:
        page = (await fgql.data(PAGE, {**wanted, "first": 7, "after": after}))["groups"]
        ids += [n["id"] for n in page["nodes"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then the pages cross from source to source without gaps or repeats
    assert ids == [n["id"] for n in everything]
    assert pages == -(-total // 7)


async def test_node_routes_to_the_owning_source(fgql: Gql) -> None:
    page = (await fgql.data(PAGE, {"first": 100, "region": "DE-NW", "text": "Dortmund"}))["groups"]
    nrw = [n for n in page["nodes"] if n["provenance"]["source"] == "DE-NW"]
    page = (await fgql.data(PAGE, {"first": 100, "region": "DE-BY", "text": "München"}))["groups"]
    bavaria = [n for n in page["nodes"] if n["provenance"]["source"] == "DE-BY"]
    assert nrw and bavaria
    wanted = [nrw[0]["id"], bavaria[0]["id"]]
    body = await fgql.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Group { name provenance { source } } } }",
        {"ids": wanted},
    )
    assert [n["id"] for n in body["nodes"]] == wanted
    assert [n["name"] for n in body["nodes"]] == [nrw[0]["name"], bavaria[0]["name"]]


@pytest.mark.parametrize(
    "value",
    [
        cursor(0.0, "DE-HE", "40001", "groups"),  # a Land without a source
        cursor(0.0, "DE-BY", "abc", "groups"),  # not one of Bavaria's keys
        cursor(0.0, "DE-NW", "40001", "groups"),  # not one of NRW's keys
        cursor(0.0, "DE-BY", "", "groups"),
        cursor(float("nan"), "DE-BY", "40001", "groups"),
        encode_cursor("DE-BY/40001"),  # the format before one cursor served every list
    ],
)
async def test_forged_cross_source_cursor_is_refused(fgql: Gql, value: str) -> None:
    bad_input(await fgql(PAGE, {"first": 5, "after": value}), "after")


@pytest.mark.parametrize("key", ["DE-BY:abc", "DE-HE:1", "DE-NW:1"])
async def test_region_ids_that_cannot_exist_are_refused(fgql: Gql, key: str) -> None:
    value = base64.urlsafe_b64encode(f"Group:{key}".encode()).rstrip(b"=").decode()
    bad_input(await fgql("query($id: ID!) { node(id: $id) { id } }", {"id": value}), "id")


async def test_unknown_region_group_is_null(fgql: Gql) -> None:
    for key in ("DE-BY:99999999", "DE-NW:NW-999999"):
        value = base64.urlsafe_b64encode(f"Group:{key}".encode()).rstrip(b"=").decode()
        body = await fgql.data("query($id: ID!) { node(id: $id) { id } }", {"id": value})
        assert body == {"node": None}
