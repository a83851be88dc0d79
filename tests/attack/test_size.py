"""Size: 500 duplicate fields, too many tokens, too many characters, too large a body."""

from __future__ import annotations

from tests.attack.conftest import Api, refused


async def test_500_duplicate_fields_are_refused(api: Api) -> None:
    query = "query cop { " + "__typename \n" * 500 + "}"
    error = refused(await api.body(query), "fields")
    assert error["extensions"] == {
        "code": "LIMIT_EXCEEDED",
        "limit": "fields",
        "max": 300,
        "actual": 500,
    }


async def test_a_few_duplicate_fields_are_merged_and_served(api: Api) -> None:
    body = await api.body('{ region(code: "DE-BY") { code code code } }')
    assert body["data"] == {"region": {"code": "DE-BY"}}


async def test_too_many_tokens_are_refused_while_parsing(api: Api) -> None:
    query = "{ " + "__typename " * 1200 + "}"
    error = refused(await api.body(query), "tokens")
    assert error["extensions"]["max"] == 1000


async def test_tokens_at_the_limit_are_parsed(make_api) -> None:  # type: ignore[no-untyped-def]
    # "{", 8 fields, "}" and <EOF>: 11 tokens as graphql-core counts them; comments are none
    query = "# not a token\n{ " + "__typename " * 8 + "}"
    async with make_api(max_tokens=11) as api:
        assert (await api.body(query))["data"] == {"__typename": "Query"}
    async with make_api(max_tokens=10) as api:
        assert refused(await api.body(query), "tokens")["extensions"]["max"] == 10


async def test_comments_do_not_hide_a_large_document(api: Api) -> None:
    query = "# " + "x" * 20_000 + "\n{ __typename }"
    error = refused(await api.body(query), "documentChars")
    assert error["extensions"]["max"] == 15_000


async def test_body_larger_than_the_limit_is_refused_with_413(api: Api) -> None:
    padding = {"pad": "x" * 70_000}
    response = await api.post("{ __typename }", padding)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["limit"] == "bodyBytes"


async def test_streamed_body_without_length_is_cut_at_the_limit(api: Api) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b'{"query": "{ __typename }", "x": "' + b"x" * 1000

    response = await api.http.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
