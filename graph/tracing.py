"""OpenTelemetry traces, off unless configured (SHG_TRACING or SHG_OTEL_ENDPOINT): exported by
OTLP over HTTP. One request gives one trace: the server span (ASGI), a span for the GraphQL
operation, one per SQL statement (registry and SQL regions) and one per region call with its
HTTP requests below it; the server's request id is an attribute of the request's spans.

Nothing personal goes into a span: the operation's name, never its variables; SQL statements
with their parameters left out (the SQLAlchemy instrumentation records the statement text).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

_provider: TracerProvider | None = None
REQUEST_ID = "shg.request_id"


def enabled(settings: Any) -> bool:
    return bool(settings.tracing or settings.otel_endpoint)


def setup(settings: Any, exporter: SpanExporter | None = None) -> TracerProvider | None:
    """The process's tracer provider, or None when tracing is off. `exporter` (tests: the
    SDK's InMemorySpanExporter) replaces OTLP and exports each span at once."""
    global _provider
    if exporter is None and not enabled(settings):
        _provider = None  # the process's last app decides (one app per process outside tests)
        return None
    provider = TracerProvider(resource=Resource.create({"service.name": settings.otel_service}))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = settings.otel_endpoint
        otlp = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces" if endpoint else None)
        provider.add_span_processor(BatchSpanProcessor(otlp))
    _provider = provider
    return provider


def tracer() -> trace.Tracer:
    return trace.get_tracer("graph", tracer_provider=_provider) if _provider else _NOOP


_NOOP = trace.NoOpTracer()


def instrument_engine(provider: TracerProvider | None, engine: AsyncEngine) -> None:
    """A span per SQL statement of this engine."""
    if provider is None:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import get_meter

    usage = get_meter("graph").create_up_down_counter("db.client.connections.usage")
    EngineTracer(
        trace.get_tracer("sqlalchemy", tracer_provider=provider), engine.sync_engine, usage
    )


def instrument_sources(provider: TracerProvider | None, sources: Mapping[str, Any]) -> None:
    """The regions' SQL engines and HTTP clients."""
    if provider is None:
        return
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    for source in sources.values():
        engine = getattr(source, "engine", None)
        if isinstance(engine, AsyncEngine):
            instrument_engine(provider, engine)
        client = getattr(source, "_client", None)
        if client is not None:
            HTTPXClientInstrumentor.instrument_client(client, tracer_provider=provider)


def asgi_middleware(provider: TracerProvider | None) -> list[Any]:
    if provider is None:
        return []
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    from starlette.middleware import Middleware

    return [
        Middleware(
            OpenTelemetryMiddleware,  # type: ignore[arg-type]
            tracer_provider=provider,
            exclude_spans=["receive", "send"],
        )
    ]


def mark_request(request_id: str) -> None:
    """The request id on the server span (the current one when called from Observe)."""
    span = trace.get_current_span()
    if span.is_recording():
        span.set_attribute(REQUEST_ID, request_id)


@contextlib.contextmanager
def span(name: str, **attributes: Any) -> Iterator[Any]:
    with tracer().start_as_current_span(
        name, attributes={k: v for k, v in attributes.items() if v is not None}
    ) as current:
        yield current
