"""Who may cache an answer of /graphql (HTTP caching of GET queries, e.g. persisted ones).

A GET answer with data and no error, to a caller that sent no credentials (no Authorization
header, no cookie), is public data: `public, max-age=<SHG_CACHE_MAX_AGE>`. Everything else is
`private, no-store`: a token was sent (its answer may hold protected data), protected data was
asked for (anonymous callers get FORBIDDEN errors for it), any error, any refusal, any POST,
the GraphiQL page. Every answer varies by Accept (the media type), Authorization and Cookie;
CORS adds Origin.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PRIVATE = "private, no-store"
VARY = ("Accept", "Authorization", "Cookie")


def has_credentials(headers: Headers) -> bool:
    return "authorization" in headers or "cookie" in headers


def cache_control(request: Any, result: Any, max_age: int) -> str:
    """The Cache-Control of a GET answer that ran through GraphQL."""
    public = (
        max_age > 0
        and not result.errors
        and isinstance(result.data, dict)
        and not has_credentials(request.headers)
    )
    return f"public, max-age={max_age}" if public else PRIVATE


class CacheHeaders:
    """Around /graphql: `Vary` on every answer, `private, no-store` where none was chosen."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = PRIVATE
                for name in VARY:
                    headers.add_vary_header(name)
            await send(message)

        await self.app(scope, receive, send_with_headers)
