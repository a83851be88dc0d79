"""Apps with the default hardening settings, callers with real tokens, SQL counting."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import strawberry
from redis.asyncio import Redis
from sqlalchemy import event
from starlette.applications import Starlette

from graph.app import create_app
from graph.settings import Settings
from tests.access_tokens import TokenKeys

REDIS_URL = os.environ.get("SHG_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REQUIRE_REDIS = os.environ.get("SHG_TEST_REQUIRE_REDIS") == "1"


@dataclass(frozen=True)
class TestCaller:
    """A partner the attack tests call as, with a real signed token."""

    __test__ = False
    subject: str
    claims: dict[str, Any] = field(default_factory=dict)


PARTNER = TestCaller(subject="klinik-nord")
FRUGAL = TestCaller(subject="kleiner-partner", claims={"cost_budget": 50})

Auth = Callable[[TestCaller], dict[str, str]]


@pytest.fixture
def auth(token_keys: TokenKeys) -> Auth:
    """Headers that authenticate as the given caller (HS256, the suite's test secret)."""

    def headers(caller: TestCaller) -> dict[str, str]:
        token = token_keys.mint({"sub": caller.subject, **caller.claims})
        return {"authorization": f"Bearer {token}"}

    return headers


@dataclass
class Api:
    """An HTTP client on one app, counting the SQL that app's registry ran."""

    http: httpx.AsyncClient
    app: Starlette
    statements: list[str]

    async def post(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        return await self.http.post("/graphql", json={"query": query, "variables": variables}, **kw)

    async def body(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        response = await self.post(query, variables, **kw)
        assert response.status_code == 200, response.text
        return response.json()


def hardened_settings(settings: Settings, **overrides: Any) -> Settings:
    """The registry of the suite's settings, every hardening setting at its default."""
    base = {
        "database_url": settings.database_url,
        "database_schema": settings.database_schema,
        "demo_data": True,
        "demo_scale": settings.demo_scale,
        "rate_limits": False,
        "regions": settings.regions,
        "token_secret": settings.token_secret,
        "token_public_keys": settings.token_public_keys,
        "token_jwks_file": settings.token_jwks_file,
    }
    return Settings(**{**base, **overrides})


ApiFactory = Callable[..., AbstractAsyncContextManager[Api]]


@pytest.fixture
def make_api(settings: Settings) -> ApiFactory:
    @asynccontextmanager
    async def make(
        schema: strawberry.Schema | None = None,
        client: tuple[str, int] = ("203.0.113.7", 50000),
        **overrides: Any,
    ) -> AsyncIterator[Api]:
        app = create_app(hardened_settings(settings, **overrides), schema=schema)
        async with app.router.lifespan_context(app):
            statements: list[str] = []
            engine = app.state.engine.sync_engine

            def record(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
                statements.append(statement)

            event.listen(engine, "before_cursor_execute", record)
            transport = httpx.ASGITransport(app=app, client=client)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as h:
                yield Api(h, app, statements)
            event.remove(engine, "before_cursor_execute", record)

    return make


@pytest.fixture
async def api(make_api: ApiFactory) -> AsyncIterator[Api]:
    """The production app with default limits, rate limits off."""
    async with make_api(environment="production") as client:
        yield client


def refused(body: dict[str, Any], *limits: str) -> dict[str, Any]:
    """The response was refused with one error per limit passed, and had no data."""
    assert body.get("data") is None, body
    errors = body["errors"]
    assert [e["extensions"].get("limit") for e in errors] == list(limits), errors
    return dict(errors[0])


@pytest.fixture(scope="session")
def redis_url() -> str:
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        if REQUIRE_REDIS:
            pytest.fail(f"Redis is required but not reachable at {REDIS_URL}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    """A key prefix of this test alone, so parallel runs never share counters; its keys are
    removed afterwards."""
    prefix = f"shg-test-{uuid.uuid4().hex}"
    yield prefix
    client = Redis.from_url(redis_url)
    keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()
