"""Baden-Württemberg's plain group service: a small Starlette app over its own SQLite database.

GET /api/gruppen?plz=<postal-code prefix>&stichwort=<one of BW's keywords>&name=<substring>
                &offset=<n >= 0>&limit=<1..100, default 20>
    -> {"gesamt": n, "eintraege": [Gruppe, ...]} in "nr" order; 400 {"fehler": ..} on bad
       parameters (an unknown or repeated parameter, an unknown keyword, a malformed value)
GET /api/gruppen/<nr> -> Gruppe | 404 {"fehler": "unbekannt"}
GET /api/gruppen/<nr>/kontakt (header X-Api-Key) -> {"name", "email", "telefon"} | 401 | 404
GET /api/status -> {"ok": true}

Gruppe = {"nr", "name", "beschreibung", "plz", "ort", "breite", "laenge", "stichworte",
"online", "nimmt_auf", "aktiv", "kontaktstelle", "geaendert"}. Only released groups are
published; a withheld place has the town centre's coordinates. No ranking, no facets, no batch
look-up, no national topic slugs: a plain system as a Land might run it.
"""

from __future__ import annotations

import hmac
import os
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from regions.standins.bw.demo import fold, prepare
from regions.standins.bw.tables import gruppen, kontakte, stichworte

PARAMETERS = ("plz", "stichwort", "name", "offset", "limit")
POSTAL_PREFIX = re.compile(r"[0-9]{1,5}")
NUMBER = re.compile(r"[0-9]{1,9}")
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 1_000_000
MAX_TEXT = 100
PUBLIC = [c for c in gruppen.c if c.name not in ("name_klein", "freigegeben")]


class BadParameter(ValueError):
    """A parameter BW does not take, or a value it cannot read: 400 with the reason."""


def _one(query: Mapping[str, Any], name: str) -> str | None:
    values = query.getlist(name)  # type: ignore[attr-defined]
    if len(values) > 1:
        raise BadParameter(f"{name} höchstens einmal")
    return values[0] if values else None


def _text(query: Mapping[str, Any], name: str) -> str | None:
    value = _one(query, name)
    if value is None:
        return None
    if not value.strip() or len(value) > MAX_TEXT or not value.isprintable():
        raise BadParameter(f"{name}: 1 bis {MAX_TEXT} druckbare Zeichen")
    return value


