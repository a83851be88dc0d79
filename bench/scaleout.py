"""Scale-out on one machine (issue 15, deliverable 10): two replicas of the API on one
PostgreSQL (the script's own, initdb/pg_ctl) and the shared Redis, behind HAProxy (the
distribution's package), a bounded load through HAProxy, one replica killed (SIGKILL) in the
middle of it. Reports requests sent and failed (only those in flight on the killed replica
may fail), p50/p99, and that rate limits and revocations hold across the replicas.

    .venv/bin/python -m bench.scaleout [--seconds 20] [--clients 16]

Ports: PostgreSQL 5441, replicas 8160 and 8161, HAProxy 8170. Runs as root (PostgreSQL runs
as `postgres`). Everything it starts it stops, by process id.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import jwt

from bench.faults import Postgres

HERE = Path(__file__).resolve().parents[1]
SHG = [sys.executable, "-c", "import sys; from graph.cli import app; sys.argv[0] = 'shg'; app()"]
QUERY = "{ groups(first: 10) { nodes { id name topics { name } } } }"
PING = {"query": "{ __typename }"}
HAPROXY = """
global
    maxconn 1024
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 15s
    retries 2
    option redispatch
    retry-on conn-failure empty-response
frontend api
    bind 127.0.0.1:{front}
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2
    server a 127.0.0.1:{a} check
    server b 127.0.0.1:{b} check
