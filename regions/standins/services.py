"""Run the shipped stand-in services of configured http regions next to the API (`shg serve`)."""

from __future__ import annotations

import contextlib
import logging
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from regions.sources.config import STAND_IN_DIR, RegionConfig
from regions.sources.private_files import private_file

log = logging.getLogger(__name__)
STARTUP_SECONDS = 120  # the first start builds the demo database


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


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


def _wait(config: RegionConfig, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            httpx.get(config.url.rstrip("/") + "/api/v1/status", timeout=1)
            return
        time.sleep(0.2)
    log.warning("region %s: its service is not answering yet; served without it", config.code)


@contextlib.contextmanager
def stand_ins(configs: list[RegionConfig], seed: int, scale: float) -> Iterator[None]:
    """Start each `serve: true` region's service as its own process; stop them on exit.

    uvicorn re-raises the SIGTERM it caught once it has shut down; a handler of our own turns
    that into SystemExit, so the services stop with the API instead of being left behind.
    """
    processes = []
    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        for config in configs:
            if config.kind == "http" and config.serve:
                log.info("region %s: starting its service at %s", config.code, config.url)
                process = subprocess.Popen(_command(config, seed, scale))
                processes.append(process)
                _wait(config, process)
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        signal.signal(signal.SIGTERM, previous)


def _exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)
