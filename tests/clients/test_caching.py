"""Cache-Control and Vary: public data over GET to anonymous callers is cacheable for a short
configured time; anything with a token, a cookie, an error or protected data is not."""

from __future__ import annotations

import json

from graph.hardening.persisted import sha256
from tests.attack.conftest import PARTNER, Api, ApiFactory, Auth

REGIONS = "{ regions(first: 2) { nodes { code } } }"


def vary(response: object) -> set[str]:
    header = response.headers.get("vary", "")  # type: ignore[attr-defined]
    return {part.strip().lower() for part in header.split(",") if part.strip()}


async def test_public_get_is_cacheable_for_the_configured_time(make_api: ApiFactory) -> None:
    async with make_api(environment="production", cache_max_age=30) as api:
        response = await api.http.get("/graphql", params={"query": REGIONS})
        assert response.status_code == 200
        assert response.json()["data"]["regions"]["nodes"]
        assert response.headers["cache-control"] == "public, max-age=30"
        assert {"accept", "authorization", "cookie"} <= vary(response)
    async with make_api(environment="production", cache_max_age=0) as api:
        response = await api.http.get("/graphql", params={"query": REGIONS})
        assert response.headers["cache-control"] == "private, no-store"


async def test_apq_over_get_is_cacheable_and_its_miss_is_not(api: Api) -> None:
    digest = sha256(REGIONS)
    apq = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}})
    miss = await api.http.get("/graphql", params={"extensions": apq})
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert miss.headers["cache-control"] == "private, no-store"
    await api.http.post("/graphql", json={"query": REGIONS, "extensions": json.loads(apq)})
    hit = await api.http.get("/graphql", params={"extensions": apq})
    assert hit.json()["data"]["regions"]["nodes"]
    assert hit.headers["cache-control"] == "public, max-age=60"


async def test_credentials_errors_and_protected_fields_are_never_stored(
    api: Api, auth: Auth
) -> None:
    with_token = await api.http.get("/graphql", params={"query": REGIONS}, headers=auth(PARTNER))
    assert with_token.status_code == 200
    assert with_token.headers["cache-control"] == "private, no-store"
    with_cookie = await api.http.get(
        "/graphql", params={"query": REGIONS}, headers={"cookie": "session=1"}
    )
    assert with_cookie.headers["cache-control"] == "private, no-store"
    protected = await api.http.get(
        "/graphql", params={"query": "{ groups(first: 3) { nodes { contact { name } } } }"}
    )
    assert protected.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert protected.headers["cache-control"] == "private, no-store"
    invalid = await api.http.get("/graphql", params={"query": "{ nope }"})
    assert invalid.headers["cache-control"] == "private, no-store"
    posted = await api.http.post("/graphql", json={"query": REGIONS})
    assert posted.headers["cache-control"] == "private, no-store"
    assert {"accept", "authorization"} <= vary(posted)


async def test_vary_names_origin_where_cors_is_on(make_api: ApiFactory) -> None:
    async with make_api(cors_origins=["https://app.example.org"]) as api:
        response = await api.http.get(
            "/graphql", params={"query": REGIONS}, headers={"origin": "https://app.example.org"}
        )
        assert response.headers["access-control-allow-origin"] == "https://app.example.org"
        assert {"accept", "authorization", "origin"} <= vary(response)
