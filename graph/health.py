"""Liveness (/healthz: the process answers) and readiness (/readyz: its sources answer)."""

from __future__ import annotations

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    engine = request.app.state.engine
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception:  # any failure of the database means: not ready
        return JSONResponse({"status": "unavailable", "sources": {"nakos": "down"}}, 503)
    return JSONResponse({"status": "ok", "sources": {"nakos": "up"}})
