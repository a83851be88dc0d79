"""Rate limits: per client address and per token, 429 with Retry-After; shared through Redis."""

from __future__ import annotations

import httpx
import pytest

from tests.attack.conftest import PARTNER, ApiFactory, Auth

QUERY = "{ __typename }"


async def test_anonymous_callers_are_limited_per_address(make_api: ApiFactory) -> None:
    async with make_api(rate_limits=True, rate_limit_anonymous="3/minute") as api:
        for _ in range(3):
            assert (await api.post(QUERY)).status_code == 200
        response = await api.post(QUERY)
        assert response.status_code == 429
        retry = int(response.headers["retry-after"])
        assert 0 < retry <= 60
        error = response.json()["errors"][0]
        assert error["extensions"] == {
            "code": "RATE_LIMITED",
            "retryAfter": retry,
            "requestId": response.headers["x-request-id"],
        }
        assert response.json()["data"] is None


async def test_other_addresses_and_tokens_have_their_own_counters(
    make_api: ApiFactory, auth: Auth
) -> None:
    settings = {
        "rate_limits": True,
        "rate_limit_anonymous": "2/minute",
        "rate_limit_authenticated": "4/minute",
    }
    async with make_api(client=("198.51.100.1", 1), **settings) as api:
        for _ in range(2):
            assert (await api.post(QUERY)).status_code == 200
        assert (await api.post(QUERY)).status_code == 429
        # the partner's token, from the same address, counts on its own, with its own limit
        partner = auth(PARTNER)
        for _ in range(4):
            assert (await api.post(QUERY, headers=partner)).status_code == 200
        assert (await api.post(QUERY, headers=partner)).status_code == 429
        # another address is not affected
        transport = httpx.ASGITransport(app=api.app, client=("198.51.100.2", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as h:
            assert (await h.post("/graphql", json={"query": QUERY})).status_code == 200


async def test_replicas_share_counters_through_redis(
    make_api: ApiFactory, redis_url: str, redis_prefix: str
) -> None:
    settings = {
        "rate_limits": True,
        "rate_limit_anonymous": "3/minute",
        "redis_url": redis_url,
        "redis_prefix": redis_prefix,
    }
    async with make_api(**settings) as one, make_api(**settings) as two:
        assert (await one.post(QUERY)).status_code == 200
        assert (await two.post(QUERY)).status_code == 200
        assert (await one.post(QUERY)).status_code == 200
        response = await two.post(QUERY)
        assert response.status_code == 429
        assert int(response.headers["retry-after"]) > 0


async def test_an_unreachable_redis_falls_back_to_counting_in_the_process(
    make_api: ApiFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # nothing listens on this port of the suite's own range
    settings = {
        "rate_limits": True,
        "rate_limit_anonymous": "2/minute",
        "redis_url": "redis://127.0.0.1:18601/0",
    }
    async with make_api(**settings) as api:
        assert (await api.post(QUERY)).status_code == 200
        assert (await api.post(QUERY)).status_code == 200
        assert (await api.post(QUERY)).status_code == 429
        assert "rate limit store unavailable" in caplog.text
