"""Region fixtures: NRW's service as a real uvicorn on loopback, Bavaria's own database, and
the app with both joined into the graph."""

from __future__ import annotations

import asyncio
import random
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from starlette.applications import Starlette

from graph.app import create_app
from graph.settings import Settings
from regions.sources.config import RegionConfig
from regions.sources.engine import create_engine
from tests.conftest import POSTGRES_SCHEMA, POSTGRES_URL, Gql, SqlLog

PORTS = range(18300, 18400)
NRW_TIMEOUT = 1.0  # seconds per call in these tests (the default is 2)


def free_port() -> int:
    """A free port of the range, tried in random order: test runs share this machine, and
    all of them starting with the first free one made them collide."""
    for port in random.sample(PORTS, len(PORTS)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18300-18399")


class NrwService:
    """NRW's publishing service as its own process on a loopback port: start, stop, disturb."""

    def __init__(self, database: Path) -> None:
        self.database = f"sqlite+aiosqlite:///{database}"
        self.key_file = database.with_name("service-key")
        self.key_file.write_text(uuid.uuid4().hex, encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self._started = False

    def start(self) -> None:
        """Start it; on the first start, on another port if this one was taken meanwhile (a
        restart keeps its port: the app under test knows the URL)."""
        for _ in range(1 if self._started else 5):
            if self._launch():
                self._started = True
                return
            if self._started:
                break
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
        raise RuntimeError("NRW service did not start")

    def _launch(self) -> bool:
        command = [sys.executable, "-m", "regions.standins.nrw", "--port", str(self.port)]
        command += ["--database", self.database, "--groups", "4000", "--test-hooks"]
        command += ["--api-key-file", str(self.key_file)]
        self._process = subprocess.Popen(command)
        deadline = time.monotonic() + 120
        while not self._answers():
            if self._process.poll() is not None:  # e.g. its port was taken: not ours to use
                self._process = None
                return False
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("NRW service did not start")
            time.sleep(0.05)
        return True

    def _answers(self) -> bool:
        """Our own service answers: only it takes our key (another run's service on this
        port must never be disturbed by these tests)."""
        auth = {"authorization": f"Bearer {self.key_file.read_text(encoding='utf-8')}"}
        try:
            response = httpx.get(f"{self.url}/api/v1/gruppen/kontakte", headers=auth, timeout=1)
        except httpx.TransportError:
            return False
        return response.status_code == 200

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)
            self._process = None

    @property
    def running(self) -> bool:
        return self._process is not None

    def disturb(
        self, delay: float = 0.0, answer: str | None = None, path: str | None = None
    ) -> None:
        """Slow down or break its answers (those under `path` only, if given)."""
        body = {"verzoegerung": delay, "antwort": answer, "pfad": path}
        httpx.post(f"{self.url}/_test/stoerung", json=body, timeout=5).raise_for_status()

    def requests(self) -> int:
        return int(httpx.get(f"{self.url}/_test/anfragen", timeout=5).json()["anfragen"])


@pytest.fixture(scope="session")
def nrw_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NrwService]:
    service = NrwService(tmp_path_factory.mktemp("nrw") / "nrw.db")
    service.start()
    yield service
    service.stop()


@pytest.fixture
def nrw(nrw_service: NrwService) -> Iterator[NrwService]:
    """The service running and undisturbed for this test, whatever the last one did to it."""
    if not nrw_service.running:
        nrw_service.start()
    nrw_service.disturb()
    yield nrw_service
    if not nrw_service.running:
        nrw_service.start()
    nrw_service.disturb()


async def fresh_schema(name: str) -> None:
    engine = create_engine(POSTGRES_URL)
    async with engine.begin() as conn:
        await conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        await conn.execute(text(f"CREATE SCHEMA {name}"))
    await engine.dispose()


def bavaria_config(
    backend: str, tmp: Path, code: str = "DE-BY", groups: int = 3000
) -> RegionConfig:
    """Bavaria's own database: a SQLite file, or its own PostgreSQL schema."""
    if backend == "sqlite":
        url, schema = f"sqlite+aiosqlite:///{tmp / (code.lower() + '.db')}", None
    else:
        schema = f"{POSTGRES_SCHEMA}_{code[3:].lower()}"
        with ThreadPoolExecutor(1) as pool:  # callable from sync and async tests alike
            pool.submit(asyncio.run, fresh_schema(schema)).result()
        url = POSTGRES_URL
    return RegionConfig(
        code=code, kind="sql", url=url, layout="bavaria", schema_name=schema, demo_groups=groups
    )


@pytest.fixture(scope="session")
def federated_settings(
    settings: Settings,
    backend: str,
    nrw_service: NrwService,
    tmp_path_factory: pytest.TempPathFactory,
) -> Settings:
    bavaria = bavaria_config(backend, tmp_path_factory.mktemp("bavaria"))
    nrw = RegionConfig(
        code="DE-NW",
        kind="http",
        url=nrw_service.url,
        layout="nrw",
        timeout=NRW_TIMEOUT,
        api_key_file=nrw_service.key_file,
    )
    return settings.model_copy(update={"regions": [bavaria, nrw]})


@pytest.fixture(scope="session")
async def federated_app(federated_settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(federated_settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def fgql(federated_app: Starlette, nrw: NrwService) -> AsyncIterator[Gql]:
    transport = httpx.ASGITransport(app=federated_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Gql(http)


def count_sql(engine: Any) -> tuple[SqlLog, Any]:
    log = SqlLog()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        log.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    return log, record


@pytest.fixture
def sql_per_source(federated_app: Starlette) -> Iterator[dict[str, SqlLog]]:
    """Statements per SQL engine: the national registry's and Bavaria's."""
    engines = {
        "nakos": federated_app.state.engine,
        "DE-BY": federated_app.state.sources["DE-BY"].engine,
    }
    logs, hooks = {}, {}
    for name, engine in engines.items():
        logs[name], hooks[name] = count_sql(engine)
    yield logs
    for name, engine in engines.items():
        event.remove(engine.sync_engine, "before_cursor_execute", hooks[name])
