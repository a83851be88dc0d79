"""Python's `gql` client (httpx transport) against the app: a query with variables, a field
error it raises as TransportQueryError with the code, and a request error over
application/graphql-response+json."""

from __future__ import annotations

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport

from tests.attack.conftest import Api

REGION = "query Region($code: String!) { region(code: $code) { code name } }"


def region(**variables: object) -> GraphQLRequest:
    return GraphQLRequest(REGION, variable_values=variables)


def transport(api: Api, **headers: str) -> HTTPXAsyncTransport:
    asgi = httpx.ASGITransport(app=api.app, client=("203.0.113.9", 50000))
    return HTTPXAsyncTransport(url="http://testserver/graphql", transport=asgi, headers=headers)


async def test_gql_runs_a_query_with_variables(api: Api) -> None:
    async with Client(transport=transport(api)) as session:
        result = await session.execute(region(code="DE-BY"))
    assert result == {"region": {"code": "DE-BY", "name": "Bayern"}}


async def test_gql_sees_the_codes_of_its_mistakes(api: Api) -> None:
    async with Client(transport=transport(api)) as session:
        with pytest.raises(TransportQueryError) as raised:
            await session.execute(region(code=7))
    assert raised.value.errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert raised.value.errors[0]["extensions"]["variable"] == "code"
    spec = transport(api, accept="application/graphql-response+json")
    async with Client(transport=spec) as session:
        with pytest.raises(TransportQueryError) as raised:
            await session.execute(region())
    assert raised.value.errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
