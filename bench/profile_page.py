"""A cProfile of the 100-group nested page or of one group by id (issue 16): where a
request's time goes, in-process (httpx's ASGI transport: no sockets), with the SQL statements
and asyncio tasks per request.

    .venv/bin/python -m bench.profile_page [--query page|group] [--rounds 50] [--top 25]
        [--no-prefetch] [--sort tottime|cumulative]

Measures the national registry alone (a demo registry at scale 1 in --folder, kept between
runs, default a temporary folder).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

from bench.common import REGISTRY_ALONE, header, registry_settings
from bench.raw_baseline import GROUP, PAGE
from graph.app import create_app


async def run(folder: Path, rounds: int, top: int, prefetch: bool, which: str, sort: str) -> None:
    settings = registry_settings(folder, environment="production", prefetch=prefetch)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        statements: list[str] = []

        def record(*args: Any) -> None:
            statements.append(args[2])

        event.listen(app.state.engine.sync_engine, "before_cursor_execute", record)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            query = PAGE
            if which == "group":
                page = (await client.post("/graphql", json={"query": PAGE})).json()
                query = GROUP % page["data"]["groups"]["nodes"][0]["id"]
            for _ in range(5):
                assert "errors" not in (await client.post("/graphql", json={"query": query})).json()
            statements.clear()
            loop = asyncio.get_running_loop()
            made = 0
            factory = loop.get_task_factory()

            def counting(loop: Any, coro: Any, **kwargs: Any) -> Any:
                nonlocal made
                made += 1
                if factory is None:
                    return asyncio.Task(coro, loop=loop, **kwargs)
                return factory(loop, coro, **kwargs)

            loop.set_task_factory(counting)
            await client.post("/graphql", json={"query": query})
            loop.set_task_factory(factory)
            print(f"per request: {len(statements)} SQL statements, {made} asyncio tasks")
            profile = cProfile.Profile()
            started = time.perf_counter()
            profile.enable()
            for _ in range(rounds):
                await client.post("/graphql", json={"query": query})
            profile.disable()
            took = (time.perf_counter() - started) / rounds * 1000
            print(f"{rounds} requests under the profiler: {took:.1f} ms each")
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats(sort).print_stats(top)
            print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--query", choices=["page", "group"], default="page")
    parser.add_argument("--sort", choices=["tottime", "cumulative"], default="tottime")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-prefetch", action="store_true")
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    header("bench.profile_page", REGISTRY_ALONE)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        asyncio.run(run(folder, args.rounds, args.top, not args.no_prefetch, args.query, args.sort))


if __name__ == "__main__":
    main()
