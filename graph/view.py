"""The GraphQL HTTP endpoint: per-request context and fast JSON encoding."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL

from .auth.middleware import caller_of
from .context import Context
from .hardening.identity import HEADER, identity_of


class GraphQLView(GraphQL):  # type: ignore[type-arg]
    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        state = request.app.state
        identity = identity_of(request.scope)
        response.headers[HEADER] = identity.request_id
        return Context(
            settings=state.settings,
            engine=state.engine,
            request=request,
            response=response,
            request_id=identity.request_id,
            proxy_request_id=identity.proxy_request_id,
            caller=caller_of(request),
            sources=getattr(state, "sources", {}),
        )

    def encode_json(self, data: Any) -> bytes:
        return orjson.dumps(data)
