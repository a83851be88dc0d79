"""The HSDS 3.0 API under /hsds/, as the specification's openapi.json describes it.

Public data only, the same for every caller, so every request counts against the anonymous
rate limit of its client address (the graph's limiter). A bad parameter is HTTP 400 with a
JSON reason; an unknown id 404. Complete answers are cacheable (Cache-Control, ETag,
If-None-Match); an answer missing a region that did not answer says so in the header
`HSDS-Region-Unavailable` and the field `region_unavailable`, and is not cached.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..hardening.caller import anonymous_view
from ..hardening.errors import RATE_LIMITED
from ..hardening.guard import Guard
from ..hardening.identity import identity_of
from ..hardening.refusals import error_response
from . import ids, mapping, params
from .lanes import Lane
from .paging import PageRequest, envelope, windows
from .reader import Reader

PREFIX = "/hsds"
HSDS_VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/v3.0/"
CACHE_SECONDS = 300
LIST_FILTERS = {"search", "page", "per_page", "format"}
Handler = Callable[[Request, Reader], Awaitable[Any]]


class NotFound(Exception):
    pass


async def _page(lanes: list[Lane], request: PageRequest) -> dict[str, Any]:
    counts = list(await asyncio.gather(*(lane.count() for lane in lanes)))
    parts = await asyncio.gather(
        *(lanes[i].window(offset, n) for i, offset, n in windows(counts, request))
    )
    return envelope([obj for part in parts for obj in part], sum(counts), request)


def _ref(value: str, kinds: set[str]) -> ids.Ref:
    found = ids.parse(value)
    if found is None or found.kind not in kinds:
        raise NotFound
    return found


def _found(obj: dict[str, Any] | None) -> dict[str, Any]:
    if obj is None:
        raise NotFound
    return obj


# -- the endpoints ------------------------------------------------------------------------


async def root(request: Request, reader: Reader) -> Any:
    params.known(request.query_params, set())
    base = str(request.base_url).rstrip("/") + PREFIX
    return {"version": HSDS_VERSION, "profile": PROFILE, "openapi_url": f"{base}/openapi.json"}


async def services(request: Request, reader: Reader) -> Any:
    q = request.query_params
    params.known(
        q,
        LIST_FILTERS
        | {
            "taxonomy_term_id",
            "taxonomy_id",
            "organization_id",
            "modified_after",
            "minimal",
            "full",
        },
    )
    params.json_format(q)
    page = params.page(q)
    f = await _filters(reader, q)
    full, minimal = params.boolean(q, "full"), params.boolean(q, "minimal")
    body = await _page(reader.service_lanes(f, full), page)
    if minimal:
        body["contents"] = [
            {"id": s["id"], "last_modified": s.get("last_modified")} for s in body["contents"]
        ]
    elif not full:
        body["contents"] = [mapping.one_to_one(s) for s in body["contents"]]
    return body


async def service(request: Request, reader: Reader) -> Any:
    params.known(request.query_params, set())
    ref = _ref(request.path_params["id"], {ids.GROUP, ids.SUPPORT, ids.OFFER})
    return _found(await reader.service(ref))


async def service_at_locations(request: Request, reader: Reader) -> Any:
    q = request.query_params
    params.known(
        q,
        LIST_FILTERS
        | {"taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "full"}
        | {"postcode", "proximity"},
    )
    params.json_format(q)
    page = params.page(q)
    f = await _filters(reader, q, place=params.postcode(q))
    body = await _page(reader.sal_lanes(f), page)
    if not params.boolean(q, "full"):
        body["contents"] = [mapping.one_to_one(s) for s in body["contents"]]
    return body


async def service_at_location(request: Request, reader: Reader) -> Any:
    params.known(request.query_params, set())
    ref = _ref(request.path_params["id"], {ids.SAL, ids.SAL_OFFICE})
    return _found(await reader.service_at_location(ref))


async def organizations(request: Request, reader: Reader) -> Any:
    q = request.query_params
    params.known(q, LIST_FILTERS | {"full_service", "full"})
    params.json_format(q)
    page = params.page(q)
    f = await _filters(reader, q)
    body = await _page(reader.organization_lanes(f), page)
    if not params.boolean(q, "full"):
        body["contents"] = [mapping.one_to_one(o) for o in body["contents"]]
    return body


async def organization(request: Request, reader: Reader) -> Any:
    q = request.query_params
    params.known(q, {"full_service"})
    ref = _ref(request.path_params["id"], {ids.ORGANIZATION, ids.CONTACT_POINT})
    return _found(await reader.organization(ref, params.boolean(q, "full_service")))


async def taxonomies(request: Request, reader: Reader) -> Any:
    q = request.query_params
    params.known(q, LIST_FILTERS)
    params.json_format(q)
    page = params.page(q)
    text = params.text(q)
    found = [mapping.taxonomy()]
    if text and text.casefold() not in mapping.TAXONOMY_NAME.casefold():
        found = []
    return envelope(found[page.offset : page.offset + page.per_page], len(found), page)


async def taxonomy(request: Request, reader: Reader) -> Any:
    params.known(request.query_params, set())
    if request.path_params["id"] != mapping.taxonomy_id():
        raise NotFound
    return mapping.taxonomy()


async def taxonomy_terms(request: Request, reader: Reader) -> Any:
    q = request.query_params
    params.known(q, LIST_FILTERS | {"taxonomy_id", "top_only", "parent_id"})
    params.json_format(q)
    page = params.page(q)
    parent = params.ref(q, "parent_id", {ids.TERM})
    if parent is not None and not parent.key.isdigit():
        raise params.BadParameter("parent_id", "no such taxonomy term")
    if "taxonomy_id" in q and q["taxonomy_id"] != mapping.taxonomy_id():
        return envelope([], 0, page)
    stmt = reader.terms_stmt(params.text(q), parent, params.boolean(q, "top_only"))
    return await _page([reader.term_lane(stmt)], page)


async def taxonomy_term(request: Request, reader: Reader) -> Any:
    params.known(request.query_params, set())
    ref = _ref(request.path_params["id"], {ids.TERM})
    topics = await reader.topics()
    if not ref.key.isdigit() or int(ref.key) not in topics:
        raise NotFound
    return mapping.term(topics[int(ref.key)])


async def _filters(reader: Reader, q: Any, place: tuple[str, float] | None = None) -> Any:
    if "taxonomy_id" in q and q["taxonomy_id"] != mapping.taxonomy_id():
        raise params.BadParameter("taxonomy_id", "no such taxonomy")
    return await reader.filters(
        text=params.text(q),
        term=params.ref(q, "taxonomy_term_id", {ids.TERM}),
        organization=params.ref(q, "organization_id", {ids.ORGANIZATION, ids.CONTACT_POINT}),
        modified_after=params.when(q),
        place=place,
    )


# -- the shell every endpoint runs in -----------------------------------------------------


def endpoint(handler: Handler, guard: Guard) -> Callable[[Request], Awaitable[Response]]:
    settings = guard.settings

    async def run(request: Request) -> Response:
        identity = identity_of(request.scope)
        headers = {"X-Request-ID": identity.request_id}
        wait = None
        if guard.limiter is not None:
            view = anonymous_view(identity.client, settings)
            wait = await guard.limiter.hit(view.rate_key, False, 1)
        if wait is not None:
            return error_response(
                identity,
                429,
                f"Rate limit exceeded; retry in {wait} s.",
                RATE_LIMITED,
                {**headers, "Retry-After": str(wait)},
                retryAfter=wait,
            )
        reader = Reader(request.app.state.engine, request.app.state.sources)
        try:
            body = await asyncio.wait_for(handler(request, reader), settings.request_timeout)
        except params.BadParameter as exc:
            return error_response(
                identity, 400, exc.reason, "BAD_REQUEST", headers, parameter=exc.parameter
            )
        except NotFound:
            return error_response(identity, 404, "No such record.", "NOT_FOUND", headers)
        except TimeoutError:
            return error_response(identity, 504, "The request took too long.", "TIMEOUT", headers)
        unavailable = reader.unavailable
        if unavailable:
            body = {**body, "region_unavailable": sorted(unavailable)}
            headers["HSDS-Region-Unavailable"] = ", ".join(sorted(unavailable))
            headers["Cache-Control"] = "no-store"
        content = orjson.dumps(body)
        if not unavailable:
            etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
            headers["ETag"] = etag
            headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
            if etag in request.headers.get("if-none-match", ""):
                return Response(status_code=304, headers=headers)
        return Response(content, media_type="application/json", headers=headers)

    return run


def routes(guard: Guard) -> list[Route]:
    table: list[tuple[str, Handler]] = [
        ("/", root),
        ("/services", services),
        ("/services/{id}", service),
        ("/service_at_locations", service_at_locations),
        ("/service_at_locations/{id}", service_at_location),
        ("/organizations", organizations),
        ("/organizations/{id}", organization),
        ("/taxonomies", taxonomies),
        ("/taxonomies/{id}", taxonomy),
        ("/taxonomy_terms", taxonomy_terms),
        ("/taxonomy_terms/{id}", taxonomy_term),
    ]
    return [
        Route(PREFIX + path, endpoint(handler, guard), methods=["GET"]) for path, handler in table
    ]
