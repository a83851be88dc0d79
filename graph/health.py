"""Liveness (/healthz: the process answers) and readiness (/readyz: its sources answer).

/readyz answers within 2 s whatever hangs: each check is bounded (READY_SECONDS) and a check
still running then counts as down (not awaited further: a driver stuck on a hung server may
take long to let go)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any, TypeVar

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from regions.registry import SOURCE

READY_SECONDS = 1.5
T = TypeVar("T")


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _registry_up(request: Request) -> bool:
    try:
        async with request.app.state.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception:  # any failure of the database means: not ready
        return False
    return True


async def bounded(work: Awaitable[T], seconds: float, otherwise: T) -> T:
    """`work`'s result, or `otherwise` when it fails or takes longer than `seconds`."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        task.cancel()
        task.add_done_callback(_forget)
        return otherwise
    try:
        return task.result()
    except Exception:
        return otherwise


def _forget(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        with contextlib.suppress(BaseException):
            task.exception()


async def readyz(request: Request) -> JSONResponse:
    """503 when the national registry is down or not ready yet (start-up, migration pending):
    a region that is down is served around (its data left out, with an error), so it is
    reported here but does not stop traffic."""
    sources = getattr(request.app.state, "sources", {})
    registry, *health = await asyncio.gather(
        bounded(_registry_up(request), READY_SECONDS, False),
        *(bounded(source.health(), READY_SECONDS, None) for source in sources.values()),
    )
    states = {SOURCE: "up" if registry else "down"}
    for code, state in zip(sources, health, strict=True):
        states[code] = "down" if state is None else state.status.value.lower()
    if not getattr(request.app.state, "ready", False):
        return JSONResponse({"status": "starting", "sources": states}, 503)
    if not registry:
        return JSONResponse({"status": "unavailable", "sources": states}, 503)
    degraded = any(state != "up" for state in states.values())
    return JSONResponse({"status": "degraded" if degraded else "ok", "sources": states})
