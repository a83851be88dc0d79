"""The ASGI application: /graphql (with GraphiQL in development), /healthz, /readyz."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route

from regions.national.bootstrap import prepare
from regions.national.db import create_engine
from regions.registry import Sources

from .health import healthz, readyz
from .schema import build_schema
from .settings import Settings, get_settings
from .view import GraphQLView


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url, settings.database_schema)
        await prepare(
            engine, demo=settings.demo_data, scale=settings.demo_scale, seed=settings.demo_seed
        )
        sources = Sources(settings.regions)
        await sources.start(settings.demo_seed, settings.demo_scale, settings.demo_data)
        app.state.settings = settings
        app.state.engine = engine
        app.state.sources = sources
        try:
            yield
        finally:
            await sources.close()
            await engine.dispose()

    view = GraphQLView(
        build_schema(),
        graphql_ide="graphiql" if settings.development else None,
        allow_queries_via_get=True,
    )
    return Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        lifespan=lifespan,
    )
