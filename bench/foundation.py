"""Demo build time, and a 100-group page with and without nested fields (SQL count, latency).

Run from the repository root: .venv/bin/python -m bench.foundation [--scale 1] [--rounds 30]
Measures the national registry alone (a fresh SQLite demo registry in a temporary folder; no
region source). The nested query is reported as a ratio to the flat page of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

from bench.common import REGISTRY_ALONE, header, registry_settings
from graph.app import create_app

FLAT = "{ groups(first: 100) { totalCount nodes { id name format reach openForNewMembers } } }"
NESTED = """{ groups(first: 100) { totalCount nodes { id name format reach openForNewMembers
  contactPoint { id name officePhone } topics { id name } } } }"""


async def measure(client: httpx.AsyncClient, query: str, rounds: int) -> tuple[float, float]:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = await client.post("/graphql", json={"query": query})
        timings.append(time.perf_counter() - started)
        assert "errors" not in response.json(), response.json()["errors"]
    return statistics.median(timings) * 1000, min(timings) * 1000


async def main(scale: float, rounds: int) -> None:
    header("bench.foundation", REGISTRY_ALONE)
    with tempfile.TemporaryDirectory() as tmp:
        settings = registry_settings(Path(tmp), demo_scale=scale, environment="production")
        app = create_app(settings)
        started = time.perf_counter()
        async with app.router.lifespan_context(app):
            print(f"demo build + migrate at scale {scale}: {time.perf_counter() - started:.2f} s")
            statements: list[str] = []

            def record(*args: Any) -> None:
                statements.append(args[2])

            event.listen(app.state.engine.sync_engine, "before_cursor_execute", record)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                results = {}
                for name, query in [("flat", FLAT), ("nested", NESTED)]:
                    await measure(client, query, 3)  # warm caches and pool
                    statements.clear()
                    await client.post("/graphql", json={"query": query})
                    count = len(statements)
                    median, best = await measure(client, query, rounds)
                    results[name] = median
                    print(
                        f"{name:7s} 100 groups: {count} SQL statements, "
                        f"median {median:.1f} ms, best {best:.1f} ms"
                    )
                print(f"nested / flat: {results['nested'] / results['flat']:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.scale, args.rounds))
