"""The ASGI application: /graphql (with GraphiQL in development), /healthz, /readyz, and the
open data under /hsds/ (graph/hsds/)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import strawberry
from opentelemetry.sdk.trace.export import SpanExporter
from sqlalchemy import event
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route

from regions.registry import contact_delivery, delivery
from regions.registry.mail import MailSettings
from regions.sources.config import Sources
from regions.sources.engine import create_engine

from . import graphiql, tracing
from .auth.middleware import Authenticate
from .cache.front import CacheFront
from .cache.response import ResponseCache
from .hardening.caching import CacheHeaders
from .hardening.deadline import Deadline
from .hardening.guard import Guard
from .hardening.http import RequestRules
from .hardening.identity import Identify
from .hardening.refusals import Refusals
from .hardening.shedding import Shedder
from .hardening.view import HardenedView
from .health import healthz, readyz
from .hsds.routes import routes as hsds_routes
from .metrics import metrics
from .observe import Observe, count_statement
from .schema import build_schema
from .settings import Settings, get_settings
from .startup import ReadyGate, keep_trying, make_ready, waiting

log = logging.getLogger("graph.app")

# What browsers' GraphQL clients send: fetch's own (accept, content-type), a token, request
# and idempotency ids, Apollo Client's client awareness and CSRF-prevention headers, and the
# persisted-query/operation names Apollo and Relay tooling add.
CORS_REQUEST_HEADERS = [
    "accept",
    "authorization",
    "content-type",
    "idempotency-key",
    "x-request-id",
    "apollographql-client-name",
    "apollographql-client-version",
    "apollo-require-preflight",
    "x-apollo-operation-name",
    "x-apollo-operation-id",
    "graphql-client-name",
    "graphql-client-version",
]


def create_app(
    settings: Settings | None = None,
    schema: strawberry.Schema | None = None,
    span_exporter: SpanExporter | None = None,
) -> Starlette:
    """`schema` serves another schema instead of build_schema(), `span_exporter` takes the
    spans instead of OTLP (tests only)."""
    settings = settings or get_settings()
    provider = tracing.setup(settings, span_exporter)
    guard = Guard(settings)
    refusals = Refusals(guard)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        sources = Sources(
            settings.regions, settings.region_candidate_limit
        )  # a broken region entry fails before migrating
        engine = create_engine(
            settings.database_url,
            settings.database_schema,
            connect_timeout=settings.database_connect_timeout,
            statement_timeout=settings.database_statement_timeout,
        )
        event.listen(engine.sync_engine, "before_cursor_execute", count_statement)
        tracing.instrument_engine(provider, engine)
        app.state.settings = settings
        app.state.engine = engine
        app.state.sources = sources
        app.state.ready = False
        app.state.deliverer = None

        async def on_ready() -> None:
            app.state.ready = True
            if settings.outbox_interval > 0 and (len(sources) or settings.smtp_host):
                mail = MailSettings.of(settings)

                async def mail_pass() -> None:
                    await contact_delivery.deliver_once(
                        engine, sources, mail, base=settings.outbox_backoff
                    )

                app.state.deliverer = asyncio.create_task(
                    delivery.run(
                        engine,
                        sources,
                        settings.outbox_interval,
                        settings.outbox_backoff,
                        also=[mail_pass],
                    )
                )

        retrying = None
        try:
            await make_ready(settings)
        except Exception as error:
            if not waiting(error):
                raise
            log.warning("registry not ready at start (%s); serving 503 and retrying", error)
            retrying = asyncio.create_task(keep_trying(settings, on_ready))
        await sources.start(settings.demo_seed, settings.demo_scale, settings.demo_data)
        tracing.instrument_sources(provider, sources)
        if retrying is None:
            await on_ready()
        try:
            yield
        finally:
            for task in (retrying, app.state.deliverer):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            await guard.aclose()
            await sources.close()
            await engine.dispose()

    response_cache = ResponseCache.from_settings(settings, guard.redis)
    view = HardenedView(
        schema or build_schema(settings.max_batch),
        graphql_ide="graphiql",  # in production only for authenticated callers
        allow_queries_via_get=True,
        guard=guard,
        # after the token, body, rate-limit and persisted-query checks, inside Observe
        response_cache=response_cache,
    )
    # Outermost first: every request gets its id and client address (Identify) before any
    # refusal, so each refusal is counted against the right address and quotes the id; the
    # body rules and the token check come before GraphQL, each refusal a counted JSON answer.
    shedder = Shedder(
        Deadline(
            ReadyGate(
                RequestRules(
                    Authenticate(CacheFront(view, response_cache, guard), settings, refusals),
                    settings.max_body_bytes,
                    refusals,
                )
            ),
            settings.request_timeout,
        ),
        settings.max_in_flight,
        settings.max_queue_wait,
    )
    graphql = Observe(CacheHeaders(shedder))
    application = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/graphiql/{name}", graphiql.asset, methods=["GET"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            *hsds_routes(guard),
        ],
        lifespan=lifespan,
        middleware=[
            *tracing.asgi_middleware(provider),
            Middleware(Identify, trusted_proxies=settings.trusted_proxies),
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=CORS_REQUEST_HEADERS,
                expose_headers=["x-request-id", "retry-after"],
                max_age=600,
            ),
        ],
    )
    application.state.shedder = shedder
    application.state.response_cache = response_cache
    return application
