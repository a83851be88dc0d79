"""Shared fixtures: the registry on SQLite and on PostgreSQL, the app, an HTTP client."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import event, make_url, text

from tests.isolation import assert_unchanged, fingerprint

if TYPE_CHECKING:  # the app and its settings load only when an integration test asks for them,
    from starlette.applications import Starlette  # so tests/unit starts fast

    from graph.settings import Settings
    from tests.access_tokens import TokenKeys

POSTGRES_URL = os.environ.get(
    "SHG_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
POSTGRES_SCHEMA = os.environ.get("SHG_TEST_POSTGRES_SCHEMA", "shg_test")
REQUIRE_POSTGRES = os.environ.get("SHG_TEST_REQUIRE_POSTGRES") == "1"


PRIVATE_SCALE = 0.1  # a private PostgreSQL registry is built, not copied: small and quick


def _engine(url: str, schema: str | None = None) -> Any:
    from regions.sources.engine import create_engine

    return create_engine(url, schema)


async def _postgres_reachable() -> bool:
    engine = _engine(POSTGRES_URL)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        await engine.dispose()


async def _fresh_postgres_schema() -> None:
    """The run's schema, empty; private schemas a killed run left behind are dropped too."""
    engine = _engine(POSTGRES_URL)
    async with engine.begin() as conn:
        pattern = POSTGRES_SCHEMA.replace("_", r"\_") + r"\_own\_%"
        query = text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p")
        leftovers = (await conn.execute(query, {"p": pattern})).scalars().all()
        for name in [POSTGRES_SCHEMA, *leftovers]:
            await conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
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
    from tests.access_tokens import TokenKeys

    return TokenKeys.generate(tmp_path_factory.mktemp("token-keys"))


@pytest.fixture(scope="session")
def registry_settings(database_url: str, token_keys: TokenKeys) -> Settings:
    from graph.settings import Settings

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
        outbox_interval=0,  # no deliverer task: statement counts stay exact; tests deliver
    )


@pytest.fixture(scope="session")
async def shared_registry(registry_settings: Settings) -> AsyncIterator[None]:
    """The registry every read-only test shares: built once per backend, fingerprinted, and
    checked unchanged when the backend's tests are done (the run fails if a test wrote)."""
    from regions.registry.bootstrap import prepare

    s = registry_settings
    engine = _engine(s.database_url, s.database_schema)
    try:
        await prepare(engine, demo=True, scale=s.demo_scale, seed=s.demo_seed)
        before = await fingerprint(engine)
        yield
        await assert_unchanged("registry", engine, before)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def settings(registry_settings: Settings, shared_registry: None) -> Settings:
    """Settings of the shared registry; every app made from them is guarded."""
    return registry_settings


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    from graph.app import create_app

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


@dataclass
class PrivateRegistry:
    """A registry of one test's own, with its app: write to it freely."""

    settings: Settings
    app: Starlette
    gql: Gql
    db: Db

    @property
    def engine(self) -> Any:
        return self.app.state.engine


def _copy_sqlite(url: str, target: Path) -> str:
    """A consistent copy of a SQLite registry (its WAL included), through SQLite's backup."""
    source = make_url(url).database
    assert source is not None
    from regions.sources.private_files import private_sqlite_file

    private_sqlite_file(target)  # personal data, like the shared registry: 0600
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
async def private_registry(
    backend: str, settings: Settings, tmp_path: Path
) -> AsyncIterator[PrivateRegistry]:
    """For tests that write. SQLite: a copy of the shared registry (the same data) in tmp;
    PostgreSQL: a schema of its own, migrated and filled at demo scale 0.1, dropped after."""
    async with open_private_registry(backend, settings, tmp_path) as registry:
        yield registry


@asynccontextmanager
async def open_private_registry(
    backend: str, settings: Settings, tmp_path: Path
) -> AsyncIterator[PrivateRegistry]:
    """`private_registry` for settings of a test's own (e.g. with region sources)."""
    from graph.app import create_app

    if backend == "sqlite":
        url = _copy_sqlite(settings.database_url, tmp_path / "private.db")
        own = settings.model_copy(update={"database_url": url})
    else:
        schema = f"{POSTGRES_SCHEMA}_own_{uuid.uuid4().hex[:8]}"
        engine = _engine(POSTGRES_URL)
        async with engine.begin() as conn:
            await conn.execute(text(f"CREATE SCHEMA {schema}"))
        own = settings.model_copy(update={"database_schema": schema, "demo_scale": PRIVATE_SCALE})
    application = create_app(own)
    try:
        async with application.router.lifespan_context(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://private") as http:
                yield PrivateRegistry(own, application, Gql(http), Db(application))
    finally:
        if backend != "sqlite":
            async with engine.begin() as conn:
                await conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            await engine.dispose()
