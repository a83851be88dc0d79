"""The ASGI application: /graphql (with GraphiQL in development), /healthz, /readyz, and the
open data under /hsds/ (graph/hsds/)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import strawberry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route

from regions.registry import delivery
from regions.registry.bootstrap import prepare
from regions.sources.config import Sources
from regions.sources.engine import create_engine

from .auth.middleware import Authenticate
from .hardening.guard import Guard
from .hardening.http import RequestRules
from .hardening.identity import Identify
from .hardening.refusals import Refusals
from .hardening.view import HardenedView
from .health import healthz, readyz
from .hsds.routes import routes as hsds_routes
from .schema import build_schema
from .settings import Settings, get_settings


def create_app(
    settings: Settings | None = None, schema: strawberry.Schema | None = None
) -> Starlette:
    """`schema` serves another schema instead of build_schema() (tests only)."""
    settings = settings or get_settings()
    guard = Guard(settings)
    refusals = Refusals(guard)

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
        deliverer = None
        if settings.outbox_interval > 0 and len(sources):
            deliverer = asyncio.create_task(
                delivery.run(engine, sources, settings.outbox_interval, settings.outbox_backoff)
            )
        app.state.deliverer = deliverer
        try:
            yield
        finally:
            if deliverer is not None:
                deliverer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await deliverer
            await guard.aclose()
            await sources.close()
            await engine.dispose()

    view = HardenedView(
        schema or build_schema(settings.max_batch),
        graphql_ide="graphiql",  # in production only for authenticated callers
        allow_queries_via_get=True,
        guard=guard,
    )
    # Outermost first: every request gets its id and client address (Identify) before any
    # refusal, so each refusal is counted against the right address and quotes the id; the
    # body rules and the token check come before GraphQL, each refusal a counted JSON answer.
    graphql = RequestRules(
        Authenticate(view, settings, refusals), settings.max_body_bytes, refusals
    )
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *hsds_routes(guard),
        ],
        lifespan=lifespan,
        middleware=[
            Middleware(Identify, trusted_proxies=settings.trusted_proxies),
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "x-request-id", "idempotency-key"],
                expose_headers=["x-request-id", "retry-after"],
                max_age=600,
            ),
        ],
    )
