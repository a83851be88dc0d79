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
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import event, text
from starlette.applications import Starlette

from graph.app import create_app
from graph.settings import Settings
from regions.sources.config import RegionConfig
from regions.sources.engine import create_engine
from tests.conftest import (
    POSTGRES_SCHEMA,
    POSTGRES_URL,
    Gql,
    PrivateRegistry,
    SqlLog,
    open_private_registry,
)
from tests.isolation import Fingerprint, TableState, assert_unchanged, fingerprint

T = TypeVar("T")
PORTS = range(18300, 18400)
# Region source timeouts (seconds per call; the default is 2), with room for a loaded 2-core CI
# machine: the shared federated app never times out a source that answers; a test that waits
# for a timeout sets a short one for itself (`source_timeout`) and bounds the answer by it.
GENEROUS = 10.0  # tests that must not time out
SHORT = 1.0  # a test that waits for a timeout on purpose: the source gives no answer at all
QUICK_FAULT = 3.0  # a source that answers at once, but badly (500, garbage, refused)
MARGIN = 4.0  # on top of the timeout for the whole answer (idle: ~0.05 s, see bench.regions)


def free_port() -> int:
    """A free port in the range, picked at random: other runs on this machine use it too."""
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

    def __init__(self, database: Path, groups: int = 4000) -> None:
        self.groups = groups
        self.database = f"sqlite+aiosqlite:///{database}"
        self.key_file = database.with_name("service-key")
        self.key_file.write_text(uuid.uuid4().hex, encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self._started_once = False

    def start(self) -> None:
        """Start the service on its port (a new one while the first start finds it taken)."""
        for _ in range(5):
            if self._launch():
                return
            if self._started_once:
                raise RuntimeError(f"port {self.port} was taken while NRW's service was stopped")
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
        raise RuntimeError("NRW service did not start")

    def _launch(self) -> bool:
        """Run the service and wait until *it* answers: another run's service may hold the port
        (then ours exits), so the answer must come with this service's own key."""
        command = [sys.executable, "-m", "regions.standins.nrw", "--port", str(self.port)]
        command += ["--database", self.database, "--groups", str(self.groups), "--test-hooks"]
        command += ["--api-key-file", str(self.key_file)]
        self._process = subprocess.Popen(command)
        key = {"authorization": f"Bearer {self.key_file.read_text(encoding='utf-8')}"}
        deadline = time.monotonic() + 120
        while self._process.poll() is None and time.monotonic() < deadline:
            try:
                mine = httpx.get(
                    f"{self.url}/api/v1/gruppen/kontakte", headers=key, timeout=1
                ).status_code
            except httpx.TransportError:
                mine = None
            if mine == 200:
                self._started_once = True
                return True
            time.sleep(0.05)
        self.stop()
        return False

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()  # graceful: waits for the requests it still holds
            try:
                self._process.wait(30)
            except subprocess.TimeoutExpired:
                self._process.kill()
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


def in_thread(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine from sync and async code alike (in a thread with a loop of its own)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


async def guard_file(url: str, before: Fingerprint | None = None) -> dict[str, TableState]:
    """A database file's fingerprint; with `before`, fail if it changed since."""
    engine = create_engine(url)
    try:
        if before is not None:
            await assert_unchanged("NRW service database", engine, before)
        return await fingerprint(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def nrw_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NrwService]:
    """NRW's service for the session; its database is shared, and guarded like the registry."""
    service = NrwService(tmp_path_factory.mktemp("nrw") / "nrw.db")
    service.start()
    before = in_thread(guard_file(service.database))
    yield service
    service.stop()
    in_thread(guard_file(service.database, before))


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
        in_thread(fresh_schema(schema))  # callable from sync and async tests alike
        url = POSTGRES_URL
    return RegionConfig(
        code=code,
        kind="sql",
        url=url,
        layout="bavaria",
        schema_name=schema,
        demo_groups=groups,
        timeout=GENEROUS,
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
        timeout=GENEROUS,
        api_key_file=nrw_service.key_file,
    )
    return settings.model_copy(update={"regions": [bavaria, nrw]})


@pytest.fixture(scope="session")
async def federated_app(federated_settings: Settings) -> AsyncIterator[Starlette]:
    """The app with Bavaria and NRW; Bavaria's database is shared, and guarded like the
    registry (tests/isolation.py)."""
    application = create_app(federated_settings)
    async with application.router.lifespan_context(application):
        bavaria = application.state.sources["DE-BY"].engine
        before = await fingerprint(bavaria)
        yield application
        await assert_unchanged("Bavaria database", bavaria, before)


@contextmanager
def source_timeout(app: Starlette, code: str, seconds: float) -> Iterator[float]:
    """The region source `code` of `app` times out after `seconds` within the block."""
    source = app.state.sources[code]
    kept = source.timeout
    source.timeout = seconds
    try:
        yield seconds
    finally:
        source.timeout = kept


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


@pytest.fixture
def own_nrw(tmp_path: Path) -> Iterator[NrwService]:
    """An NRW service of this test's own (its database takes the corrections)."""
    folder = tmp_path / "nrw"
    folder.mkdir()
    service = NrwService(folder / "nrw.db", groups=60)
    service.start()
    yield service
    service.stop()


@pytest.fixture
async def regions_registry(
    backend: str, settings: Settings, tmp_path: Path, own_nrw: NrwService
) -> AsyncIterator[PrivateRegistry]:
    """A private registry joined with its own Bavaria database and its own NRW service; no
    deliverer task: the tests deliver with `delivery.deliver_once`."""
    schema = None
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'bavaria.db'}"
    else:
        schema, url = f"{POSTGRES_SCHEMA}_by_outbox", POSTGRES_URL
        await fresh_schema(schema)
    bavaria = RegionConfig(
        code="DE-BY",
        kind="sql",
        url=url,
        layout="bavaria",
        schema_name=schema,
        demo_groups=60,
        timeout=GENEROUS,
    )
    nrw = RegionConfig(
        code="DE-NW",
        kind="http",
        url=own_nrw.url,
        layout="nrw",
        timeout=GENEROUS,
        api_key_file=own_nrw.key_file,
    )
    own = settings.model_copy(update={"regions": [bavaria, nrw], "outbox_interval": 0})
    async with open_private_registry(backend, own, tmp_path) as registry:
        yield registry
    if schema is not None:
        engine = create_engine(POSTGRES_URL)
        async with engine.begin() as conn:
            await conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        await engine.dispose()


class BwService:
    """Baden-Württemberg's plain directory service as its own process on a loopback port."""

    def __init__(self, folder: Path, groups: int = 1500) -> None:
        self.groups = groups
        self.database = folder / "bw.db"
        self.key_file = folder / "bw-service-key"
        self.key_file.write_text(uuid.uuid4().hex, encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        for _ in range(5):
            if self._launch():
                return
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
        raise RuntimeError("BW service did not start")

    def _launch(self) -> bool:
        """Run it and wait until *it* answers (its key opens a contact: 200 or 404, not 401)."""
        command = [sys.executable, "-m", "regions.standins.bw", "--port", str(self.port)]
        command += ["--db", str(self.database), "--key-file", str(self.key_file)]
        command += ["--demo-groups", str(self.groups)]
        self._process = subprocess.Popen(command)
        key = {"x-api-key": self.key_file.read_text(encoding="utf-8")}
        deadline = time.monotonic() + 120
        while self._process.poll() is None and time.monotonic() < deadline:
            try:
                mine = httpx.get(f"{self.url}/api/gruppen/1/kontakt", headers=key, timeout=1)
            except httpx.TransportError:
                mine = None
            if mine is not None and mine.status_code in (200, 404):
                return True
            time.sleep(0.05)
        self.stop()
        return False

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(10)
            self._process = None

    def config(self) -> RegionConfig:
        return RegionConfig(
            code="DE-BW",
            kind="http",
            url=self.url,
            layout="bw",
            timeout=GENEROUS,
            api_key_file=self.key_file,
        )


@pytest.fixture(scope="session")
def bw_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BwService]:
    service = BwService(tmp_path_factory.mktemp("bw"))
    service.start()
    yield service
    service.stop()


@pytest.fixture(scope="session")
async def four_app(federated_settings: Settings, bw_service: BwService) -> AsyncIterator[Starlette]:
    """The app with Bavaria (SQL), NRW (a capable HTTP service) and Baden-Württemberg (a plain
    one): every capability level. Bavaria's database is the federated app's, guarded the same."""
    regions = [*federated_settings.regions, bw_service.config()]
    application = create_app(federated_settings.model_copy(update={"regions": regions}))
    async with application.router.lifespan_context(application):
        bavaria = application.state.sources["DE-BY"].engine
        before = await fingerprint(bavaria)
        yield application
        await assert_unchanged("Bavaria database", bavaria, before)


@pytest.fixture
async def four_gql(four_app: Starlette, nrw: NrwService) -> AsyncIterator[Gql]:
    transport = httpx.ASGITransport(app=four_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Gql(http)


class HttpCalls:
    """Requests an HTTP source answered, counted on the adapter's client (any kind of source).
    Answers, not attempts: a pooled keep-alive connection the service closed in between is
    retried once at the transport level (an idempotent read), which is not a call of its own."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, response: httpx.Response) -> None:
        self.paths.append(response.request.url.path)

    def __len__(self) -> int:
        return len(self.paths)


@pytest.fixture
async def http_calls(four_app: Starlette) -> AsyncIterator[dict[str, HttpCalls]]:
    """Requests per HTTP source of the four-source app, counted by the adapter's client."""
    counters = {}
    for code in ("DE-NW", "DE-BW"):
        source = four_app.state.sources[code]
        await source.start()
        counters[code] = HttpCalls()
        source._client.event_hooks["response"].append(counters[code])
    yield counters
    for code, counter in counters.items():
        four_app.state.sources[code]._client.event_hooks["response"].remove(counter)
