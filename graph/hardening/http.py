"""HTTP rules in front of /graphql: JSON bodies only (no form or multipart: CSRF), body size."""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import LIMIT_EXCEEDED

JSON_TYPES = ("application/json", "application/graphql-response+json")


class RequestRules:
    """Refuses a POST that is not JSON (415) or whose body passes the size limit (413)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in JSON_TYPES:
            await _refuse(
                send, 415, "POST bodies must be application/json.", "UNSUPPORTED_MEDIA_TYPE"
            )
            return
        declared = headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(send)
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
                await self._too_large(send)
                return
        await self.app(scope, _replay(bytes(body), receive), send)

    async def _too_large(self, send: Send) -> None:
        message = f"Request body larger than {self.max_body_bytes} bytes."
        await _refuse(
            send, 413, message, LIMIT_EXCEEDED, limit="bodyBytes", max=self.max_body_bytes
        )


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(send: Send, status: int, message: str, code: str, **extensions: object) -> None:
    body = orjson.dumps(
        {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
    )
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
