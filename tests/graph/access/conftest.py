"""Calling the API as a given caller: a token minted from claims, or a raw Authorization value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.access_tokens import TokenKeys


@dataclass
class Api:
    http: httpx.AsyncClient
    keys: TokenKeys

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        claims: dict[str, Any] | None = None,
        token: str | None = None,
        authorization: str | None = None,
    ) -> httpx.Response:
        """As anonymous (nothing given), as the caller `claims` describe, or with `token`."""
        headers = {}
        if claims is not None:
            token = self.keys.mint(claims)
        if token is not None:
            authorization = f"Bearer {token}"
        if authorization is not None:
            headers["Authorization"] = authorization
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )

    async def body(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        return (await self.traced(query, variables, **kw))[0]

    async def traced(
        self, query: str, variables: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[Any, str]:
        """The body, and the request id the server gave the request (what the audit holds)."""
        response = await self.post(query, variables, **kw)
        assert response.status_code == 200, response.text
        return response.json(), response.headers["x-request-id"]


@pytest.fixture
def api(client: httpx.AsyncClient, token_keys: TokenKeys) -> Api:
    return Api(client, token_keys)
