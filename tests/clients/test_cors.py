"""The preflight a browser makes before Apollo Client's (and others') requests."""

from __future__ import annotations

from tests.attack.conftest import ApiFactory

ORIGIN = "https://app.example.org"
APOLLO = (
    "content-type, authorization, apollographql-client-name, apollographql-client-version, "
    "x-apollo-operation-name, apollo-require-preflight, accept, x-request-id, idempotency-key"
)


async def test_preflight_of_apollo_client_is_allowed(make_api: ApiFactory) -> None:
    async with make_api(cors_origins=[ORIGIN]) as api:
        preflight = await api.http.options(
            "/graphql",
            headers={
                "origin": ORIGIN,
                "access-control-request-method": "POST",
                "access-control-request-headers": APOLLO,
            },
        )
        assert preflight.status_code == 200, preflight.text
        assert preflight.headers["access-control-allow-origin"] == ORIGIN
        allowed = {
            h.strip().lower() for h in preflight.headers["access-control-allow-headers"].split(",")
        }
        assert {h.strip() for h in APOLLO.split(",")} <= allowed
        # and the request that follows
        response = await api.http.post(
            "/graphql",
            json={"query": "{ __typename }"},
            headers={
                "origin": ORIGIN,
                "apollographql-client-name": "web",
                "apollographql-client-version": "1.0",
            },
        )
        assert response.json() == {"data": {"__typename": "Query"}}
        assert response.headers["access-control-allow-origin"] == ORIGIN
        assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


async def test_preflight_from_another_origin_is_refused(make_api: ApiFactory) -> None:
    async with make_api(cors_origins=[ORIGIN]) as api:
        preflight = await api.http.options(
            "/graphql",
            headers={
                "origin": "https://evil.example.net",
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type",
            },
        )
        assert preflight.status_code == 400
        assert "access-control-allow-origin" not in preflight.headers
