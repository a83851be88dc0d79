"""Liveness (/healthz: the process answers) and readiness (/readyz: its sources answer)."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from regions.registry import SOURCE


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _registry_up(request: Request) -> bool:
    try:
        async with request.app.state.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception:  # any failure of the database means: not ready
        return False
    return True


async def readyz(request: Request) -> JSONResponse:
    """503 only when the national registry is down: a region that is down is served around
    (its data left out, with an error), so it is reported here but does not stop traffic."""
    sources = getattr(request.app.state, "sources", {})
    registry, *health = await asyncio.gather(
        _registry_up(request), *(source.health() for source in sources.values())
    )
    states = {SOURCE: "up" if registry else "down"}
    for code, state in zip(sources, health, strict=True):
        states[code] = state.status.value.lower()
    if not registry:
        return JSONResponse({"status": "unavailable", "sources": states}, 503)
    degraded = any(state != "up" for state in states.values())
    return JSONResponse({"status": "degraded" if degraded else "ok", "sources": states})
