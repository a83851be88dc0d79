"""Run the shipped stand-in services of configured http regions next to the API (`shg serve`)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib
import logging
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from regions.sources.config import STAND_IN_DIR, RegionConfig
from regions.sources.private_files import private_file

log = logging.getLogger(__name__)
STARTUP_SECONDS = 120  # the first start builds the demo database
PR_SET_PDEATHSIG = 1


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def status_url(config: RegionConfig) -> str:
    """Where the stand-in says it is up: its package's STATUS_PATH (NRW: /api/v1/status)."""
    package = importlib.import_module(f"regions.standins.{config.layout}")
    path = getattr(package, "STATUS_PATH", "/api/v1/status")
    return config.url.rstrip("/") + path


def _service_key(config: RegionConfig) -> Path:
    """The key the stand-in wants for contact data: made once, readable by its owner only."""
    path = config.key_file()
    assert path is not None  # a `serve` entry always has one
    private_file(path, secrets.token_urlsafe(32).encode())
    return path


def _command(config: RegionConfig, seed: int, scale: float) -> list[str]:
    url = urlsplit(config.url)
    if (url.hostname or "127.0.0.1") not in LOOPBACK:
        raise SystemExit(
            f"region {config.code}: a stand-in service runs on loopback only, not {url.hostname}"
        )
    return [
        sys.executable,
        "-m",
        f"regions.standins.{config.layout}",
        "--host",
        url.hostname or "127.0.0.1",
        "--port",
        str(url.port or 80),
        "--database",
        f"sqlite+aiosqlite:///{STAND_IN_DIR / config.layout}.db",
        "--seed",
        str(seed),
        "--scale",
        str(scale),
        "--api-key-file",
        str(_service_key(config)),
    ]


def _wait(config: RegionConfig, process: subprocess.Popen[bytes] | None) -> None:
    assert process is not None
    deadline = time.monotonic() + STARTUP_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            httpx.get(status_url(config), timeout=1)
            return
        time.sleep(0.2)
    log.warning("region %s: its service is not answering yet; served without it", config.code)


class Supervised:
    """One stand-in service process, restarted when it dies (a watcher thread looks twice a
    second; waits 1 s, doubling to 30 s, between restarts of a service that keeps dying)."""

    def __init__(self, config: RegionConfig, command: list[str]) -> None:
        self.config = config
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, daemon=True, name=f"{config.code}")

    def start(self) -> None:
        refuse_leftover(self.config)
        self._spawn()
        _wait(self.config, self.process)
        self._watcher.start()

    def _spawn(self) -> None:
        self.process = subprocess.Popen(self.command, preexec_fn=_die_with_parent)
        _pid_file(self.config).write_text(str(self.process.pid), encoding="utf-8")

    def _watch(self) -> None:
        wait = 1.0
        while not self._stop.wait(0.5):
            assert self.process is not None
            code = self.process.poll()  # reaps it: no zombie
            if code is None:
                continue
            log.warning(
                "region %s: its service exited (%s); restarting in %.0f s",
                self.config.code,
                code,
                wait,
            )
            if self._stop.wait(wait):
                return
            self._spawn()
            self.restarts += 1
            wait = min(wait * 2, 30.0)

    def stop(self) -> None:
        self._stop.set()
        if self._watcher.is_alive():
            self._watcher.join(5)
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        _pid_file(self.config).unlink(missing_ok=True)


def _pid_file(config: RegionConfig) -> Path:
    return STAND_IN_DIR / f"{config.layout}-service.pid"


def refuse_leftover(config: RegionConfig) -> None:
    """Something already answers where the stand-in is to run: a leftover of an earlier run
    (its API killed with SIGKILL) or another program. Not used silently: refused, named."""
    with contextlib.suppress(httpx.TransportError):
        httpx.get(status_url(config), timeout=1)
        pid_file = _pid_file(config)
        said = pid_file.read_text(encoding="utf-8").strip() if pid_file.exists() else ""
        hint = f" (process {said} per {pid_file})" if said else ""
        raise SystemExit(
            f"region {config.code}: something already answers at {config.url}{hint}, probably "
            "a stand-in left over from an earlier run; stop it, or free the port, and start again"
        )


def _die_with_parent() -> None:
    """Linux: the stand-in gets SIGTERM when `shg serve` dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@contextlib.contextmanager
def stand_ins(configs: list[RegionConfig], seed: int, scale: float) -> Iterator[list[Supervised]]:
    """Start each `serve: true` region's service as its own process, supervised; stop them
    on exit.

    uvicorn re-raises the SIGTERM it caught once it has shut down; a handler of our own turns
    that into SystemExit, so the services stop with the API instead of being left behind.
    """
    services: list[Supervised] = []
    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        for config in configs:
            if config.kind == "http" and config.serve:
                log.info("region %s: starting its service at %s", config.code, config.url)
                service = Supervised(config, _command(config, seed, scale))
                services.append(service)
                service.start()
        yield services
    finally:
        for service in services:
            service.stop()
        signal.signal(signal.SIGTERM, previous)


def _exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)
