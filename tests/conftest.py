"""Shared fixtures: the registry on SQLite and on PostgreSQL, the app, an HTTP client."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from starlette.applications import Starlette

from graph.app import create_app
from graph.settings import Settings
from regions.sources.engine import create_engine
from tests.access_tokens import TokenKeys

POSTGRES_URL = os.environ.get(
    "SHG_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
POSTGRES_SCHEMA = os.environ.get("SHG_TEST_POSTGRES_SCHEMA", "shg_test")
REQUIRE_POSTGRES = os.environ.get("SHG_TEST_REQUIRE_POSTGRES") == "1"


async def _postgres_reachable() -> bool:
    engine = create_engine(POSTGRES_URL)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        await engine.dispose()


async def _fresh_postgres_schema() -> None:
    engine = create_engine(POSTGRES_URL)
    async with engine.begin() as conn:
        await conn.execute(text(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE"))
        await conn.execute(text(f"CREATE SCHEMA {POSTGRES_SCHEMA}"))
    await engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend == "sqlite":
        path: Path = tmp_path_factory.mktemp("registry") / "national.db"
        return f"sqlite+aiosqlite:///{path}"
    if not asyncio.run(_postgres_reachable()):
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required but not reachable at {POSTGRES_URL}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    asyncio.run(_fresh_postgres_schema())
    return POSTGRES_URL


@pytest.fixture(scope="session")
def token_keys(tmp_path_factory: pytest.TempPathFactory) -> TokenKeys:
    return TokenKeys.generate(tmp_path_factory.mktemp("token-keys"))


@pytest.fixture(scope="session")
def settings(database_url: str, token_keys: TokenKeys) -> Settings:
    return Settings(
        environment="development",
        database_url=database_url,
        database_schema=POSTGRES_SCHEMA if database_url.startswith("postgresql") else None,
        demo_data=True,
        demo_scale=1.0,
        **token_keys.settings(),
        # functional tests run many, and large, queries from one address: the attack suite
        # (tests/attack) checks the default limits on apps of its own
        rate_limits=False,
        cost_budget_anonymous=1_000_000,
        regions=[],  # the national registry alone; tests/regions/ add the region sources
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@dataclass
class SqlLog:
    """Statements the registry's engine ran since the last reset."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()


@pytest.fixture
def sql(app: Starlette) -> Iterator[SqlLog]:
    log = SqlLog()
    engine = app.state.engine.sync_engine

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        log.statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield log
    event.remove(engine, "before_cursor_execute", record)


@dataclass
class Gql:
    """POST a GraphQL operation and return the decoded JSON body."""

    http: httpx.AsyncClient

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self(query, variables)
        assert "errors" not in body, body["errors"]
        return dict(body["data"])


@pytest.fixture
def gql(client: httpx.AsyncClient) -> Gql:
    return Gql(client)


def bad_input(body: dict[str, Any], argument: str) -> dict[str, Any]:
    """The one BAD_USER_INPUT error of a response, checked to name the argument."""
    errors = body.get("errors") or []
    assert len(errors) == 1, errors
    error = errors[0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["argument"] == argument, error
    assert argument in error["message"]
    return dict(error)


@dataclass
class Db:
    """Plain SQL against the registry, to check the API's answers independently."""

    app: Starlette

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.app.state.engine.connect() as conn:
            return (await conn.execute(text(sql), params)).scalar()

    async def column(self, sql: str, **params: Any) -> list[Any]:
        async with self.app.state.engine.connect() as conn:
            return list((await conn.execute(text(sql), params)).scalars())


@pytest.fixture
def db(app: Starlette) -> Db:
    return Db(app)
