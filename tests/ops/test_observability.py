"""Metrics at /metrics and one structured line per request (issue 15, deliverables 3 and 5)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.access_tokens import TokenKeys


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def _metrics(
    client: httpx.AsyncClient,
) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return _samples(response.text)


async def test_requests_are_counted_by_operation_status_and_code(
    client: httpx.AsyncClient,
) -> None:
    ok = (
        "shg_requests_total",
        (("code", ""), ("operation", "MetricsProbe"), ("status", "200")),
    )
    bad = (
        "shg_requests_total",
        (("code", "GRAPHQL_VALIDATION_FAILED"), ("operation", "MetricsBroken"), ("status", "200")),
    )
    before = await _metrics(client)
    query = "query MetricsProbe { topics(first: 2) { nodes { id } } }"
    for _ in range(3):
        assert (await client.post("/graphql", json={"query": query})).status_code == 200
    await client.post("/graphql", json={"query": "query MetricsBroken { nope }"})
    after = await _metrics(client)
    assert after[ok] - before.get(ok, 0) == 3
    assert after.get(bad, 0) - before.get(bad, 0) == 1
    count = ("shg_request_duration_seconds_count", (("operation", "MetricsProbe"),))
    assert after[count] - before.get(count, 0) == 3
    statements = ("shg_sql_statements_per_request_sum", ())
    assert after[statements] - before.get(statements, 0) >= 3  # a topics page reads the registry
    assert ("shg_requests_in_flight", ()) in after


async def test_an_operation_name_that_is_not_a_name_is_not_a_label(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/graphql", json={"query": "{ __typename }", "operationName": "x y <script>"})
    text = (await client.get("/metrics")).text
    assert "<script>" not in text


async def test_one_line_per_request_without_token_or_query(
    client: httpx.AsyncClient, token_keys: TokenKeys, caplog: pytest.LogCaptureFixture
) -> None:
    token = token_keys.mint({"scope": "contacts:read", "sub": "Klinik Beispiel"})
    secret_text = "Zuckerkrankheit-geheim"
    query = f'query LogProbe {{ topics(search: "{secret_text}", first: 1) {{ nodes {{ id }} }} }}'
    with caplog.at_level(logging.INFO, logger="graph.request"):
        response = await client.post(
            "/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"}
        )
    lines = [r for r in caplog.records if r.name == "graph.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line.operation == "LogProbe"  # type: ignore[attr-defined]
    assert line.caller_kind == "partner"  # type: ignore[attr-defined]
    assert line.status == response.status_code  # type: ignore[attr-defined]
    assert line.sql_statements >= 2  # type: ignore[attr-defined]  # revocation + the page
    assert line.duration_ms > 0  # type: ignore[attr-defined]
    everything = json.dumps({k: str(v) for k, v in vars(line).items()})
    for never in (token, secret_text, "Klinik Beispiel"):
        assert never not in everything


def test_production_lines_are_json_with_the_request_id() -> None:
    script = """
import logging, structlog
from graph.settings import Settings
from graph import logs
logs.configure(Settings(environment="production", token_secret="x" * 48, regions=[]))
structlog.contextvars.bind_contextvars(request_id="r-1")
logging.getLogger("graph.federation").warning("region %s unavailable: %s", "DE-NW", "timeout")
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("graph.errors").exception("request r-1: boom")
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    lines = [json.loads(line) for line in out.stderr.strip().splitlines()]
    assert lines[0]["event"] == "region DE-NW unavailable: timeout"
    assert lines[0]["request_id"] == "r-1" and lines[0]["level"] == "warning"
    assert lines[1]["exception"][0]["exc_type"] == "ZeroDivisionError"  # one JSON line
    assert len(lines) == 2
