"""Start-up that does not give up: the registry made ready once, or retried in the background
while /readyz answers 503 and /graphql 503 with Retry-After (Kubernetes keeps the pod out of
the Service instead of crash-looping it).

Ready means: the registry answers and its schema is the code's newest revision. With
`SHG_MIGRATE_ON_START` (the default, development) the process migrates and fills demo data
itself; in production the migration Job (`shg migrate`) does, and replicas wait for it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from regions.registry.bootstrap import prepare
from regions.registry.migrate import revisions
from regions.sources.engine import create_engine

from .hardening.identity import identity_of
from .hardening.refusals import error_response
from .outage import RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE, is_outage

log = logging.getLogger("graph.startup")
FIRST_WAIT, LONGEST_WAIT = 1.0, 30.0


class NotMigrated(RuntimeError):
    """The registry's schema is older than the code: `shg migrate` has not run yet."""


async def make_ready(settings: Any) -> None:
    """One attempt. Its own engine: migrations and a demo build have no statement timeout."""
    engine = create_engine(
        settings.database_url,
        settings.database_schema,
        connect_timeout=settings.database_connect_timeout,
    )
    try:
        if settings.migrate_on_start:
            await prepare(
                engine, demo=settings.demo_data, scale=settings.demo_scale, seed=settings.demo_seed
            )
            return
        current, head = await revisions(engine)
        if current != head:
            raise NotMigrated(f"registry schema at {current}, the code needs {head}")
    finally:
        await engine.dispose()


def waiting(error: BaseException) -> bool:
    """Worth waiting for: the database not answering, or its migration not run yet."""
    return isinstance(error, NotMigrated) or is_outage(error)


async def keep_trying(settings: Any, on_ready: Any) -> None:
    """Retry `make_ready` with a growing wait (1 s doubling to 30 s), one log line a try."""
    wait = FIRST_WAIT
    while True:
        await asyncio.sleep(wait)
        try:
            await make_ready(settings)
        except Exception as error:
            if not waiting(error):
                log.exception("registry: start-up failed; not serving")
                return
            log.warning("registry not ready (%s); next try in %.0f s", _short(error), wait)
            wait = min(wait * 2, LONGEST_WAIT)
            continue
        log.info("registry ready")
        await on_ready()
        return


def _short(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]


class ReadyGate:
    """/graphql answers 503 (Retry-After) until the registry is ready."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or getattr(scope["app"].state, "ready", False):
            await self.app(scope, receive, send)
            return
        message = "The service is starting: the registry is not ready yet; try again shortly."
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        response = error_response(identity_of(scope), 503, message, SERVICE_UNAVAILABLE, headers)
        await response(scope, receive, send)
