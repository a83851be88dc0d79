"""Depth: nesting at the limit is served, one level past it is refused, inline or in fragments."""

from __future__ import annotations

from tests.attack.conftest import Api, refused

# topics > nodes > groups > nodes > contactPoint > region > contactPoints > nodes > address >
# postalCode: ten levels, the leaf included (a connection's `nodes` is a level of its own)
AT_LIMIT = """{ topics(first: 1) { nodes { groups(first: 1) { nodes { contactPoint { region {
  contactPoints(first: 1) { nodes { address { postalCode } } } } } } } } } }"""
PAST_LIMIT = """{ topics(first: 1) { nodes { groups(first: 1) { nodes { contactPoint { region {
  contactPoints(first: 1) { nodes { address { location { latitude } } } } } } } } } } }"""
PAST_IN_FRAGMENTS = """
fragment Place on ContactPoint { address { location { latitude } } }
fragment Office on Group { contactPoint { region { contactPoints(first: 1) { nodes { ...Place } } } } }
{ topics(first: 1) { nodes { groups(first: 1) { nodes { ...Office } } } } }
"""


async def test_depth_at_the_limit_is_served(api: Api) -> None:
    body = await api.body(AT_LIMIT)
    assert "errors" not in body, body
    assert len(body["data"]["topics"]["nodes"]) == 1


async def test_one_level_past_the_limit_is_refused_before_any_sql(api: Api) -> None:
    api.statements.clear()
    error = refused(await api.body(PAST_LIMIT), "depth")
    assert error["extensions"]["max"] == 10
    assert error["extensions"]["actual"] == 11
    assert "depth" in error["message"] and "10" in error["message"]
    assert api.statements == []


async def test_depth_counts_through_fragments(api: Api) -> None:
    api.statements.clear()
    error = refused(await api.body(PAST_IN_FRAGMENTS), "depth")
    assert error["extensions"]["actual"] == 11
    assert api.statements == []


async def test_depth_limit_follows_the_setting(make_api) -> None:  # type: ignore[no-untyped-def]
    async with make_api(environment="production", max_depth=11) as api:
        body = await api.body(PAST_LIMIT)
        assert "errors" not in body, body


async def test_very_deep_documents_are_refused_not_crashed(api: Api) -> None:
    query = "{" + " groups {" * 150 + " id" + " }" * 150 + " }"
    assert refused(await api.body(query), "depth")["extensions"]["actual"] == 151
    # deeper than graphql-core's parser nests: its syntax error, not a crash
    query = "{" + " groups {" * 400 + " id" + " }" * 400 + " }"
    (error,) = (await api.body(query))["errors"]
    assert "nested too deeply" in error["message"]