def _number(query: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = _one(query, name)
    if value is None:
        return default
    if not NUMBER.fullmatch(value) or not low <= int(value) <= high:
        raise BadParameter(f"{name}: eine ganze Zahl von {low} bis {high}")
    return int(value)


def conditions(query: Mapping[str, Any], keywords: set[str]) -> list[Any]:
    """The WHERE conditions of a listing's filters (BadParameter for anything else)."""
    unknown = sorted(set(query.keys()) - set(PARAMETERS))
    if unknown:
        raise BadParameter(f"unbekannter Parameter: {unknown[0]}")
    g = gruppen.c
    where: list[Any] = [g.freigegeben.is_(True)]
    postal = _one(query, "plz")
    if postal is not None:
        if not POSTAL_PREFIX.fullmatch(postal):
            raise BadParameter("plz: 1 bis 5 Ziffern")
        where.append(g.plz.startswith(postal, autoescape=True))
    word = _text(query, "stichwort")
    if word is not None:
        if fold(word) not in keywords:
            raise BadParameter("stichwort: unbekanntes Stichwort")
        tagged = select(stichworte.c.nr).where(stichworte.c.stichwort_klein == fold(word))
        where.append(g.nr.in_(tagged))
    name = _text(query, "name")
    if name is not None:
        where.append(func.instr(g.name_klein, fold(name)) > 0)
    return where


def _group(row: Any, words: list[str]) -> dict[str, Any]:
    out = {c.name: row._mapping[c.name] for c in PUBLIC}
    out["stichworte"] = words
    return out


async def _words(conn: Any, numbers: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {n: [] for n in numbers}
    if numbers:
        s = stichworte.c
        stmt = select(s.nr, s.stichwort).where(s.nr.in_(numbers)).order_by(s.nr, s.stichwort)
        for nr, word in await conn.execute(stmt):
            found[nr].append(word)
    return found


def private_database(url: str) -> None:
    """Group contacts are personal data: a new SQLite file is made 0600 in a folder 0700."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.chmod(path, 0o600)
    except FileExistsError:
        pass


def create_service(
    database_url: str,
    *,
    demo_groups: int = 1500,
    seed: int = 20261123,
    scale: float = 1.0,
    api_key: str | None = None,
) -> Starlette:
    """`api_key`: what the graph sends in X-Api-Key for contacts; without one, none are given."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        private_database(database_url)
        engine = create_async_engine(database_url)
        await prepare(engine, demo_groups, seed, scale)
        async with engine.connect() as conn:
            words = await conn.execute(select(stichworte.c.stichwort_klein).distinct())
            app.state.keywords = set(words.scalars())
        app.state.engine = engine
        try:
            yield
        finally:
            await engine.dispose()

    def engine(request: Request) -> AsyncEngine:
        return request.app.state.engine  # type: ignore[no-any-return]

    async def listing(request: Request) -> Response:
        query = request.query_params
        where = conditions(query, request.app.state.keywords)
        offset = _number(query, "offset", 0, 0, MAX_OFFSET)
        limit = _number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        async with engine(request).connect() as conn:
            total = (
                await conn.execute(select(func.count()).select_from(gruppen).where(and_(*where)))
            ).scalar_one()
            stmt = select(*PUBLIC).where(*where).order_by(gruppen.c.nr).offset(offset).limit(limit)
            page = (await conn.execute(stmt)).all()
            words = await _words(conn, [row.nr for row in page])
        return JSONResponse(
            {"gesamt": total, "eintraege": [_group(row, words[row.nr]) for row in page]}
        )

    async def published(conn: Any, nr: int) -> Any:
        g = gruppen.c
        stmt = select(*PUBLIC).where(g.nr == nr, g.freigegeben.is_(True))
        return (await conn.execute(stmt)).first()

    async def one(request: Request) -> Response:
        nr = request.path_params["nr"]
        async with engine(request).connect() as conn:
            row = await published(conn, nr)
            if row is None:
                return JSONResponse({"fehler": "unbekannt"}, 404)
            words = await _words(conn, [nr])
        return JSONResponse(_group(row, words[nr]))

    async def contact(request: Request) -> Response:
        sent = request.headers.get("x-api-key", "")
        if api_key is None or not hmac.compare_digest(sent.encode(), api_key.encode()):
            return JSONResponse({"fehler": "Schlüssel fehlt oder ist falsch"}, 401)
        nr = request.path_params["nr"]
        async with engine(request).connect() as conn:
            if await published(conn, nr) is None:
                return JSONResponse({"fehler": "unbekannt"}, 404)
            k = kontakte.c
            row = (await conn.execute(select(k.name, k.email, k.telefon).where(k.nr == nr))).first()
        if row is None:
            return JSONResponse({"name": None, "email": None, "telefon": None})
        return JSONResponse({"name": row.name, "email": row.email, "telefon": row.telefon})

    async def status(request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def unknown(request: Request, exc: Exception) -> Response:
        return JSONResponse({"fehler": "unbekannt"}, 404)

    async def bad_parameter(request: Request, exc: Exception) -> Response:
        return JSONResponse({"fehler": str(exc)}, 400)

    return Starlette(
        routes=[
            Route("/api/gruppen", listing),
            Route("/api/gruppen/{nr:int}", one),
            Route("/api/gruppen/{nr:int}/kontakt", contact),
            Route("/api/status", status),
        ],
        lifespan=lifespan,
        exception_handlers={404: unknown, BadParameter: bad_parameter},
    )
