"""Dodging rate limits: X-Forwarded-For only from configured proxies; bad tokens are limited."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import jwt
import pytest

from regions.registry.store.access import revoke
from tests.attack.conftest import PARTNER, Api, ApiFactory, Auth
from tests.conftest import PrivateRegistry

QUERY = "{ __typename }"
PROXY = ("10.0.0.5", 40000)
LIMITED = {"rate_limits": True, "rate_limit_anonymous": "2/minute"}


async def post(api: Api, forwarded_for: str | None = None, **headers: str) -> httpx.Response:
    if forwarded_for is not None:
        headers["x-forwarded-for"] = forwarded_for
    return await api.http.post("/graphql", json={"query": QUERY}, headers=headers)


def assert_rate_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["requestId"] == response.headers["x-request-id"]
    assert int(response.headers["retry-after"]) > 0


@pytest.mark.parametrize("peer", [("203.0.113.7", 1), ("127.0.0.1", 1), ("::1", 1)])
async def test_forwarded_for_from_an_unconfigured_peer_is_ignored(
    make_api: ApiFactory, peer: tuple[str, int]
) -> None:
    # no proxy is trusted by default, loopback included: a new X-Forwarded-For per request
    # does not make a new client
    async with make_api(client=peer, **LIMITED) as api:
        assert (await post(api, "198.51.100.1")).status_code == 200
        assert (await post(api, "198.51.100.2")).status_code == 200
        assert_rate_limited(await post(api, "198.51.100.3"))
        assert_rate_limited(await post(api))


async def test_forwarded_for_from_a_peer_that_is_not_the_configured_proxy_is_ignored(
    make_api: ApiFactory,
) -> None:
    async with make_api(client=("10.9.9.9", 1), trusted_proxies=["10.0.0.5"], **LIMITED) as api:
        for i in range(2):
            assert (await post(api, f"198.51.100.{i}")).status_code == 200
        assert_rate_limited(await post(api, "198.51.100.7"))


async def test_forwarded_for_from_a_configured_proxy_names_the_client(
    make_api: ApiFactory,
) -> None:
    async with make_api(client=PROXY, trusted_proxies=["10.0.0.0/24"], **LIMITED) as api:
        for _ in range(2):
            assert (await post(api, "198.51.100.1")).status_code == 200
        assert_rate_limited(await post(api, "198.51.100.1"))
        # another client behind the same proxy has its own counter, and so has the proxy
        assert (await post(api, "198.51.100.2")).status_code == 200
        assert (await post(api)).status_code == 200


async def test_a_client_cannot_escape_by_prepending_addresses(make_api: ApiFactory) -> None:
    # the proxy appends the address it saw; what the client sent stands to the left of it
    async with make_api(client=PROXY, trusted_proxies=["10.0.0.5"], **LIMITED) as api:
        for i in range(2):
            assert (await post(api, f"192.0.2.{i}, 198.51.100.9")).status_code == 200
        assert_rate_limited(await post(api, "192.0.2.77, 198.51.100.9"))
        # a chain of trusted proxies is walked from the right to the first untrusted hop
    async with make_api(
        client=PROXY,
        trusted_proxies=["10.0.0.0/8"],
        rate_limits=True,
        rate_limit_anonymous="1/minute",
    ) as api:
        assert (await post(api, "192.0.2.1, 198.51.100.9, 10.1.1.1")).status_code == 200
        assert_rate_limited(await post(api, "192.0.2.2, 198.51.100.9:5555, 10.2.2.2"))


async def test_invalid_tokens_are_rate_limited_per_address(
    make_api: ApiFactory, auth: Auth
) -> None:
    async with make_api(rate_limits=True, rate_limit_anonymous="3/minute") as api:
        forged = auth(PARTNER)["authorization"] + "x"
        for bad in ("Bearer not-a-jwt", forged, "Basic dXNlcjpwdw=="):
            response = await post(api, authorization=bad)
            assert response.status_code == 401
            error = response.json()["errors"][0]
            assert error["extensions"]["code"] == "UNAUTHENTICATED"
            assert error["extensions"]["requestId"] == response.headers["x-request-id"]
        # the address's limit is used up: neither a guess nor an anonymous query gets through
        assert_rate_limited(await post(api, authorization="Bearer another-guess"))
        assert_rate_limited(await post(api))
        # a valid token is counted per token, not per address: it is still served
        assert (await post(api, **auth(PARTNER))).status_code == 200
        # another address is not affected
        transport = httpx.ASGITransport(app=api.app, client=("198.51.100.44", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
            response = await other.post(
                "/graphql", json={"query": QUERY}, headers={"authorization": "Bearer x"}
            )
            assert response.status_code == 401


async def test_a_revoked_token_is_limited_like_any_bad_one(
    make_api: ApiFactory, auth: Auth, private_registry: PrivateRegistry
) -> None:
    own = private_registry.settings  # revoking writes: a registry of the test's own
    async with make_api(
        rate_limits=True,
        rate_limit_anonymous="2/minute",
        database_url=own.database_url,
        database_schema=own.database_schema,
    ) as api:
        headers = auth(PARTNER)
        jti = jwt.decode(headers["authorization"][7:], options={"verify_signature": False})["jti"]
        await revoke(api.app.state.engine, jti, datetime.now(UTC), "test")
        for _ in range(2):
            assert (await post(api, **headers)).status_code == 401
        assert_rate_limited(await post(api, **headers))


async def test_bad_tokens_behind_a_proxy_count_per_forwarded_client(make_api: ApiFactory) -> None:
    settings = {"rate_limits": True, "rate_limit_anonymous": "1/minute"}
    async with make_api(client=PROXY, trusted_proxies=["10.0.0.5"], **settings) as api:
        assert (await post(api, "198.51.100.1", authorization="Bearer x")).status_code == 401
        assert_rate_limited(await post(api, "198.51.100.1", authorization="Bearer x"))
        assert (await post(api, "198.51.100.2", authorization="Bearer x")).status_code == 401


async def test_refused_media_types_and_sizes_count_too(make_api: ApiFactory) -> None:
    async with make_api(rate_limits=True, rate_limit_anonymous="2/minute") as api:
        form = {"content-type": "application/x-www-form-urlencoded"}
        response = await api.http.post("/graphql", content="query=x", headers=form)
        assert response.status_code == 415
        assert (
            response.json()["errors"][0]["extensions"]["requestId"]
            == response.headers["x-request-id"]
        )
        big = b'{"query": "' + b" " * 70_000 + b'"}'
        json = {"content-type": "application/json"}
        assert (await api.http.post("/graphql", content=big, headers=json)).status_code == 413
        assert_rate_limited(await post(api))


async def test_ipv6_clients_cannot_rotate_through_their_network(make_api: ApiFactory) -> None:
    # one subscriber's /64 is one client: a new address from it is not a new counter
    async with make_api(client=PROXY, trusted_proxies=["10.0.0.5"], **LIMITED) as api:
        assert (await post(api, "2001:db8:1:2::1")).status_code == 200
        assert (await post(api, "2001:db8:1:2:ffff:ffff:ffff:ffff")).status_code == 200
        assert_rate_limited(await post(api, "2001:db8:1:2:abcd::9"))
        assert (await post(api, "2001:db8:1:3::1")).status_code == 200  # the next /64
