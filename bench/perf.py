"""The API against the raw limit (issue 16): the same demo registry served by the API (`shg
serve`, uvicorn) and by bench.raw_baseline (straight SQL + orjson, uvicorn), both one worker,
both driven by wrk over real HTTP connections, in one run, at 1x and 10x demo data.

    .venv/bin/python -m bench.perf [--scales 1 10] [--seconds 8] [--workers 1]

Prints req/s and p50 per case and the ratios the issue's goals name: one group by id
(API req/s / raw req/s, goal >= 0.4), the 100-group nested page at 1 and 16 connections (API
p50 / raw p50, goal <= 4), both from the response cache (req/s against raw, goal >= 0.8), and
a search near a postal code with text against a plain 20-group page (goal <= 3). Before
measuring, it checks that both servers answer the same JSON.

The load tool is wrk (apt-get install wrk): one thread, written in C, it takes a small part
of one core, so on this 2-core machine it does not starve the server it drives (a Python load
generator would need about as much CPU as the API itself). Only one server is driven at a
time; the others idle. The machine is shared: the load average is printed, and only ratios
within one run are meaningful. Ports: 8180 (API), 8181 (raw), 8182 (the API with
SHG_PREFETCH=false), 8183 (the API with the response cache on). Everything it starts it stops,
by process id.

Beside the raw limit it prints two floors: `{ __typename }` through the whole API (what any
request costs before it reads anything) and graphql-core alone executing the same document
over the API's own answer in memory (bench.engine_floor: no HTTP, no SQL, no Strawberry).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson

from bench.engine_floor import floor_ms
from bench.raw_baseline import GROUP, PAGE

HERE = Path(__file__).resolve().parents[1]
SHG = [sys.executable, "-c", "import sys; from graph.cli import app; sys.argv[0] = 'shg'; app()"]
PLAIN_20 = "{ groups(first: 20) { nodes { id name format reach } } }"
SEARCH = (
    '{ search(text: "Sucht", near: {postalCode: "44135", radiusKm: 25}, first: 20) '
    "{ totalCount edges { distanceKm node { __typename } } } }"
)
SEARCH_DISTANCE = (
    '{ search(near: {postalCode: "44135", radiusKm: 10}, orderBy: DISTANCE, first: 20) '
    "{ totalCount edges { distanceKm node { __typename } } } }"
)
LUA = """wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
"""


def env_for(db: Path, scale: float) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("SHG_")},
        "SHG_ENVIRONMENT": "production",
        "SHG_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "SHG_TOKEN_SECRET": secrets.token_urlsafe(48),
        "SHG_REGIONS": "[]",
        "SHG_DEMO_SCALE": str(scale),
        "SHG_RATE_LIMIT_ANONYMOUS": "100000000/minute",
        "SHG_MAX_IN_FLIGHT": "0",  # no shedding: the load tool sets the concurrency,
        "SHG_OUTBOX_INTERVAL": "0",
        "SHG_MIGRATE_ON_START": "false",
        "SHG_LOG_LEVEL": "warning",
        "SHG_RAW_DB": str(db),
    }


@contextlib.contextmanager
def server(command: list[str], env: dict[str, str], log: Path) -> Iterator[None]:
    out = log.open("ab")
    process = subprocess.Popen(command, env=env, cwd=HERE, stdout=out, stderr=out)
    try:
        yield
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def ready(url: str, query: str, limit: float = 300) -> None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.post(url, json={"query": query}, timeout=5).status_code == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"{url} never answered")


def post(url: str, query: str) -> object:
    response = httpx.post(url, json={"query": query}, timeout=30)
    data = orjson.loads(response.content)
    assert "errors" not in data, data
    return data


def same(api: object, raw: object, what: str) -> None:
    if api != raw:
        print(orjson.dumps(api)[:3000].decode(), orjson.dumps(raw)[:3000].decode(), sep="\n")
        raise SystemExit(f"the raw baseline's {what} differs from the API's")


def wrk(
    url: str, query: str, connections: int, seconds: float, folder: Path
) -> tuple[float, float]:
    """(req/s, p50 in ms) of `seconds` of wrk, one thread, `connections` connections."""
    script = folder / "post.lua"
    body = orjson.dumps({"query": query}).decode()
    script.write_text(LUA.format(body="[[" + body + "]]"), encoding="utf-8")
    subprocess.run(  # warm-up
        ["wrk", "-t1", f"-c{connections}", "-d1s", "-s", str(script), url],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p50 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rate, p50


def load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def run(scale: float, seconds: float, workers: int, folder: Path) -> None:
    db = folder / f"national-{scale}.db"
    env = env_for(db, scale)
    started = time.perf_counter()
    subprocess.run(
        [*SHG, "demo", "--scale", str(scale)],
        env={**env, "SHG_MIGRATE_ON_START": "true"},
        cwd=HERE,
        check=True,
        capture_output=True,
    )
    print(f"scale {scale}: demo built in {time.perf_counter() - started:.0f} s")
    api, raw = "http://127.0.0.1:8180/graphql", "http://127.0.0.1:8181/graphql"
    serve = [*SHG, "serve", "--port", "8180", "--workers", str(workers)]
    uvicorn = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.raw_baseline:app",
        "--port",
        "8181",
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    plain = "http://127.0.0.1:8182/graphql"  # the same API with SHG_PREFETCH=false
    serve_plain = [*SHG, "serve", "--port", "8182", "--workers", str(workers)]
    cached = "http://127.0.0.1:8183/graphql"  # the same API with the response cache on
    serve_cached = [*SHG, "serve", "--port", "8183", "--workers", str(workers)]
    with_cache = {**env, "SHG_RESPONSE_CACHE_ENABLED": "true"}
    with (
        server(serve, env, folder / "api.log"),
        server(uvicorn, env, folder / "raw.log"),
        server(serve_plain, {**env, "SHG_PREFETCH": "false"}, folder / "plain.log"),
        server(serve_cached, with_cache, folder / "cached.log"),
    ):
        ready(api, "{ __typename }")
        ready(plain, "{ __typename }")
        ready(cached, "{ __typename }")
        same(post(api, PAGE), post(plain, PAGE), "page without prefetch")
        ready(raw, PAGE)
        page = post(api, PAGE)
        same(page, post(raw, PAGE), "page")
        first = page["data"]["groups"]["nodes"][0]["id"]  # type: ignore[index]
        one = GROUP % first
        answer = post(api, one)
        same(answer, post(raw, one), "group")
        same(post(cached, one), answer, "group from the cache")
        same(post(cached, PAGE), page, "page from the cache")
        floors = {
            "one group by id": floor_ms(one, answer["data"], "Group"),  # type: ignore[index]
            "100-group nested page": floor_ms(PAGE, page["data"]),  # type: ignore[index]
        }
        rows: list[tuple[str, tuple[float, float], tuple[float, float] | None]] = []
        for name, query, conns in [
            ("one group by id, 1 conn", one, 1),
            ("100-group nested page, 1 conn", PAGE, 1),
            ("100-group nested page, 16 conn", PAGE, 16),
        ]:
            a = wrk(api, query, conns, seconds, folder)
            r = wrk(raw, query, conns, seconds, folder)
            rows.append((name, a, r))
        for name, query in [("one group by id", one), ("100-group nested page", PAGE)]:
            hit = wrk(cached, query, 1, seconds, folder)
            rows.append((f"{name} from the cache, 1 conn", hit, None))
        typename = wrk(api, "{ __typename }", 1, seconds, folder)
        rows.append(("{ __typename }, 1 conn", typename, None))
        rows.append(
            ("the same, SHG_PREFETCH=false, 1 conn", wrk(plain, PAGE, 1, seconds, folder), None)
        )
        for name, query in [
            ("plain groups(first: 20), 1 conn", PLAIN_20),
            ("search near 44135 + text, 1 conn", SEARCH),
            ("search near 44135 by distance, 1 conn", SEARCH_DISTANCE),
        ]:
            post(api, query)
            rows.append((name, wrk(api, query, 1, seconds, folder), None))
    print(f"  load average after the run: {load()} (2 cores; API workers: {workers})")
    print(
        f"  {'work':40s} {'API req/s':>10s} {'p50 ms':>7s} {'raw req/s':>10s} {'p50 ms':>7s}  ratio"
    )
    for name, (ar, ap), r in rows:
        if r is None:
            print(f"  {name:40s} {ar:10.0f} {ap:7.2f}")
            continue
        rr, rp = r
        ratio = f"req/s {ar / rr:.3f}x, p50 {ap / rp:.1f}x slower"
        print(f"  {name:40s} {ar:10.0f} {ap:7.2f} {rr:10.0f} {rp:7.2f}  {ratio}")
    by_name = {name: (a, r) for name, a, r in rows}
    raw_one, raw_page = rows[0][2], rows[1][2]
    assert raw_one is not None and raw_page is not None
    for name, raw_figures in [("one group by id", raw_one), ("100-group nested page", raw_page)]:
        hit = by_name[f"{name} from the cache, 1 conn"][0]
        print(f"  {name} from the cache / raw (req/s): {hit[0] / raw_figures[0]:.2f}x")
    for name, raw_figures in [("one group by id", raw_one), ("100-group nested page", raw_page)]:
        floor = floors[name]
        print(
            f"  {name}: graphql-core alone over the answer in memory (no HTTP, no SQL) "
            f"p50 {floor:.2f} ms = {floor / raw_figures[1]:.1f}x the raw limit's p50 over HTTP"
        )
    floor = by_name["{ __typename }, 1 conn"][0][0] / raw_one[0]
    print(f"  {{ __typename }} through the API / raw by id (req/s): {floor:.2f}x")
    prefetch_off = by_name["the same, SHG_PREFETCH=false, 1 conn"][0][1]
    print(f"  nested page, prefetch off / on (p50): {prefetch_off / rows[1][1][1]:.2f}x")
    base = by_name["plain groups(first: 20), 1 conn"][0][1]
    text = by_name["search near 44135 + text, 1 conn"][0][1]
    distance = by_name["search near 44135 by distance, 1 conn"][0][1]
    print(f"  search + text / plain 20-group page (p50): {text / base:.1f}x")
    print(f"  search by distance / plain 20-group page (p50): {distance / base:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    print(f"bench.perf: the national registry alone (SQLite), wrk; load average {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for scale in args.scales:
            run(scale, args.seconds, args.workers, folder)


if __name__ == "__main__":
    main()
