"""Fixtures for the operations tests: the test PostgreSQL behind a proxy that can fail."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import make_url

from tests.conftest import POSTGRES_SCHEMA, POSTGRES_URL
from tests.ops.faulty_proxy import FaultyProxy


@pytest.fixture
async def postgres_proxy(settings: Any) -> AsyncIterator[FaultyProxy]:
    """The shared PostgreSQL registry (its schema migrated and filled) behind a FaultyProxy."""
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("the PostgreSQL faults need the postgresql backend (run on its param)")
    url = make_url(POSTGRES_URL)
    proxy = FaultyProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    yield proxy
    await proxy.close()


def through(proxy: FaultyProxy) -> str:
    return (
        make_url(POSTGRES_URL)
        .set(host="127.0.0.1", port=proxy.port)
        .render_as_string(hide_password=False)
    )


ApiFactory = Callable[..., Any]


@pytest.fixture
def api_over(settings: Any) -> ApiFactory:
    """An app over the proxied registry with settings of the test's own, and its client."""

    @asynccontextmanager
    async def make(proxy: FaultyProxy, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        from graph.app import create_app

        own = settings.model_copy(
            update={
                "database_url": through(proxy),
                "database_schema": POSTGRES_SCHEMA,
                "migrate_on_start": False,  # the shared schema is migrated: only checked
                **overrides,
            }
        )
        app = create_app(own)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://ops") as http:
                http.app = app  # type: ignore[attr-defined]
                yield http

    return make
