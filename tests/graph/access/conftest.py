"""Calling the API as a given caller: a token minted from claims, or a raw Authorization value."""

from __future__ import annotations

import uuid
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
        request_id: str | None = None,
    ) -> httpx.Response:
        """As anonymous (nothing given), as the caller `claims` describe, or with `token`."""
        headers = {"X-Request-ID": request_id or uuid.uuid4().hex}
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
        response = await self.post(query, variables, **kw)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def api(client: httpx.AsyncClient, token_keys: TokenKeys) -> Api:
    return Api(client, token_keys)
