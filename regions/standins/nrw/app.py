"""NRW's publishing service: a small Starlette app over its own SQLite database.

GET /api/v1/gruppen?kennung=..  (batch by keys, at most 100)
GET /api/v1/gruppen/suche?(filters)&nach=..|vor=..|rueckwaerts=true&anzahl=..  (in kennung order;
    -> {"gruppen": [...], "weitere": more in that direction, "dahinter": some behind the key})
GET /api/v1/gruppen/anzahl?(filters)
GET /api/v1/gruppen/treffer?(filters)&ordnung=relevanz|entfernung&anzahl=..
    &ab_rang=..&ab_kennung=..&ab_inklusive=true|false&rueckwaerts=true|false
    -> {"treffer": [{"gruppe": {..}, "rang": r, "entfernung_km": km|null}], "weitere": bool,
        "dahinter": bool}  (rueckwaerts: the last `anzahl` before ab_rang/ab_kennung, still in
        rank order; weitere: more in that direction; dahinter: some on the other side)
GET /api/v1/gruppen/facetten?(filters) -> {"anzahl": n, "arten": {art: n}, "themen": {slug: n}}
GET /api/v1/kontaktstellen/gruppen?kontaktstelle=..&je=..&(filters)
GET /api/v1/gruppen/kontakte?kennung=..  (personal data)
GET /api/v1/status
POST /api/v1/gruppen/korrekturen  (a forwarded correction: regions.standins.nrw.corrections)
POST /api/v1/personen/auskunft, POST /api/v1/personen/loeschung  (data-subject requests:
    regions.standins.nrw.subjects; the service key)

With `test_hooks`, POST /_test/stoerung {"verzoegerung": s, "antwort": "500"|"401"|"muell"|null,
"pfad": "/api/v1/gruppen/kontakte"|null} slows down or breaks every other answer (only those
under `pfad`, if given), and GET /_test/anfragen counts the requests served.

The filters (regions.standins.nrw.params): wort=<word>[:<slug>,..] (repeatable, at most 8), thema
(repeatable), art (repeatable), wirkungskreis, offen, lat+lon+umkreis_km (+land). Filters,
relevance and rank are NRW's own (regions.standins.nrw.search; the formula the README publishes).
Bad parameters: 400.

Confidential places (`ort_vertraulich`): the database holds only the town's centre for them
(regions.standins.local_demo.public_point), they are filtered, ordered and shown by a distance
rounded up to 5 km and never under 5 km, and published without coordinates or postal code. A search
around a point (lat/lon, on every endpoint that takes filters) is for the graph only, like
contact data: it needs the service key (401 without it, 403 when the service has none), so
nobody else can probe the service from points of their own choosing.
"""

from __future__ import annotations

import asyncio
import hmac
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from regions.standins.nrw import corrections, params, queries, subjects
from regions.standins.nrw.demo import prepare
from regions.standins.nrw.search import Suche
from regions.standins.nrw.store import create_engine

KEY = re.compile(r"NW-[0-9]{6}")
MAX_KEYS = 100
MAX_PAGE = 100


