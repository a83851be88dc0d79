"""The hardened GraphQL endpoint: rate limits, persisted queries, time limit, GET rules."""

from __future__ import annotations

import asyncio
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from ..view import GraphQLView
from .caller import caller_view
from .errors import METHOD_NOT_ALLOWED, TIMEOUT, refusal
from .guard import Guard, Refused


class HardenedView(GraphQLView):
    """GraphQLView with the hardening checks around each request and each operation."""

    def __init__(self, *args: Any, guard: Guard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = guard

    async def get_context(self, request: Request, response: Response) -> Any:  # type: ignore[override]
        context = await super().get_context(request, response)
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
            return _answer(refused, sub_response)
        deadline = asyncio.timeout(context.settings.request_timeout)
        try:
            async with deadline:
                return await super().execute_operation(
                    request, request_adapter, request_data, context, root_value, sub_response
                )
        except TimeoutError:
            if not deadline.expired():
                raise  # not ours: a TimeoutError from inside is an ordinary error
            limit = context.settings.request_timeout
            error = refusal(f"Request took longer than {limit} s and was stopped.", TIMEOUT)
            return _answer(Refused(504, error, {}), sub_response)

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
            return _answer(Refused(405, error, {"Allow": "POST"}), sub_response)


def _answer(refused: Refused, sub_response: Response) -> ExecutionResult:
    sub_response.status_code = refused.status
    for name, value in refused.headers.items():
        sub_response.headers[name] = value
    return ExecutionResult(data=None, errors=[refused.error])
