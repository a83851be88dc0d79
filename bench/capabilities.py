"""Benchmark: a text-and-near `search` over sources of every capability level.

    .venv/bin/python -m bench.capabilities [--rounds 10]     (from the repository root)

Measures the national registry + Bavaria (SQL) + NRW (a capable HTTP service) + Baden-Württemberg
(a plain HTTP service the graph ranks for), against the national registry alone as the baseline
measured in the same run (the same query). Reports the median time of one page (20 groups) of
`search(text: "Diabetes", near: Ulm 80 km)`, the ratio to the baseline, and per source the calls
(SQL statements, HTTP requests) and the rows each call fetched for one such page.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

from bench.common import header, registry_settings
from bench.regions import ROOT, free_port, start_nrw
from graph.app import create_app
from regions.sources.config import RegionConfig

FOUR = "the national registry + Bavaria (SQL) + NRW (HTTP, ranks) + BW (HTTP, plain)"
QUERY = """
query($after: String) {
  search(text: "Diabetes", near: {postalCode: "89073", radiusKm: 80}, kinds: [GROUP],
         first: 20, after: $after) {
    edges { cursor node { ... on Group { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def start_bw(folder: Path) -> tuple[subprocess.Popen[bytes], int, Path]:
    """BW's plain service on a free port, started when it opens a contact with its own key."""
    key = folder / "bw-key"
    key.write_text(uuid.uuid4().hex, encoding="utf-8")
    for _ in range(5):
        port = free_port()
        command = [sys.executable, "-m", "regions.standins.bw", "--port", str(port)]
        command += ["--db", str(folder / "bw.db"), "--key-file", str(key)]
        command += ["--demo-groups", "1500"]
        process = subprocess.Popen(command, cwd=ROOT)
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            url = f"http://127.0.0.1:{port}/api/gruppen/1/kontakt"
            try:
                answer = httpx.get(url, headers={"x-api-key": key.read_text()}, timeout=1)
                if answer.status_code in (200, 404):
                    return process, port, key
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        process.terminate()
        process.wait()
    raise RuntimeError("BW service did not start")


async def timed(http: httpx.AsyncClient, rounds: int) -> tuple[float, dict[str, Any]]:
    times, body = [], {}
    for _ in range(rounds):
        started = time.perf_counter()
        body = (await http.post("/graphql", json={"query": QUERY})).json()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), body


async def per_source(app: Any, http: httpx.AsyncClient) -> dict[str, str]:
    """Calls and rows fetched per source for the first and the second page."""
    calls: dict[str, list[int]] = {}

    def on_sql(name: str) -> Any:
        def record(*_args: Any) -> None:
            calls.setdefault(name, []).append(-1)

        return record

    def on_http(name: str) -> Any:
        async def record(response: httpx.Response) -> None:
            await response.aread()
            body = json.loads(response.content)
            rows = body.get("eintraege") or body.get("treffer") or body.get("gruppen") or []
            calls.setdefault(name, []).append(len(rows))

        return record

    engines = {"nakos SQL": app.state.engine, "DE-BY SQL": app.state.sources["DE-BY"].engine}
    hooks = {name: on_sql(name) for name in engines}
    for name, engine in engines.items():
        event.listen(engine.sync_engine, "before_cursor_execute", hooks[name])
    for code in ("DE-NW", "DE-BW"):
        source = app.state.sources[code]
        await source.start()
        source._client.event_hooks["response"].append(on_http(f"{code} HTTP"))
    out: dict[str, str] = {}
    after = None
    for page in (1, 2):
        calls.clear()
        body = await http.post("/graphql", json={"query": QUERY, "variables": {"after": after}})
        after = body.json()["data"]["search"]["pageInfo"]["endCursor"]
        for name, rows in sorted(calls.items()):
            fetched = sum(r for r in rows if r >= 0)
            shown = f"{len(rows)} calls" + (f", {fetched} rows" if rows and rows[0] >= 0 else "")
            out[f"page {page}: {name}"] = shown
    for name, engine in engines.items():
        event.remove(engine.sync_engine, "before_cursor_execute", hooks[name])
    return out


async def run(rounds: int) -> None:
    header("bench.capabilities", FOUR)
    tmp = Path(tempfile.mkdtemp(prefix="shg-bench-caps-"))
    nrw, nrw_port = start_nrw(tmp)
    bw, bw_port, bw_key = start_bw(tmp)
    try:
        base = registry_settings(tmp)
        bavaria = RegionConfig(
            code="DE-BY",
            kind="sql",
            url=f"sqlite+aiosqlite:///{tmp / 'bavaria.db'}",
            layout="bavaria",
            demo_groups=3000,
            timeout=10,
        )
        nrw_config = RegionConfig(
            code="DE-NW",
            kind="http",
            url=f"http://127.0.0.1:{nrw_port}",
            layout="nrw",
            timeout=10,
            api_key_file=tmp / "nrw-key",  # a search around a point needs NRW's service key
        )
        bw_config = RegionConfig(
            code="DE-BW",
            kind="http",
            url=f"http://127.0.0.1:{bw_port}",
            layout="bw",
            timeout=10,
            api_key_file=bw_key,
        )
        four = base.model_copy(update={"regions": [bavaria, nrw_config, bw_config]})
        four_app, alone_app = create_app(four), create_app(base)
        async with (
            four_app.router.lifespan_context(four_app),
            alone_app.router.lifespan_context(alone_app),
        ):
            clients = [
                httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url="http://t")
                for a in (four_app, alone_app)
            ]
            async with clients[0] as fed, clients[1] as alone:
                await timed(fed, 2)  # warm up both
                await timed(alone, 2)
                alone_ms, _ = await timed(alone, rounds)
                four_ms, body = await timed(fed, rounds)
                assert "errors" not in body, body
                budget = await per_source(four_app, fed)
        print(f"registry alone: {alone_ms:.1f} ms median of {rounds}")
        print(f"four sources:   {four_ms:.1f} ms median of {rounds} ({four_ms / alone_ms:.1f}x)")
        for name, shown in budget.items():
            print(f"  {name}: {shown}")
    finally:
        for process in (nrw, bw):
            process.terminate()
            process.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    asyncio.run(run(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
