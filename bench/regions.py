"""Benchmark: one page of 100 groups across the registry, Bavaria (SQL) and NRW (HTTP).

    .venv/bin/python -m bench.regions [--rounds 20]     (from the repository root)

Measures the national registry + Bavaria + NRW, against the national registry alone as the
baseline. Builds its own databases in a temporary directory, starts NRW's service as its own
process on a loopback port (18300-18399), and reports medians, as ratios against a baseline
measured in the same run (the same query with the national registry alone), plus the SQL
statements per engine and the HTTP requests to NRW for one such query, and the answer time
with NRW stopped (connection refused) and hanging (no answer: the source timeout applies,
2 s by default).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

from bench.common import FEDERATED, header, registry_settings
from graph.app import create_app
from regions.sources.config import RegionConfig

ROOT = Path(__file__).resolve().parent.parent

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
    """A free loopback port in 18300-18399, at random: test runs on this machine use them too."""
    for port in random.sample(range(18300, 18400), 100):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def start_nrw(folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    """NRW's service on a free port; it counts as started only when it answers with its own
    service key (another process may have taken the port in the meantime: then try another)."""
    key = folder / "nrw-key"
    key.write_text(uuid.uuid4().hex, encoding="utf-8")
    mine = {"authorization": f"Bearer {key.read_text(encoding='utf-8')}"}
    for _ in range(5):
        port = free_port()
        command = [sys.executable, "-m", "regions.standins.nrw", "--port", str(port)]
        command += ["--test-hooks", "--api-key-file", str(key)]
        command += ["--database", f"sqlite+aiosqlite:///{folder / 'nrw.db'}"]
        process = subprocess.Popen(command, cwd=ROOT)
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            url = f"http://127.0.0.1:{port}/api/v1/gruppen/kontakte"
            try:
                if httpx.get(url, headers=mine, timeout=1).status_code == 200:
                    return process, port
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        process.terminate()
        process.wait()
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
    header("bench.regions", FEDERATED)
    tmp = Path(tempfile.mkdtemp(prefix="shg-bench-"))
    nrw, port = start_nrw(tmp)
    base = registry_settings(tmp)
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
                delay = nrw_config.timeout * 3  # NRW answers only after the timeout
                await plain.post(f"{url}/_test/stoerung", json={"verzoegerung": delay})
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
        limit = nrw_config.timeout * 1000
        print(f"federated, NRW hanging:    {hanging:.1f} ms (source timeout {limit:.0f} ms)")
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
