"""Benchmark: one page of 100 groups across the registry, Bavaria (SQL) and NRW (HTTP).

    .venv/bin/python bench/regions.py [--rounds 20]

Builds its own databases in a temporary directory, starts NRW's service as its own process
on a loopback port (18300-18399), and reports medians, as ratios against a baseline measured
in the same run (the same query with the national registry alone), plus the SQL statements
per engine and the HTTP requests to NRW for one such query, and the answer time with NRW
stopped (connection refused) and hanging (no answer: the 2 s source timeout applies).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.app import create_app  # noqa: E402
from graph.settings import Settings  # noqa: E402
from regions.sources.config import RegionConfig  # noqa: E402

SAME_SIZE = """
query($first: Int!) {
  groups(first: $first) {
    totalCount
    nodes { id name provenance { source } contactPoint { id name } topics { id name } }
  }
}
"""
QUERY = """
query($topic: ID!) {
  groups(topic: $topic, first: 100) {
    totalCount
    nodes { id name provenance { source } contactPoint { id name } topics { id name } }
  }
}
"""


def free_port() -> int:
    import socket

    for port in range(18300, 18400):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def start_nrw(port: int, database: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "regions.standins.nrw", "--port", str(port), "--test-hooks"]
    process = subprocess.Popen(
        [*command, "--database", f"sqlite+aiosqlite:///{database}"], cwd=ROOT
    )
    for _ in range(1200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/status", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("NRW service did not start")


async def timed(
    http: httpx.AsyncClient, topic: str, rounds: int, query: str = QUERY, first: int = 0
) -> tuple[float, dict[str, Any]]:
    times, body = [], {}
    variables = {"topic": topic} if query is QUERY else {"first": first}
    for _ in range(rounds):
        started = time.perf_counter()
        response = await http.post("/graphql", json={"query": query, "variables": variables})
        times.append((time.perf_counter() - started) * 1000)
        body = response.json()
    return statistics.median(times), body


async def find_topic(http: httpx.AsyncClient) -> str:
    topics = await http.post("/graphql", json={"query": "{ topics(first: 100) { nodes { id } } }"})
    for node in topics.json()["data"]["topics"]["nodes"]:
        body = (
            await http.post("/graphql", json={"query": QUERY, "variables": {"topic": node["id"]}})
        ).json()
        sources = Counter(n["provenance"]["source"] for n in body["data"]["groups"]["nodes"])
        if len(sources) == 3 and body["data"]["groups"]["totalCount"] <= 100:
            return str(node["id"])
    raise RuntimeError("no topic with groups in all three sources")


async def run(rounds: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="shg-bench-"))
    port = free_port()
    nrw = start_nrw(port, tmp / "nrw.db")
    base = Settings(database_url=f"sqlite+aiosqlite:///{tmp / 'national.db'}", regions=[])
    bavaria = RegionConfig(
        code="DE-BY", kind="sql", url=f"sqlite+aiosqlite:///{tmp / 'by.db'}", layout="bavaria",
        demo_groups=3000,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    nrw_config = RegionConfig(code="DE-NW", kind="http", url=url, layout="nrw")
    federated = base.model_copy(update={"regions": [bavaria, nrw_config]})
    try:
        fed_app, nat_app = create_app(federated), create_app(base)
        async with (
            fed_app.router.lifespan_context(fed_app),
            nat_app.router.lifespan_context(nat_app),
        ):
            fed = httpx.AsyncClient(transport=httpx.ASGITransport(app=fed_app), base_url="http://b")
            nat = httpx.AsyncClient(transport=httpx.ASGITransport(app=nat_app), base_url="http://b")
            topic = await find_topic(fed)
            await timed(nat, topic, 3), await timed(fed, topic, 3)  # warm up
            baseline, _ = await timed(nat, topic, rounds)
            joined, body = await timed(fed, topic, rounds)
            size = len(body["data"]["groups"]["nodes"])
            same_size, _ = await timed(nat, topic, rounds, SAME_SIZE, size)
            counts = await budget(fed_app, fed, topic, port)
            async with httpx.AsyncClient() as plain:
                await plain.post(f"{url}/_test/stoerung", json={"verzoegerung": 30})
            hanging, hung = await timed(fed, topic, 3)
            nrw.terminate(), nrw.wait()
            stopped, down = await timed(fed, topic, rounds)
        nodes = body["data"]["groups"]["nodes"]
        print(f"page: {size} groups, {dict(Counter(n['provenance']['source'] for n in nodes))}")
        print(f"baseline (national registry alone, same query): {baseline:.1f} ms")
        print(f"baseline (national registry alone, a page of {size}): {same_size:.1f} ms")
        print(f"federated vs same-size national page: {joined / same_size:.2f}x")
        print(f"federated, all sources up: {joined:.1f} ms ({joined / baseline:.2f}x baseline)")
        print(f"federated, NRW stopped:    {stopped:.1f} ms ({stopped / baseline:.2f}x baseline)")
        print(f"federated, NRW hanging:    {hanging:.1f} ms (source timeout 2000 ms)")
        print(f"cost of one query: {counts}")
        print(f"errors with NRW stopped: {[e['extensions'] for e in down.get('errors', [])]}")
        print(f"errors with NRW hanging: {[e['extensions'] for e in hung.get('errors', [])]}")
    finally:
        if nrw.poll() is None:
            nrw.terminate()
            nrw.wait()
        shutil.rmtree(tmp, ignore_errors=True)


async def budget(app: Any, http: httpx.AsyncClient, topic: str, port: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    engines = {"national SQL": app.state.engine, "Bavaria SQL": app.state.sources["DE-BY"].engine}
    hooks = {}
    for name, engine in engines.items():
        hooks[name] = lambda *_a, name=name: counts.update([name])
        event.listen(engine.sync_engine, "before_cursor_execute", hooks[name])
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as nrw:
        before = (await nrw.get("/_test/anfragen")).json()["anfragen"]
        await http.post("/graphql", json={"query": QUERY, "variables": {"topic": topic}})
        counts["NRW HTTP"] = (await nrw.get("/_test/anfragen")).json()["anfragen"] - before
    for name, engine in engines.items():
        event.remove(engine.sync_engine, "before_cursor_execute", hooks[name])
    return dict(counts)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    asyncio.run(run(parser.parse_args().rounds))
