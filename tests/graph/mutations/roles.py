"""The callers of the write tests, as real signed tokens, and a client that posts as them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from starlette.applications import Starlette

from tests.access_tokens import TokenKeys

ROLES: dict[str, dict[str, Any] | None] = {
    "anonymous": None,
    "partner": {"kind": "partner", "scope": "contacts:read", "purpose": "referral"},
    "office DE-BY": {
        "kind": "regional_office",
        "sub": "SeKo Bayern",
        "region": "DE-BY",
        "scope": "contacts:read:DE-BY region:DE-BY:write",
        "purpose": "coordination",
    },
    "office DE-NW": {
        "kind": "regional_office",
        "sub": "KOSKON NRW",
        "region": "DE-NW",
        "scope": "contacts:read:DE-NW region:DE-NW:write",
        "purpose": "coordination",
    },
    "national staff": {
        "kind": "national_staff",
        "sub": "NAKOS",
        "scope": "contacts:read registry:write registry:review audit:read",
        "purpose": "administration",
    },
}


@dataclass
class Writer:
    """POSTs operations to one app as one of the ROLES (one token per Writer)."""

    app: Starlette
    keys: TokenKeys
    role: str

    def __post_init__(self) -> None:
        claims = ROLES[self.role]
        self.token = None if claims is None else self.keys.mint(claims)

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> dict[str, Any]:
        if self.token is not None:
            headers["authorization"] = f"Bearer {self.token}"
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://w") as http:
            response = await http.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
        assert response.status_code == 200, response.text
        return dict(response.json())


def forbidden(body: dict[str, Any]) -> bool:
    return any(e.get("extensions", {}).get("code") == "FORBIDDEN" for e in body.get("errors", []))