class Refused(Exception):
    """A request the caller may not make: answered with `status` and the reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass
class Fault:
    """Test-only disturbance: a delay before answering, and a broken answer."""

    delay: float = 0.0
    answer: str | None = None
    path: str | None = None  # disturb only the answers under this path
    requests: int = 0


def _bounded(request: Request, name: str, default: int, maximum: int = MAX_PAGE) -> int:
    value = int(request.query_params.get(name, default))
    if not 0 <= value <= maximum:
        raise ValueError(name)
    return value


def create_service(
    database_url: str,
    *,
    demo_groups: int = 4000,
    seed: int = 20261123,
    scale: float = 1.0,
    test_hooks: bool = False,
    api_key: str | None = None,
) -> Starlette:
    """`api_key`: the key the graph sends for personal data; without one, none is given out."""
    fault = Fault()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = create_engine(database_url)
        await prepare(engine, demo_groups, seed, scale)
        app.state.engine = engine
        try:
            yield
        finally:
            await engine.dispose()

    def engine(request: Request) -> Any:
        return request.app.state.engine

    async def by_keys(request: Request) -> Response:
        keys = request.query_params.getlist("kennung")
        if len(keys) > MAX_KEYS:
            return JSONResponse({"fehler": f"höchstens {MAX_KEYS} Kennungen"}, 400)
        return JSONResponse({"gruppen": await queries.by_keys(engine(request), keys)})

    def keyed(request: Request) -> bool:
        """The request carries the service key (the graph's); a service without a key gives
        out nothing that needs one (403)."""
        if api_key is None:
            raise Refused(403, "ohne Dienstschlüssel wird das nicht herausgegeben")
        sent = request.headers.get("authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {api_key}".encode())

    def group_filter(request: Request) -> Suche:
        """The filters; a search around a point only for the holder of the service key."""
        f = params.group_filter(request.query_params)
        if f.umkreis is not None and not keyed(request):
            raise Refused(401, "Umkreissuche nur mit Dienstschlüssel")
        return f

    async def search(request: Request) -> Response:
        first = _bounded(request, "anzahl", 20)
        query = request.query_params
        after, before = query.get("nach"), query.get("vor")
        backward = params.flag(query, "rueckwaerts") or False
        if after is not None and (before is not None or backward):
            raise Refused(400, "nach nicht mit vor oder rueckwaerts")
        f = group_filter(request)
        key = before if before is not None else after
        found = await queries.search(engine(request), f, first, key, backward or before is not None)
        return JSONResponse(found)

    async def count(request: Request) -> Response:
        f = group_filter(request)
        return JSONResponse({"anzahl": await queries.count(engine(request), f)})

    async def hits(request: Request) -> Response:
        query = request.query_params
        first = _bounded(request, "anzahl", 20)
        f, order = group_filter(request), params.order(query)
        seek = params.seek(query, lambda key: KEY.fullmatch(key) is not None)
        backward = bool(params.flag(query, "rueckwaerts"))
        return JSONResponse(await queries.find(engine(request), f, order, first, seek, backward))

    async def facets(request: Request) -> Response:
        f = group_filter(request)
        return JSONResponse(await queries.facets(engine(request), f))

    async def by_contact_points(request: Request) -> Response:
        ids = [int(i) for i in request.query_params.getlist("kontaktstelle")]
        per = _bounded(request, "je", 20, MAX_PAGE + 1)  # a page, and one to tell if more follow
        f = group_filter(request)
        found = await queries.by_contact_points(engine(request), ids, per, f)
        return JSONResponse({"kontaktstellen": found})

    async def contacts(request: Request) -> Response:
        if not keyed(request):
            raise Refused(401, "Dienstschlüssel fehlt oder ist falsch")
        keys = request.query_params.getlist("kennung")[:MAX_KEYS]
        return JSONResponse({"kontakte": await queries.contacts(engine(request), keys)})

    async def correction(request: Request) -> Response:
        if not keyed(request):
            raise Refused(401, "Dienstschlüssel fehlt oder ist falsch")
        try:
            row = corrections.read(await request.json())
        except (corrections.Malformed, ValueError) as exc:
            reason = str(exc) if isinstance(exc, corrections.Malformed) else "kein JSON"
            return JSONResponse({"fehler": reason}, 400)
        status = await corrections.store(engine(request), row)
        answer = {
            201: {"angenommen": True},
            200: {"angenommen": True, "wiederholt": True},
            409: {"fehler": "Zustellschlüssel schon für eine andere Korrektur vergeben"},
            404: {"fehler": "unbekannte Kennung"},
        }[status]
        return JSONResponse(answer, status)

    async def subject_body(request: Request) -> Any:
        if not keyed(request):
            raise Refused(401, "Dienstschlüssel fehlt oder ist falsch")
        try:
            return await request.json()
        except ValueError:
            raise subjects.Malformed("kein JSON") from None

    async def subject_access(request: Request) -> Response:
        try:
            match = subjects.read_match(await subject_body(request))
        except subjects.Malformed as exc:
            return JSONResponse({"fehler": str(exc)}, 400)
        return JSONResponse({"eintraege": await subjects.records(engine(request), match)})

    async def subject_erasure(request: Request) -> Response:
        try:
            body = await subject_body(request)
            key, match = subjects.read_key(body), subjects.read_match(body)
        except subjects.Malformed as exc:
            return JSONResponse({"fehler": str(exc)}, 400)
        status, counts = await subjects.erase(engine(request), key, match)
        return JSONResponse({"geloescht": counts}, status)

    async def status(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def set_fault(request: Request) -> Response:
        body = await request.json()
        fault.delay = float(body.get("verzoegerung") or 0)
        fault.answer = body.get("antwort")
        fault.path = body.get("pfad")
        return JSONResponse({"verzoegerung": fault.delay, "antwort": fault.answer})

    async def served(request: Request) -> Response:
        return JSONResponse({"anfragen": fault.requests})

    async def disturb(request: Request, call_next: Any) -> Response:
        if request.url.path.startswith("/_test"):
            return await call_next(request)  # type: ignore[no-any-return]
        fault.requests += 1
        if fault.path and not request.url.path.startswith(fault.path):
            return await call_next(request)  # type: ignore[no-any-return]
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.answer in ("500", "401"):
            return JSONResponse({"fehler": "gestört"}, int(fault.answer))
        if fault.answer == "muell":
            return Response(b"<html>Wartungsarbeiten{", 200, media_type="application/json")
        if fault.answer == "falsch":  # valid JSON, wrong shape
            return JSONResponse({"gruppen": [{"kennung": 7}], "weitere": "vielleicht"})
        return await call_next(request)  # type: ignore[no-any-return]

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return JSONResponse({"fehler": exc.reason}, exc.status)

    async def bad_parameter(request: Request, exc: Exception) -> Response:
        reason = str(exc) if isinstance(exc, params.BadParameter) else "ungültiger Parameter"
        return JSONResponse({"fehler": reason}, 400)

    routes = [
        Route("/api/v1/gruppen", by_keys),
        Route("/api/v1/gruppen/suche", search),
        Route("/api/v1/gruppen/anzahl", count),
        Route("/api/v1/gruppen/treffer", hits),
        Route("/api/v1/gruppen/facetten", facets),
        Route("/api/v1/gruppen/kontakte", contacts),
        Route("/api/v1/gruppen/korrekturen", correction, methods=["POST"]),
        Route("/api/v1/personen/auskunft", subject_access, methods=["POST"]),
        Route("/api/v1/personen/loeschung", subject_erasure, methods=["POST"]),
        Route("/api/v1/kontaktstellen/gruppen", by_contact_points),
        Route("/api/v1/status", status),
    ]
    if test_hooks:
        routes += [
            Route("/_test/stoerung", set_fault, methods=["POST"]),
            Route("/_test/anfragen", served),
        ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=disturb)],
        exception_handlers={Refused: refused, ValueError: bad_parameter},
    )
