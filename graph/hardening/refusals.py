"""Requests refused without running GraphQL: a JSON error, counted, one log line.

Every refusal (malformed body 400, bad token 401, too large 413, not JSON 415) is logged in the
request's one line (graph/observe.py) and counts against the rate limit like a served request:
per token for a verified caller, otherwise per client address. Once the limit is used up the
answer is 429 instead, whatever the refusal would have been. The body is
`{"errors": [{"message", "extensions": {"code", "requestId", ...}}]}`.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response
from starlette.types import Scope

from .caller import CallerView, anonymous_view
from .errors import RATE_LIMITED
from .guard import Guard
from .identity import RequestIdentity, identity_of
from .media import JSON, accept_of, content_type, negotiate


def error_response(
    identity: RequestIdentity,
    status: int,
    message: str,
    code: str,
    headers: Mapping[str, str] | None = None,
    media_type: str = JSON,
    **extensions: object,
) -> Response:
    """The refusal as the client asked for it (media.py): application/json or
    application/graphql-response+json, both `{"errors": [...]}` with no data."""
    error = {"message": message, "extensions": {"code": code, **extensions}}
    error["extensions"]["requestId"] = identity.request_id  # type: ignore[index]
    response = Response(
        orjson.dumps({"errors": [error]}), status_code=status, headers=dict(headers or {})
    )
    response.headers["content-type"] = content_type(media_type)
    return response


class Refusals:
    """Made once per app, over the guard's rate limiter."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    async def refuse(
        self,
        scope: Scope,
        status: int,
        message: str,
        code: str,
        *,
        caller: CallerView | None = None,
        headers: Mapping[str, str] | None = None,
        **extensions: object,
    ) -> Response:
        """`caller`: whose limit to count against; the client address when not given."""
        identity = identity_of(scope)
        media = negotiate(accept_of(scope["headers"]))
        caller = caller or anonymous_view(identity.client, self.guard.settings)
        refused = await self.guard.admit_view(caller, 1)
        if refused is not None:
            wait = refused.headers["Retry-After"]
            _note(scope, f"was {status} {code}")
            return error_response(
                identity,
                429,
                refused.error.message,
                RATE_LIMITED,
                refused.headers,
                media,
                retryAfter=int(wait),
            )
        _note(scope, message)
        return error_response(identity, status, message, code, headers, media, **extensions)


def _note(scope: Scope, detail: str) -> None:
    """The refusal's detail for the request's one log line (graph/observe.py), which names
    the request id, the status and the code; the client's address is not logged."""
    scope.setdefault("state", {})["shg_detail"] = detail[:200]
