"""node(id:) and nodes(ids:) for every type, and malformed or foreign ids."""

from __future__ import annotations

import base64

import pytest

from graph.ids import encode_id
from tests.conftest import Gql, bad_input

LISTS = {
    "Region": "regions",
    "Topic": "topics",
    "Organisation": "organisations",
    "ContactPoint": "contactPoints",
    "Group": "groups",
    "RareConditionSearch": "rareConditionSearches",
}

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


@pytest.mark.parametrize("type_name", sorted(LISTS))
async def test_node_returns_each_type(gql: Gql, type_name: str) -> None:
    listed = await gql.data(f"{{ {LISTS[type_name]}(first: 3) {{ nodes {{ id }} }} }}")
    ids = [node["id"] for node in listed[LISTS[type_name]]["nodes"]]
    assert len(ids) == 3
    for id_ in ids:
        node = (await gql.data(NODE, {"id": id_}))["node"]
        assert node == {"__typename": type_name, "id": id_}


async def test_nodes_keeps_order_duplicates_and_misses(gql: Gql) -> None:
    groups = (await gql.data("{ groups(first: 2) { nodes { id } } }"))["groups"]["nodes"]
    a, b = (node["id"] for node in groups)
    missing = encode_id("Group", "nakos", 10**9)
    data = await gql.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [b, a, missing, b]}
    )
    assert data["nodes"] == [{"id": b}, {"id": a}, None, {"id": b}]


async def test_unknown_key_is_null_without_error(gql: Gql) -> None:
    body = await gql(NODE, {"id": encode_id("Organisation", "nakos", 10**9)})
    assert body == {"data": {"node": None}}


def raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "bad_id",
    [
        "",
        "!!!",
        "Z3JvdXA",  # "group": no separators
        raw("Group:nakos:"),
        raw("Group:nakos:abc"),
        raw("Group:nakos:-1"),
        raw("Group:nakos:1' OR '1'='1"),
        raw("Spaceship:nakos:1"),
        raw("Group:elsewhere:1"),
        raw("Group:nakos:" + "9" * 40),
        raw("Group:nakos:\u00b2"),  # a digit to str.isdigit, not to int()
        raw("Topic:nakos:\u00b2"),
        raw("Group:nakos:\u0663"),  # an Arabic-Indic three: not an id this API gives out
        raw("Group:DE-BY:\u00b2"),
        base64.b64encode(bytes([0xFF, 0xFE, 0x00])).decode(),
    ],
)
async def test_malformed_id_is_refused(gql: Gql, bad_id: str) -> None:
    body = await gql(NODE, {"id": bad_id})
    assert body["data"] == {"node": None}
    bad_input(body, "id")


async def test_too_many_ids_are_refused(gql: Gql) -> None:
    ids = [encode_id("Group", "nakos", n) for n in range(1, 102)]
    body = await gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    bad_input(body, "ids")


async def test_topic_filter_refuses_an_id_of_another_type(gql: Gql) -> None:
    group_id = encode_id("Group", "nakos", 1)
    body = await gql("query($t: ID) { groups(topic: $t) { totalCount } }", {"t": group_id})
    assert "Topic" in bad_input(body, "topic")["message"]


async def test_topic_filter_refuses_an_unknown_topic(gql: Gql) -> None:
    body = await gql(
        "query($t: ID) { organisations(topic: $t) { totalCount } }",
        {"t": encode_id("Topic", "nakos", 10**9)},
    )
    assert "no such topic" in bad_input(body, "topic")["message"]
