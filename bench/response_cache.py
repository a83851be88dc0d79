"""The response cache, measured (issue 16, item 3): one worker over the demo registry
(SQLite, no region), rate limits off, wrk with one connection over HTTP (GET, anonymous), two
servers on the same data: the cache off and on. For one group by id and the 100-group page of
the issue: requests/s and p50 of each, and the ratio cached/uncached. (The raw baseline,
bench/raw_baseline.py of 16A, gives the ratios against the physical limit.)

    .venv/bin/python -m bench.response_cache [--seconds 10] [--connections 1]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import httpx

from bench.common import REGISTRY_ALONE, header
from bench.shedding import Server

PAGE = (
    "{ groups(first: 100) { totalCount nodes { id name format reach openForNewMembers "
    "contactPoint { id name officePhone } topics { id name } } } }"
)
BY_ID = "query($id: ID!) { node(id: $id) { id ... on Group { name format reach } } }"


def wrk(url: str, seconds: float, connections: int) -> tuple[float, str]:
    """Requests/s and p50 latency, as wrk reports them."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)  # type: ignore[union-attr]
    if re.search(r"Non-2xx", out):
        raise SystemExit(f"wrk saw failed answers:\n{out}")
    return rate, p50


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--port", type=int, default=8161)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (apt-get install wrk)")
    header("bench.response_cache", REGISTRY_ALONE)
    folder = Path(tempfile.mkdtemp(prefix="shg-rcache-"))
    common = {"SHG_ENVIRONMENT": "production", "SHG_MAX_IN_FLIGHT": "0"}
    off = Server(args.port, folder, SHG_RESPONSE_CACHE_ENABLED="false", **common)
    on = Server(args.port + 1, folder, SHG_RESPONSE_CACHE_ENABLED="true", **common)
    async with off as off_url:  # builds the demo registry first, alone
        first = {"query": "{ groups(first: 1) { nodes { id } } }"}
        async with httpx.AsyncClient() as http:
            got = await http.get(off_url + "/graphql", params=first)
        group = got.json()["data"]["groups"]["nodes"][0]["id"]
        async with on as on_url, httpx.AsyncClient() as http:
            works = {
                "one group by id": {"query": BY_ID, "variables": f'{{"id": "{group}"}}'},
                "groups(first: 100) page": {"query": PAGE},
            }
            print(f"wrk -c{args.connections}, {args.seconds:.0f} s each, GET, anonymous")
            print(f"{'work':28} {'uncached':>22} {'cached':>22} {'ratio':>6}")
            for name, params in works.items():
                query = "/graphql?" + urlencode(params)
                for url in (off_url, on_url):  # both answer it right before measuring
                    assert (await http.get(url + query)).status_code == 200
                plain = wrk(off_url + query, args.seconds, args.connections)
                cached = wrk(on_url + query, args.seconds, args.connections)
                print(
                    f"{name:28} {plain[0]:9.0f} req/s {plain[1]:>7} {cached[0]:9.0f} req/s "
                    f"{cached[1]:>7} {cached[0] / plain[0]:5.1f}x"
                )


if __name__ == "__main__":
    asyncio.run(main())
