"""/healthz, /readyz and GraphiQL."""

from __future__ import annotations

import re

import httpx


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readyz_checks_the_registry(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "sources": {"nakos": "up"}}


async def test_graphiql_in_development(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_the_request_id_is_the_servers_own(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
    # a caller's X-Request-ID is not taken over, however well-formed (no trusted proxy here)
    chosen = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "abc-123"}
    )
    assert re.fullmatch(r"[0-9a-f]{32}", chosen.headers["x-request-id"])
    assert chosen.headers.get_list("x-request-id") == [chosen.headers["x-request-id"]]
    assert chosen.headers["x-request-id"] != response.headers["x-request-id"]


async def test_every_answer_carries_a_request_id(client: httpx.AsyncClient) -> None:
    for response in [
        await client.get("/healthz"),
        await client.post("/graphql", content="x", headers={"content-type": "text/plain"}),
        await client.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"authorization": "x"}
        ),
        await client.post("/graphql", content=b'"x"', headers={"content-type": "application/json"}),
    ]:
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"]), response
