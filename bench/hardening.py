"""Added time per request of every hardening check, as a ratio to the same app without them.

Run from the repository root:
    .venv/bin/python -m bench.hardening [--rounds 15] [--requests 200] [--redis redis://...]
Measures the national registry alone (no region source): every app serves the same registry
(a temporary SQLite file with the demo data) in the same process; requests alternate between
them one by one, and the medians of the rounds are compared.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.extensions import ParserCache, ValidationCache

from bench.common import REGISTRY_ALONE, header, registry_settings
from graph.app import create_app
from graph.masking import MaskInternalErrors
from graph.schema import build_schema
from graph.view import GraphQLView

QUERIES = {
    "small": '{ region(code: "DE-BY") { code name } }',
    "page of 20 groups": """{ groups(region: "DE-NW", first: 20) { totalCount nodes {
      id name reach meeting { note } topics { name }
      contactPoint { name officePhone officeHours { weekday opens closes } } }
      pageInfo { hasNextPage endCursor } } }""",
}


def baseline(app: Starlette) -> Starlette:
    """The foundation's endpoint: same schema and view, none of the hardening checks."""
    schema = build_schema()
    schema.extensions = (ParserCache, ValidationCache, MaskInternalErrors)  # the foundation's
    view = GraphQLView(schema, graphql_ide=None, allow_queries_via_get=True)
    bare = Starlette(routes=[Route("/graphql", view, methods=["GET", "POST"])])
    bare.state.settings = app.state.settings
    bare.state.engine = app.state.engine
    return bare


async def timed(clients: dict[str, httpx.AsyncClient], query: str, n: int) -> dict[str, float]:
    """Mean seconds per request of each client, requests interleaved one by one so that a
    change in the machine's load touches every variant alike."""
    total = dict.fromkeys(clients, 0.0)
    for _ in range(n):
        for name, client in clients.items():
            started = time.perf_counter()
            response = await client.post("/graphql", json={"query": query})
            total[name] += time.perf_counter() - started
            assert response.status_code == 200 and "errors" not in response.json(), response.text
    return {name: value / n for name, value in total.items()}


async def main(rounds: int, requests: int, redis: str | None) -> None:
    header("bench.hardening", REGISTRY_ALONE)
    folder = Path(tempfile.mkdtemp(prefix="shg-bench-"))
    variants = {"checks off": {}, "checks on (memory)": {"rate_limits": True}}
    if redis:
        variants["checks on (Redis)"] = {
            "rate_limits": True,
            "redis_url": redis,
            "redis_prefix": f"bench-{time.time_ns()}",
        }
    base = {"environment": "production", "rate_limit_anonymous": "10000000/minute"}
    apps = {
        name: create_app(registry_settings(folder, **base, **extra))
        for name, extra in variants.items()
    }
    async with _lifespans(list(apps.values())):
        apps["checks off"] = baseline(apps["checks off"])
        clients = {
            name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
            for name, app in apps.items()
        }
        for label, query in QUERIES.items():
            samples: dict[str, list[float]] = {name: [] for name in clients}
            await timed(clients, query, 20)  # warm caches and connections
            for _ in range(rounds):
                for name, value in (await timed(clients, query, requests)).items():
                    samples[name].append(value)
            off = statistics.median(samples["checks off"])
            print(f"\n{label} query, median of {rounds} rounds x {requests} requests")
            for name, values in samples.items():
                value = statistics.median(values)
                print(
                    f"  {name:<20} {value * 1e6:8.0f} µs/request  ratio {value / off:5.2f}  "
                    f"added {(value - off) * 1e6:+6.0f} µs"
                )
        for client in clients.values():
            await client.aclose()


class _lifespans:
    def __init__(self, apps: list[Starlette]) -> None:
        self.contexts = [app.router.lifespan_context(app) for app in apps]

    async def __aenter__(self) -> None:
        for context in self.contexts:
            await context.__aenter__()

    async def __aexit__(self, *exc: object) -> None:
        for context in reversed(self.contexts):
            await context.__aexit__(*exc)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--redis", default=None, help="e.g. redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.requests, args.redis))
