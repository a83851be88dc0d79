"""OpenTelemetry (issue 15, deliverable 4): one request, one trace, with spans for the GraphQL
operation, its SQL statements and its region calls (and their HTTP requests), carrying the
request id. Checked with the SDK's in-memory exporter."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from graph import tracing
from graph.app import create_app
from graph.settings import Settings
from tests.regions.conftest import NrwService

QUERY = """query Traced { groups(region: "DE-NW", first: 3) { nodes { id name } }
  topics(first: 2) { nodes { id } } }"""


@pytest.fixture
async def traced(
    federated_settings: Settings, nrw: NrwService
) -> AsyncIterator[tuple[httpx.AsyncClient, InMemorySpanExporter]]:
    nrw_only = [r for r in federated_settings.regions if r.code == "DE-NW"]
    exporter = InMemorySpanExporter()
    app = create_app(federated_settings.model_copy(update={"regions": nrw_only}), None, exporter)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://traced") as http:
                yield http, exporter
    finally:
        tracing.setup(federated_settings)  # tracing off again for the tests after this one


async def test_one_request_is_one_trace_with_its_sql_and_region_calls(
    traced: tuple[httpx.AsyncClient, InMemorySpanExporter],
) -> None:
    http, exporter = traced
    exporter.clear()
    response = await http.post("/graphql", json={"query": QUERY})
    assert response.status_code == 200 and "errors" not in response.json()
    spans = exporter.get_finished_spans()
    assert len({s.context.trace_id for s in spans}) == 1  # one trace
    by_id = {s.context.span_id: s for s in spans}
    (server,) = [s for s in spans if s.kind is SpanKind.SERVER]
    assert server.attributes[tracing.REQUEST_ID] == response.headers["x-request-id"]
    (operation,) = [s for s in spans if s.name == "graphql Traced"]
    assert operation.attributes[tracing.REQUEST_ID] == response.headers["x-request-id"]
    assert operation.parent.span_id == server.context.span_id

    def under(span: object, ancestor: object) -> bool:
        while span.parent is not None:  # type: ignore[attr-defined]
            span = by_id[span.parent.span_id]  # type: ignore[attr-defined]
            if span is ancestor:
                return True
        return False

    sql = [s for s in spans if s.kind is SpanKind.CLIENT and "db.system" in str(s.attributes)]
    sql = sql or [s for s in spans if any(k.startswith("db.") for k in s.attributes or {})]
    assert sql and all(under(s, operation) for s in sql)
    (region,) = [s for s in spans if s.name == "region DE-NW"]
    assert under(region, operation)
    http_calls = [s for s in spans if s.kind is SpanKind.CLIENT and under(s, region)]
    assert http_calls, [s.name for s in spans]
    for s in spans:  # nothing of the query's values in any attribute
        assert "Traced {" not in str(s.attributes)