"""


def token(secret: str, subject: str) -> tuple[str, str]:
    now = int(time.time())
    jti = uuid.uuid4().hex
    claims = {
        "sub": subject,
        "jti": jti,
        "iss": "selbsthilfe-graph",
        "aud": "selbsthilfe-graph",
        "iat": now,
        "exp": now + 3600,
        "scope": "",
        "purpose": "referral",
    }
    return jwt.encode(claims, secret, algorithm="HS256"), jti


class Replica:
    def __init__(self, name: str, port: int, env: dict[str, str], folder: Path) -> None:
        self.name, self.port, self.env = name, port, env
        self.log = folder / f"replica-{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [*SHG, "serve", "--port", str(self.port)],
            env=self.env,
            cwd=HERE,
            stdout=out,
            stderr=out,
        )

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


async def ready(url: str, limit: float = 300) -> None:
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=url, timeout=2) as client:
        while time.monotonic() - started < limit:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get("/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.3)
    raise SystemExit(f"{url} never became ready")


async def load(url: str, clients: int, seconds: float, kill_at: float, victim: Replica) -> None:
    latencies: list[float] = []
    failures: list[tuple[float, str]] = []
    shed = 0
    sent = 0
    start = time.monotonic()
    stop = start + seconds
    killed_at: float | None = None

    async def killer() -> None:
        nonlocal killed_at
        await asyncio.sleep(kill_at)
        victim.kill()
        killed_at = time.monotonic() - start

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal sent, shed
        while time.monotonic() < stop:
            sent += 1
            began = time.perf_counter()
            try:
                response = await client.post("/graphql", json={"query": QUERY})
                ok = response.status_code == 200 and b'"errors"' not in response.content
                why = str(response.status_code)
            except httpx.HTTPError as error:
                ok, why = False, type(error).__name__
            if ok:
                latencies.append(time.perf_counter() - began)
            elif why == "503" and b"OVERLOADED" in response.content:
                shed += 1  # load shedding's answer, not a failure of the scale-out
                await asyncio.sleep(0.1)
            else:
                failures.append((time.monotonic() - start, why))

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=20, limits=limits) as client:
        await asyncio.gather(killer(), *(one(client) for _ in range(clients)))
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    print(
        f"load: {clients} clients for {seconds:.0f} s through HAProxy, replica {victim.name} "
        f"killed (SIGKILL) at {killed_at:.1f} s"
    )
    print(
        f"  sent {sent}, ok {len(latencies)}, shed {shed}, failed {len(failures)}, "
        f"p50 {q[49] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, "
        f"throughput {len(latencies) / seconds:.0f}/s"
    )
    if failures:
        when = [t for t, _ in failures]
        kinds = {why: sum(1 for _, w in failures if w == why) for _, why in failures}
        print(f"  failures between {min(when):.2f} s and {max(when):.2f} s: {kinds}")


async def shared_state(url: str, direct: list[str], secret: str, env: dict[str, str]) -> None:
    """A per-token limit of 20/minute counted once across replicas; a revocation refused by
    both from the next request on."""
    limited, _ = token(secret, "scale-out rate")
    auth = {"authorization": f"Bearer {limited}"}
    statuses: list[int] = []
    async with httpx.AsyncClient(timeout=10) as client:
        for i in range(30):  # alternating replicas directly: the counter must be shared
            target = direct[i % 2]
            response = await client.post(
                f"{target}/graphql", json={"query": "{ __typename }"}, headers=auth
            )
            statuses.append(response.status_code)
        print(
            f"rate limit 20/minute per token, 30 requests alternating between the replicas: "
            f"{statuses.count(200)} x 200, {statuses.count(429)} x 429"
        )
        revoked, jti = token(secret, "scale-out revoke")
        auth = {"authorization": f"Bearer {revoked}"}
        before = [
            (
                await client.post(f"{d}/graphql", json={"query": "{ __typename }"}, headers=auth)
            ).status_code
            for d in direct
        ]
        revoke = [*SHG, "tokens", "revoke", jti]
        await asyncio.to_thread(
            subprocess.run, revoke, env=env, cwd=HERE, check=True, capture_output=True
        )
        after = [
            (
                await client.post(f"{d}/graphql", json={"query": "{ __typename }"}, headers=auth)
            ).status_code
            for d in direct
        ]
        print(f"revocation: before {before} (replica a, b), after `shg tokens revoke` {after}")


def start_haproxy(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(["haproxy", "-db", "-f", str(config)])


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pg-port", type=int, default=5441)
    parser.add_argument("--ports", type=int, nargs=3, default=[8160, 8161, 8170])
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "shg-scaleout")
    args = parser.parse_args()
    if not shutil.which("haproxy"):
        raise SystemExit("haproxy is not installed (apt-get install haproxy)")
    args.folder.mkdir(parents=True, exist_ok=True)
    pg = Postgres(args.pg_port, args.folder / "pg")
    pg.init()
    pg.start()
    pg.create_database("scaleout")
    secret = secrets.token_urlsafe(48)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SHG_")},
        "SHG_ENVIRONMENT": "production",
        "SHG_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{args.pg_port}/scaleout",
        "SHG_REDIS_URL": "redis://127.0.0.1:6379/0",
        "SHG_REDIS_PREFIX": f"ops-scaleout-{uuid.uuid4().hex[:8]}",
        "SHG_TOKEN_SECRET": secret,
        "SHG_REGIONS": "[]",
        "SHG_TRUSTED_PROXIES": "127.0.0.1",
        "SHG_RATE_LIMIT_ANONYMOUS": "1000000/minute",
        "SHG_RATE_LIMIT_AUTHENTICATED": "20/minute",
        "SHG_OUTBOX_INTERVAL": "0",
        "SHG_MIGRATE_ON_START": "false",
        "SHG_WORKERS": "1",
        "SHG_LOG_LEVEL": "warning",
        "SHG_MAX_IN_FLIGHT": "8",
    }
    a_port, b_port, front = args.ports
    replicas = [Replica("a", a_port, env, args.folder), Replica("b", b_port, env, args.folder)]
    config = args.folder / "haproxy.cfg"
    config.write_text(HAPROXY.format(front=front, a=a_port, b=b_port), encoding="utf-8")
    haproxy: subprocess.Popen[bytes] | None = None
    try:
        # the registry made once (the migration Job's part), then replicas that only check it
        prepare = {**env, "SHG_MIGRATE_ON_START": "true"}
        demo = [*SHG, "demo", "--scale", "0.2"]
        await asyncio.to_thread(subprocess.run, demo, env=prepare, cwd=HERE, check=True)
        for replica in replicas:
            replica.start()
        for replica in replicas:
            await ready(f"http://127.0.0.1:{replica.port}")
        haproxy = start_haproxy(config)
        await ready(f"http://127.0.0.1:{front}")
        direct = [f"http://127.0.0.1:{r.port}" for r in replicas]
        await shared_state(f"http://127.0.0.1:{front}", direct, secret, env)
        await load(
            f"http://127.0.0.1:{front}", args.clients, args.seconds, args.seconds / 2, replicas[1]
        )
    finally:
        if haproxy is not None:
            haproxy.terminate()
            haproxy.wait(10)
        for replica in replicas:
            replica.stop()
        pg.stop()


if __name__ == "__main__":
    asyncio.run(main())
