"""The hardened GraphQL endpoint: request checks, rate limits, persisted queries, time limit,
GET rules."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.http import GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from .. import graphiql
from ..cache.front import MISSED, REFUSED
from ..cache.response import ResponseCache, cacheable, etag_of, if_none_match_hits
from ..observe import note_result, operation_name
from ..outage import RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE
from ..tracing import REQUEST_ID, span
from ..view import GraphQLView
from .body import BAD_REQUEST, DOC_ID_FIELDS, MalformedRequest, from_body, from_query_params
from .caching import cache_control
from .caller import caller_view
from .errors import METHOD_NOT_ALLOWED, refusal
from .guard import Guard, Refused
from .identity import identity_of
from .media import GRAPHQL_RESPONSE, content_type, negotiate
from .refusals import Refusals, error_response

INTERNAL = "INTERNAL_SERVER_ERROR"
CODES = {400: BAD_REQUEST, 404: "NOT_FOUND", 405: METHOD_NOT_ALLOWED}


class HardenedView(GraphQLView):
    """GraphQLView with the hardening checks around each request and each operation."""

    def __init__(
        self, *args: Any, guard: Guard, response_cache: ResponseCache | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.guard = guard
        self.response_cache = response_cache
        self.refusals = Refusals(guard)

    async def run(  # type: ignore[override]
        self, request: Request, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response:
        """Every answer is JSON: a malformed request is a counted 400 (body.py); what
        Strawberry itself refuses keeps its status."""
        try:
            return await super().run(request, context, root_value)
        except MalformedRequest as error:
            caller = caller_view(request.state.shg_context)
            return await self.refusals.refuse(
                request.scope, 400, error.message, BAD_REQUEST, caller=caller
            )
        except HTTPException as error:
            status = error.status_code
            code = CODES.get(status, HTTPStatus(status).phrase.upper().replace(" ", "_"))
            media = negotiate(request.headers.get("accept"))
            return error_response(
                identity_of(request.scope), status, error.reason, code, media_type=media
            )

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:  # type: ignore[override]
        """GraphQL over HTTP: with application/graphql-response+json, a request that never
        reached execution is HTTP 400 with no `data`; application/json keeps 200. GET answers
        say who may cache them (caching.py)."""
        body = await super().process_result(request, result)
        context = request.state.shg_context
        media = request.state.shg_media
        sub_response = context.response
        status = sub_response.status_code or 200
        batch = getattr(request.state, "shg_batch", False)  # one status for all: kept at 200
        request_error = isinstance(result, PreExecutionError) and not batch
        if media == GRAPHQL_RESPONSE and status == 200 and request_error:
            codes = {(e.extensions or {}).get("code") for e in result.errors or ()}
            sub_response.status_code = 500 if INTERNAL in codes else 400
        if media == GRAPHQL_RESPONSE and (sub_response.status_code or 200) >= 400:
            body.pop("data", None)
        if request.method == "GET":
            sub_response.headers["Cache-Control"] = cache_control(
                request, result, context.settings.cache_max_age
            )
            if not batch and (sub_response.status_code or 200) == 200:
                _etag(request, result, context, sub_response)
        return body

    def create_response(self, response_data: Any, sub_response: Response) -> Response:  # type: ignore[override]
        response = super().create_response(response_data, sub_response)
        media = getattr(sub_response, "shg_media", None)
        if media is not None:
            response.headers["content-type"] = content_type(media)
        if getattr(sub_response, "shg_not_modified", False):
            kept = {k: v for k, v in response.headers.items() if k not in UNMODIFIED_DROPS}
            return Response(status_code=304, headers=kept)
        return response

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:  # type: ignore[override]
        """body.py decodes and checks; Strawberry's own parsing is not used."""
        transport = self._get_stream_transport_from_headers(request.headers)
        protocol = transport.protocol if transport else "http"
        if request.method == "GET":
            return from_query_params(request.query_params, protocol)
        batching = self.schema.config.batching_config
        max_batch = batching["max_operations"] if batching else 0
        return from_body(await request.get_body(), max_batch, protocol)

    async def get_context(self, request: Request, response: Response) -> Any:  # type: ignore[override]
        context = await super().get_context(request, response)
        request.state.shg_media = response.shg_media = negotiate(request.headers.get("accept"))  # type: ignore[attr-defined]
        context.guard = self.guard  # the mutations' own quotas (submitGroupRegistration)
        context.response_cache = self.response_cache
        request.state.shg_context = context
        return context

    def should_render_graphql_ide(self, request: Any) -> bool:
        """Not for a persisted query's GET, which carries only its hash or document id."""
        persisted = {"extensions", *DOC_ID_FIELDS} & set(request.query_params)
        return not persisted and super().should_render_graphql_ide(request)

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL in development; in production only for authenticated callers."""
        context = request.state.shg_context
        if not (context.settings.development or caller_view(context).authenticated):
            raise HTTPException(404, "Not Found")
        return graphiql.page()

    async def execute_operation(  # type: ignore[override]
        self,
        request: Request,
        request_adapter: Any,
        request_data: Any,
        context: Any,
        root_value: Any,
        sub_response: Response,
    ) -> Any:
        operations = len(request_data) if isinstance(request_data, list) else 1
        request.state.shg_batch = isinstance(request_data, list)
        refused = request.scope.get("state", {}).get(REFUSED)  # counted in front (cache/front.py)
        if refused is None:
            refused = await self.guard.admit(context, operations)
        if refused is not None:
            return _answer(refused, sub_response, context)
        # the time limit is the Deadline around the whole request (hardening/deadline.py)
        name = operation_name(request_data)
        with span(
            f"graphql {name or 'anonymous'}",
            **{
                "graphql.operation.name": name,
                REQUEST_ID: context.request_id,
            },
        ):
            result = await super().execute_operation(
                request, request_adapter, request_data, context, root_value, sub_response
            )
        result = _outage_answer(result, sub_response)
        note_result(request.scope, request_data, result)
        return result

    async def execute_single(  # type: ignore[override]
        self,
        request: Request,
        request_adapter: Any,
        sub_response: Response,
        context: Any,
        root_value: Any,
        request_data: Any,
    ) -> ExecutionResult:
        error = await self.guard.prepare(request_data, context)
        if error is not None:  # not executed: a request error (400 for graphql-response+json)
            return PreExecutionError(data=None, errors=[error])
        cache_key, entry = request.scope.get("state", {}).get(MISSED), None  # cache/front.py
        looked_up = cache_key is not None or request.method not in ("GET", "POST")
        if self.response_cache is not None and not looked_up:
            cache_key, entry = await self.response_cache.lookup(request_data, context)
        if entry is not None:  # the same answer, from the cache (graph/cache/)
            request.state.shg_etag = entry.etag
            request.state.shg_cache_hit = True  # the request's log line says so (observe.py)
            return ExecutionResult(data=orjson.loads(entry.body), errors=None)
        try:
            result = await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as exc:
            if not isinstance(exc.__cause__, InvalidOperationTypeError):
                raise
            error = refusal("Only queries may be sent with GET; use POST.", METHOD_NOT_ALLOWED)
            return _answer(Refused(405, error, {"Allow": "POST"}), sub_response, context)
        if cache_key is not None:
            kept = await self.response_cache.keep(cache_key, result, context)  # type: ignore[union-attr]
            if kept is not None:
                request.state.shg_etag = kept.etag
        return result


UNMODIFIED_DROPS = {"content-length", "content-type"}


def _etag(request: Request, result: Any, context: Any, sub_response: Response) -> None:
    """ETag on a GET answer that could be cached; 304 (no body) if the client has it."""
    etag = getattr(request.state, "shg_etag", None)
    if etag is None:
        if isinstance(result, list) or not cacheable(result, context):
            return
        etag = etag_of(orjson.dumps(result.data))
    sub_response.headers["ETag"] = etag
    sent = request.headers.get("if-none-match")
    if sent and if_none_match_hits(sent, etag):
        sub_response.shg_not_modified = True  # type: ignore[attr-defined]


def _outage_answer(result: Any, sub_response: Response) -> Any:
    """A database outage is not a partial answer: 503, Retry-After, one error, no data."""
    results = result if isinstance(result, list) else [result]
    for one in results:
        for error in getattr(one, "errors", None) or []:
            extensions = error.extensions or {}
            if extensions.get("code") != SERVICE_UNAVAILABLE:
                continue
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            one.data = None
            one.errors = [error]
            break
    return result


def _answer(refused: Refused, sub_response: Response, context: Any) -> ExecutionResult:
    """Refused instead of executed: the status, the headers, one error quoting the request id."""
    refused.error.extensions = {**(refused.error.extensions or {}), "requestId": context.request_id}
    sub_response.status_code = refused.status
    for name, value in refused.headers.items():
        sub_response.headers[name] = value
    return ExecutionResult(data=None, errors=[refused.error])
