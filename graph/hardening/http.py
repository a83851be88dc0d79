"""HTTP rules in front of /graphql: JSON bodies only (no form or multipart: CSRF), body size."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import LIMIT_EXCEEDED
from .refusals import Refusals

JSON_TYPES = ("application/json", "application/graphql-response+json")


class RequestRules:
    """Refuses a POST that is not JSON (415) or whose body passes the size limit (413); both
    refusals count against the client address's rate limit (refusals.py)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, refusals: Refusals) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.refusals = refusals

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in JSON_TYPES:
            message = "POST bodies must be application/json."
            response = await self.refusals.refuse(scope, 415, message, "UNSUPPORTED_MEDIA_TYPE")
            await response(scope, receive, send)
            return
        declared = headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
        await self.app(scope, replay(bytes(body), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"Request body larger than {self.max_body_bytes} bytes."
        response = await self.refusals.refuse(
            scope, 413, message, LIMIT_EXCEEDED, limit="bodyBytes", max=self.max_body_bytes
        )
        await response(scope, receive, send)


def replay(body: bytes, receive: Receive) -> Receive:
    """`receive` that hands out the whole body, already read, once (then the rest)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed
