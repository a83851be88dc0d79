"""A search near a postal code over the whole national demo registry, at scale 1 and 10.

Run from the repository root: .venv/bin/python -m bench.search [--scales 1 10] [--rounds 20]
Measures the national registry alone (a fresh SQLite demo registry per scale in a temporary
folder; the region sources are left out here: their pushdown is measured by bench.regions).
Each search is reported as a ratio to a plain 20-group page measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

from bench.common import REGISTRY_ALONE, header, registry_settings
from bench.foundation import measure
from graph.app import create_app

BASELINE = "{ groups(first: 20) { nodes { id name format reach } } }"
CASES = {
    "near 44135, 10 km, by distance": (
        '{ search(near: {postalCode: "44135", radiusKm: 10}, orderBy: DISTANCE, first: 20) '
        "{ totalCount edges { distanceKm node { __typename } } } }"
    ),
    "near 44135 + text 'Sucht', relevance": (
        '{ search(text: "Sucht", near: {postalCode: "44135", radiusKm: 25}, first: 20) '
        "{ totalCount edges { distanceKm node { __typename } } } }"
    ),
    "near 80331, 50 km, with facets": (
        '{ search(near: {postalCode: "80331", radiusKm: 50}, first: 20) { totalCount '
        "facets { kinds { kind count } regions { regionCode count } formats { format count } "
        "topics(first: 10) { topic { name } count } } edges { node { __typename } } } }"
    ),
}


async def timed(client: httpx.AsyncClient, query: str, rounds: int) -> float:
    return (await measure(client, query, rounds))[0]  # the median, in ms


async def run(scale: float, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = registry_settings(Path(tmp), demo_scale=scale, environment="production")
        app = create_app(settings)
        started = time.perf_counter()
        async with app.router.lifespan_context(app):
            print(f"scale {scale}: demo build + indexes {time.perf_counter() - started:.1f} s")
            statements: list[str] = []

            def record(*args: Any) -> None:
                statements.append(args[2])

            event.listen(app.state.engine.sync_engine, "before_cursor_execute", record)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                await timed(client, BASELINE, 3)
                base = await timed(client, BASELINE, rounds)
                print(f"  baseline groups(first: 20): {base:.1f} ms")
                for name, query in CASES.items():
                    await timed(client, query, 3)
                    statements.clear()
                    await client.post("/graphql", json={"query": query})
                    count = len(statements)
                    median = await timed(client, query, rounds)
                    print(f"  {name}: {median:.1f} ms ({median / base:.1f}x), {count} SQL")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    header("bench.search", REGISTRY_ALONE)
    for scale in args.scales:
        asyncio.run(run(scale, args.rounds))


if __name__ == "__main__":
    main()
