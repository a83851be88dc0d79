"""The search near a postal code against a plain 20-group page (issue 16's goal: at most 3x),
in-process (httpx's ASGI transport: no sockets), with the SQL statements of each request,
their time and, with --explain, their query plans; --profile adds a cProfile of the search.

    .venv/bin/python -m bench.profile_search [--scale 10] [--rounds 30] [--folder /tmp/search10]
        [--explain] [--profile] [--top 30] [--sort tottime|cumulative]

Measures the national registry alone (SQLite), uncached (no response cache). The queries are
bench.perf's. The demo registry is built once in --folder and reused by later runs (build the
10x one once: it takes about a minute).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event, text

from bench.common import REGISTRY_ALONE, header, registry_settings
from bench.foundation import measure
from bench.perf import PLAIN_20, SEARCH, SEARCH_DISTANCE
from graph.app import create_app

CASES = {"PLAIN_20": PLAIN_20, "SEARCH": SEARCH, "SEARCH_DISTANCE": SEARCH_DISTANCE}


async def p50(client: httpx.AsyncClient, query: str, rounds: int) -> float:
    return (await measure(client, query, rounds))[0]  # (median, min) in ms


async def run(args: argparse.Namespace, folder: Path) -> None:
    settings = registry_settings(
        folder,
        demo_scale=args.scale,
        environment="production",
        response_cache_enabled=False,
        rate_limits=False,
        max_in_flight=0,
    )
    app = create_app(settings)
    started = time.perf_counter()
    async with app.router.lifespan_context(app):
        took = time.perf_counter() - started
        print(f"scale {args.scale}: start (demo build when new) {took:.1f} s")
        engine = app.state.engine
        ran: list[tuple[str, Any, float]] = []
        begun: dict[int, float] = {}  # by cursor: statements of one request may overlap

        def before(_c: Any, cursor: Any, statement: str, params: Any, *_a: Any) -> None:
            begun[id(cursor)] = time.perf_counter()

        def after(_c: Any, cursor: Any, statement: str, params: Any, *_a: Any) -> None:
            took = time.perf_counter() - begun.pop(id(cursor))
            ran.append((statement, params, took * 1000))

        event.listen(engine.sync_engine, "before_cursor_execute", before)
        event.listen(engine.sync_engine, "after_cursor_execute", after)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for query in CASES.values():
                await p50(client, query, 5)  # warm: caches of compiled SQL, vocabulary
            medians = {}
            for _ in range(2):  # interleaved, twice: the machine is shared
                for name, query in CASES.items():
                    medians.setdefault(name, []).append(await p50(client, query, args.rounds))
            base = min(medians["PLAIN_20"])
            for name, query in CASES.items():
                median = min(medians[name])
                in_sql = []
                for _ in range(7):  # the statements of the last; their time's median of 7
                    ran.clear()
                    body = (await client.post("/graphql", json={"query": query})).json()
                    in_sql.append(sum(t for _, _, t in ran))
                total = body["data"].get("search", {}).get("totalCount")
                took = statistics.median(in_sql)
                print(
                    f"  {name}: p50 {median:.1f} ms ({median / base:.1f}x PLAIN_20), "
                    f"{len(ran)} SQL, {took:.1f} ms in SQL"
                    + (f", totalCount {total}" if total is not None else "")
                )
                if args.statements:
                    for statement, _params, ms in ran:
                        print(f"    {ms:7.2f} ms  {' '.join(statement.split())[:160]}")
                if args.explain and name != "PLAIN_20":
                    await explain(engine, ran)
            if args.profile:
                await profile(client, args)


async def explain(engine: Any, ran: list[tuple[str, Any, float]]) -> None:
    """The query plans of a request's statements that took longest."""
    async with engine.connect() as conn:
        for statement, params, ms in sorted(ran, key=lambda r: -r[2])[:3]:
            print(f"    plan of the {ms:.2f} ms statement:")
            if isinstance(params, (list, tuple)):
                plan = f"EXPLAIN QUERY PLAN {statement}"
                result = await conn.exec_driver_sql(plan, tuple(params))
            else:
                result = await conn.execute(text(f"EXPLAIN QUERY PLAN {statement}"), params)
            for row in result:
                print(f"      {row[-1]}")


async def profile(client: httpx.AsyncClient, args: argparse.Namespace) -> None:
    for name in ("SEARCH", "SEARCH_DISTANCE"):
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.rounds):
            await client.post("/graphql", json={"query": CASES[name]})
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(f"--- cProfile of {name}, {args.rounds} requests ---")
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--statements", action="store_true", help="each statement and its time")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", choices=["tottime", "cumulative"], default="cumulative")
    args = parser.parse_args()
    header("bench.profile_search", REGISTRY_ALONE)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        asyncio.run(run(args, folder))


if __name__ == "__main__":
    main()
