"""The hardened GraphQL endpoint: request checks, rate limits, persisted queries, time limit,
GET rules."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.http import GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from ..observe import note_result, operation_name
from ..outage import RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE
from ..tracing import REQUEST_ID, span
from ..view import GraphQLView
from .body import BAD_REQUEST, MalformedRequest, from_body, from_query_params
from .caller import caller_view
from .errors import METHOD_NOT_ALLOWED, refusal
from .guard import Guard, Refused
from .identity import identity_of
from .refusals import Refusals, error_response

CODES = {400: BAD_REQUEST, 404: "NOT_FOUND", 405: METHOD_NOT_ALLOWED}


class HardenedView(GraphQLView):
    """GraphQLView with the hardening checks around each request and each operation."""

    def __init__(self, *args: Any, guard: Guard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = guard
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
            return error_response(identity_of(request.scope), status, error.reason, code)

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
        context.guard = self.guard  # the mutations' own quotas (submitGroupRegistration)
        request.state.shg_context = context
        return context

    def should_render_graphql_ide(self, request: Any) -> bool:
        """Not for an APQ GET, which carries only `extensions` (the hash)."""
        has_hash = "extensions" in request.query_params
        return not has_hash and super().should_render_graphql_ide(request)

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL in development; in production only for authenticated callers."""
        context = request.state.shg_context
        if not (context.settings.development or caller_view(context).authenticated):
            raise HTTPException(404, "Not Found")
        return await super().render_graphql_ide(request)

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
        if error is not None:
            return ExecutionResult(data=None, errors=[error])
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as exc:
            if not isinstance(exc.__cause__, InvalidOperationTypeError):
                raise
            error = refusal("Only queries may be sent with GET; use POST.", METHOD_NOT_ALLOWED)
            return _answer(Refused(405, error, {"Allow": "POST"}), sub_response, context)


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
