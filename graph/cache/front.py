"""Cache hits answered in front of GraphQL (README, *Response cache*).

Sits after the request's id, the load shedder, the time limit, the ready gate, the body rules
and the token check, right before the GraphQL view. A single query (POST JSON or GET) with no
extensions (persisted queries resolve in the view) from a caller with no allow-list is looked
up with the key the view would use (response.py). A hit is rate-limited like every request
and answered here with what the view would have answered from the cache: the same body and
status, the content type by Accept, for GET Cache-Control, ETag and 304. Everything else goes
on to the view unchanged (the body replayed), which then neither looks up nor counts the
request against the rate limit a second time.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from ..auth.middleware import caller_of
from ..hardening.body import from_body, from_query_params
from ..hardening.caching import cache_control
from ..hardening.caller import caller_view
from ..hardening.guard import Guard
from ..hardening.http import replay
from ..hardening.media import content_type, negotiate
from ..observe import note_result
from .response import ResponseCache, if_none_match_hits

MISSED = "shg_cache_missed"  # the key looked up in front and not found (the view keeps under it)
REFUSED = "shg_refused"  # the rate limit's refusal of a request counted in front
HIT = ExecutionResult(data={}, errors=None)  # what the headers need to know of a cached answer
PASS_ON_ACCEPT = ("text/html", "multipart/")  # GraphiQL, incremental delivery: the view's


class LookupContext:
    """What the cache's lookup and the caller's limits read of a request."""

    __slots__ = ("caller", "engine", "request", "settings")

    def __init__(self, request: Request) -> None:
        state = request.app.state
        self.settings = state.settings
        self.engine = state.engine
        self.request = request
        self.caller = caller_of(request)


class CacheFront:
    def __init__(self, app: ASGIApp, cache: ResponseCache | None, guard: Guard) -> None:
        self.app = app
        self.cache = cache
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if self.cache is None or scope["type"] != "http" or method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        accept = request.headers.get("accept") or ""
        if any(kind in accept for kind in PASS_ON_ACCEPT):
            await self.app(scope, receive, send)
            return
        body = b""
        if method == "POST":
            message = await receive()  # the whole body: RequestRules read and replays it
            body = message.get("body", b"")
            receive = replay(body, receive)
        data = _single_query(request, body)
        if data is None:
            await self.app(scope, receive, send)
            return
        context = LookupContext(request)
        caller = caller_view(context)
        if caller.allow_list is not None or context.settings.allow_list_only:
            await self.app(scope, receive, send)
            return
        key, entry = await self.cache.lookup(data, context)
        state = scope.setdefault("state", {})
        if entry is None:
            if key is not None:
                state[MISSED] = key
            await self.app(scope, receive, send)
            return
        refused = await self.guard.admit_view(caller, 1)
        if refused is not None:
            state[REFUSED] = refused  # the view answers it, without counting it again
            await self.app(scope, receive, send)
            return
        state["shg_cache_hit"] = True  # the request's log line says so (observe.py)
        note_result(scope, data, HIT)
        media = negotiate(accept or None)
        headers = {"content-type": content_type(media)}
        if method == "GET":
            headers["cache-control"] = cache_control(request, HIT, context.settings.cache_max_age)
            headers["etag"] = entry.etag
            sent = request.headers.get("if-none-match")
            if sent and if_none_match_hits(sent, entry.etag):
                del headers["content-type"]
                await Response(status_code=304, headers=headers)(scope, receive, send)
                return
        answer = Response(b'{"data":' + entry.body + b"}", 200, headers)
        await answer(scope, receive, send)


def _single_query(request: Request, body: bytes) -> GraphQLRequestData | None:
    """One operation with a document and no extensions; None for anything else (batches,
    persisted queries, a request the view refuses)."""
    try:
        if request.method == "GET":
            data: Any = from_query_params(request.query_params)
        else:
            data = from_body(body, 0)
    except Exception:  # malformed: the view answers it with its own error
        return None
    if not isinstance(data, GraphQLRequestData) or data.extensions:
        return None
    return data if isinstance(data.query, str) else None
