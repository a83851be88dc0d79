"""Directives: ten on one field (graphql-cop's overloading check), and too many in one operation."""

from __future__ import annotations

from tests.attack.conftest import Api, refused


async def test_ten_unknown_directives_on_one_field_give_one_error(api: Api) -> None:
    body = await api.body("query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }")
    error = refused(body, "fieldDirectives")
    assert error["extensions"]["max"] == 3
    assert error["extensions"]["actual"] == 10


async def test_ten_known_directives_on_one_field_are_refused(api: Api) -> None:
    query = "{ __typename " + "@include(if: true) " * 10 + "}"
    refused(await api.body(query), "fieldDirectives")


async def test_directives_per_operation_count_through_fragments(api: Api) -> None:
    fragment = "fragment T on Query { " + "... @include(if: true) { __typename } " * 26 + "}"
    body = await api.body(fragment + " { ...T }")
    assert body["data"] == {"__typename": "Query"}
    error = refused(await api.body(fragment + " { ...T ...T }"), "directives")
    assert error["extensions"] == {
        "code": "LIMIT_EXCEEDED",
        "limit": "directives",
        "max": 50,
        "actual": 52,
    }


async def test_skip_and_include_still_work(api: Api) -> None:
    query = '{ region(code: "DE-BY") { code @include(if: true) name @skip(if: true) } }'
    assert (await api.body(query))["data"] == {"region": {"code": "DE-BY"}}
