"""Fault injection, as an operator would: a PostgreSQL of the script's own (initdb/pg_ctl of
the distribution), the API over it, and the database hung (SIGSTOP), refused (stopped) and
missing at start. Prints one row per fault: status codes seen, worst latency, recovery time.

    .venv/bin/python -m bench.faults --pg-port 5440 --api-port 8150 [--code /path/to/checkout]

`--code` runs another checkout's code (its `graph`, `regions`) with this .venv: how the
"before" column of the issue's fault table was measured. Runs as root: PostgreSQL runs as the
`postgres` user. Everything it starts it stops (by process id).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jwt

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), Path("/usr/bin"))
QUERY = "{ groups(first: 5) { nodes { id name } } }"


@dataclass
class Seen:
    statuses: dict[str, list[int]] = field(default_factory=dict)
    worst: dict[str, float] = field(default_factory=dict)

    def add(self, kind: str, status: int, seconds: float) -> None:
        self.statuses.setdefault(kind, []).append(status)
        self.worst[kind] = max(self.worst.get(kind, 0.0), seconds)

    def row(self) -> str:
        parts = []
        for kind, codes in self.statuses.items():
            counted = {c: codes.count(c) for c in sorted(set(codes))}
            shown = " ".join(f"{c}x{n}" if n > 1 else str(c) for c, n in counted.items())
            parts.append(f"{kind}: {shown} (worst {self.worst[kind]:.1f} s)")
        return "; ".join(parts)


class Postgres:
    def __init__(self, port: int, folder: Path) -> None:
        self.port = port
        self.folder = folder
        self.data = folder / "data"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True)

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chown(self.folder, *_postgres_ids())
        if not self.data.exists():
            self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "log")
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start"
        )

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")

    def pids(self) -> list[int]:
        """The postmaster and its children (ours: started by this script)."""
        main = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == main:
                    children.append(int(stat.parent.name))
        return [main, *children]

    def signal(self, sig: int) -> None:
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)

    def create_database(self, name: str) -> None:
        psql = [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run([*psql, "-c", f"CREATE DATABASE {name}"], check=True)


def _postgres_ids() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


class Api:
    def __init__(self, code: Path, port: int, env: dict[str, str], log: Path) -> None:
        self.code, self.port, self.env, self.log = code, port, env, log
        self.process: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        command = [
            sys.executable,
            "-c",
            "import sys; from graph.cli import app; sys.argv[0] = 'shg'; app()",
            "serve",
            "--port",
            str(self.port),
        ]
        env = {**os.environ, **self.env, "PYTHONPATH": str(self.code)}
        out = self.log.open("ab")
        self.process = subprocess.Popen(command, cwd=self.code, env=env, stdout=out, stderr=out)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


async def _timed(client: httpx.AsyncClient, kind: str, seen: Seen, **request: Any) -> None:
    started = time.perf_counter()
    try:
        response = await client.request(**request)
        status = response.status_code
    except httpx.HTTPError:
        status = 0  # no answer at all
    seen.add(kind, status, time.perf_counter() - started)


async def probe(api: Api, token: str, seen: Seen, rounds: int = 2) -> None:
    """Anonymous and token queries and /readyz, all at once, `rounds` times."""
    body = {"query": QUERY}
    auth = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=api.url, timeout=60) as client:
        for _ in range(rounds):
            await asyncio.gather(
                *(
                    _timed(client, "anonymous", seen, method="POST", url="/graphql", json=body)
                    for _ in range(3)
                ),
                *(
                    _timed(
                        client,
                        "token",
                        seen,
                        method="POST",
                        url="/graphql",
                        json=body,
                        headers=auth,
                    )
                    for _ in range(3)
                ),
                _timed(client, "readyz", seen, method="GET", url="/readyz"),
            )


async def recovery(api: Api, limit: float = 60) -> float | None:
    """Seconds until an anonymous query answers 200 again."""
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=api.url, timeout=5) as client:
        while time.perf_counter() - started < limit:
            with contextlib.suppress(httpx.HTTPError):
                response = await client.post("/graphql", json={"query": QUERY})
                if response.status_code == 200 and "errors" not in response.json():
                    return time.perf_counter() - started
            await asyncio.sleep(0.1)
    return None


async def answering(api: Api, limit: float = 120) -> None:
    """Until the process answers anything at all, or exits."""
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=api.url, timeout=3) as client:
        while time.perf_counter() - started < limit:
            if api.process is not None and api.process.poll() is not None:
                return
            with contextlib.suppress(httpx.HTTPError):
                await client.get("/healthz")
                return
            await asyncio.sleep(0.3)


async def wait_ready(api: Api, limit: float = 300) -> bool:
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=api.url, timeout=3) as client:
        while time.perf_counter() - started < limit:
            if api.process is not None and api.process.poll() is not None:
                return False
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get("/readyz")).status_code == 200:
                    return True
            await asyncio.sleep(0.3)
    return False


def token(secret: str) -> str:
    now = int(time.time())
    claims = {
        "sub": "fault-probe",
        "jti": str(uuid.uuid4()),
        "iss": "selbsthilfe-graph",
        "aud": "selbsthilfe-graph",
        "iat": now,
        "exp": now + 3600,
        "scope": "contacts:read",
        "purpose": "referral",
    }
    return jwt.encode(claims, secret, algorithm="HS256")


HERE = Path(__file__).resolve().parents[1]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-port", type=int, default=5440)
    parser.add_argument("--api-port", type=int, default=8150)
    parser.add_argument("--code", type=Path, default=HERE)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "shg-faults")
    parser.add_argument("--outage", type=float, default=12.0, help="Seconds each fault lasts.")
    args = parser.parse_args()
    pg = Postgres(args.pg_port, args.folder / "pg")
    pg.init()
    pg.start()
    database = "faults"
    pg.create_database(database)
    secret = secrets.token_urlsafe(48)
    env = {
        "SHG_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{args.pg_port}/{database}",
        "SHG_REGIONS": "[]",
        "SHG_RATE_LIMITS": "false",
        "SHG_TOKEN_SECRET": secret,
        "SHG_OUTBOX_INTERVAL": "0",
        "SHG_DEMO_SCALE": "0.2",
        "SHG_LOG_LEVEL": "info",
    }
    log = args.folder / "api.log"
    log.unlink(missing_ok=True)
    api = Api(args.code, args.api_port, env, log)
    bearer = token(secret)
    print(f"faults: code {args.code}, PostgreSQL {PG_BIN} on {args.pg_port}")
    try:
        api.start()
        if not await wait_ready(api):
            raise SystemExit("the API did not become ready")
        # 1. hung: every PostgreSQL process stopped, its sockets open
        seen = Seen()
        pg.signal(signal.SIGSTOP)
        hang = asyncio.create_task(probe(api, bearer, seen))
        await asyncio.sleep(args.outage)
        pg.signal(signal.SIGCONT)
        await hang
        back = await recovery(api)
        print(f"hung database ({args.outage:.0f} s): {seen.row()}; recovery {_s(back)}")
        # 2. refused: stopped
        seen = Seen()
        size = log.stat().st_size
        pg.stop()
        started = time.perf_counter()
        while time.perf_counter() - started < args.outage:
            await probe(api, bearer, seen, rounds=1)
        logged = log.stat().st_size - size
        pg.start()
        back = await recovery(api)
        print(
            f"refused database ({args.outage:.0f} s): {seen.row()}; log {logged / 1024:.0f} KiB;"
            f" recovery {_s(back)}"
        )
        api.stop()
        # 3. down at start
        pg.stop()
        api.start()
        await answering(api)  # imports take a while on a busy machine
        exited = api.process.poll() if api.process else None
        seen = Seen()
        if exited is None:
            await probe(api, bearer, seen, rounds=1)
        pg.start()
        started = time.perf_counter()
        ready = exited is None and await wait_ready(api, 120)
        took = time.perf_counter() - started
        state = f"exit code {exited}" if exited is not None else f"running; {seen.row()}"
        print(f"database down at start: {state}; ready {_s(took) if ready else 'never'}")
    finally:
        api.stop()
        pg.signal(signal.SIGCONT)
        pg.stop()


def _s(seconds: float | None) -> str:
    return "none" if seconds is None else f"{seconds:.1f} s"


if __name__ == "__main__":
    asyncio.run(main())
