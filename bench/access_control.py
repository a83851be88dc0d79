"""Benchmark: the 100-group page with contacts, anonymous vs entitled (permissions + audit).

    .venv/bin/python -m bench.access_control [--runs 200] [--database-url URL] [--schema S]

(from the repository root). Measures the national registry alone (no region source; a demo
registry in a temporary SQLite file unless --database-url names another). Runs everything in
one process over the ASGI app (httpx, no network), interleaving the cases so drift hits them
alike, and prints median/p90 per request and the ratio to the anonymous baseline of the run.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
from sqlalchemy import text

import graph.access.report as report
from bench.common import REGISTRY_ALONE, header, registry_settings
from graph.app import create_app
from regions.sources.engine import create_engine

QUERY = """
{ groups(first: 100) { nodes {
    id name contactMode contactAccess contact { name phone email } meetingLink } } }
"""
PUBLIC = "{ groups(first: 100) { nodes { id name contactMode } } }"


def token(secret: str, **claims: Any) -> str:
    now = datetime.now(UTC)
    payload = {
        "iss": "selbsthilfe-graph",
        "aud": "selbsthilfe-graph",
        "sub": "Benchmark",
        "jti": uuid.uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=2)).timestamp()),
        **claims,
    }
    return jwt.encode(payload, secret, algorithm="HS256")


async def timed(call: Callable[[], Awaitable[httpx.Response]]) -> float:
    started = time.perf_counter()
    response = await call()
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    return elapsed * 1000


async def main(runs: int, database_url: str | None, schema: str | None) -> None:
    header("bench.access_control", REGISTRY_ALONE)
    tmp = Path(tempfile.mkdtemp(prefix="shg-bench-"))
    settings = registry_settings(tmp, database_schema=schema)
    if database_url:
        settings = settings.model_copy(update={"database_url": database_url})
    assert settings.token_secret is not None
    secret = settings.token_secret.get_secret_value()
    if schema and settings.database_url.startswith("postgres"):
        engine = create_engine(settings.database_url)
        async with engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        await engine.dispose()
    app = create_app(settings)
    partner = token(secret, kind="partner", scope="contacts:read", purpose="referral")
    staff = token(
        secret, kind="national_staff", scope="contacts:read rare:contact", purpose="administration"
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

            def post(query: str, bearer: str | None = None) -> Callable[[], Awaitable[Any]]:
                headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
                return lambda: http.post("/graphql", json={"query": query}, headers=headers)

            original = report.record_disclosures

            async def no_audit(*_args: Any) -> None:
                return None

            cases: dict[str, Callable[[], Awaitable[Any]]] = {
                "public fields only (anonymous)": post(PUBLIC),
                "with contacts, anonymous (baseline)": post(QUERY),
                "with contacts, partner, audit skipped": post(QUERY, partner),
                "with contacts, partner (permissions + audit)": post(QUERY, partner),
                "with contacts, national staff (all granted + audit)": post(QUERY, staff),
            }
            times: dict[str, list[float]] = {name: [] for name in cases}
            for i in range(runs + 20):
                for name, call in cases.items():
                    report.record_disclosures = no_audit if "skipped" in name else original
                    elapsed = await timed(call)
                    if i >= 20:
                        times[name].append(elapsed)
            report.record_disclosures = original
            body = (await post(QUERY, partner)()).json()
            shown = sum(1 for n in body["data"]["groups"]["nodes"] if n["contact"])
    base = statistics.median(times["with contacts, anonymous (baseline)"])
    backend = "PostgreSQL" if settings.database_url.startswith("postgres") else "SQLite"
    print(f"{backend}, {runs} runs per case; a partner sees {shown} of 100 contacts")
    print(f"{'case':55} {'median ms':>9} {'p90 ms':>8} {'ratio':>6}")
    for name, values in times.items():
        values.sort()
        median = statistics.median(values)
        p90 = values[max(0, math.ceil(len(values) * 0.9) - 1)]
        print(f"{name:55} {median:9.2f} {p90:8.2f} {median / base:6.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--schema", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.database_url, args.schema))
