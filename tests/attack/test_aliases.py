"""Aliases: 101 aliases, and aliases hidden in a fragment that is spread five times."""

from __future__ import annotations

from tests.attack.conftest import Api, refused

FOUR_ALIASES = "fragment Four on Query { a: __typename b: __typename c: __typename d: __typename }"


async def test_101_aliases_are_refused(api: Api) -> None:
    query = "query cop { " + " ".join(f"alias{i}: __typename" for i in range(101)) + " }"
    error = refused(await api.body(query), "aliases")
    assert error["extensions"]["max"] == 15
    assert error["extensions"]["actual"] == 101


async def test_aliases_in_a_fragment_count_once_per_spread(api: Api) -> None:
    once = await api.body(FOUR_ALIASES + " { ...Four }")
    assert once["data"] == {"a": "Query", "b": "Query", "c": "Query", "d": "Query"}
    five = FOUR_ALIASES + " { ...Four ...Four ...Four ...Four ...Four }"
    error = refused(await api.body(five), "aliases")
    assert error["extensions"]["actual"] == 20


async def test_aliases_in_fragments_spread_in_nested_fragments(api: Api) -> None:
    query = (
        FOUR_ALIASES
        + " fragment Twice on Query { ...Four ...Four }"
        + " fragment Thrice on Query { ...Twice ...Twice ...Twice } { ...Thrice }"
    )
    error = refused(await api.body(query), "aliases")
    assert error["extensions"]["actual"] == 24


async def test_aliases_at_the_limit_are_served(api: Api) -> None:
    query = "{ " + " ".join(f'r{i}: region(code: "DE-BY") {{ code }}' for i in range(15)) + " }"
    body = await api.body(query)
    assert "errors" not in body, body
    assert {v["code"] for v in body["data"].values()} == {"DE-BY"}
