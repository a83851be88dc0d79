"""The HTTP rules in front of /graphql (graph/hardening/http.py) as a plain ASGI app."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.responses import JSONResponse
from starlette.types import Message, Receive, Scope, Send

from graph.hardening.http import RequestRules

LIMIT = 64


class Refusals:
    """Stands in for the app's refusals (which also count against the rate limit, tested in
    tests/attack): answers the status and code it is given, and records them."""

    def __init__(self) -> None:
        self.refused: list[tuple[int, str]] = []

    async def refuse(
        self, scope: Scope, status: int, message: str, code: str, **extensions: Any
    ) -> Any:
        self.refused.append((status, code))
        body = {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
        return JSONResponse(body, status_code=status)


class Inner:
    """The app behind the rules: records the body it was given and answers 200."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = await receive()
        self.bodies.append(message["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(
    method: str, headers: dict[str, bytes], chunks: list[bytes]
) -> tuple[Inner, int, Any]:
    inner = Inner()
    scope = {
        "type": "http",
        "method": method,
        "headers": [(k.encode(), v) for k, v in headers.items()],
    }
    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await RequestRules(inner, LIMIT, Refusals())(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return inner, sent[0]["status"], body if body == b"ok" else json.loads(body)


JSON = {"content-type": b"application/json"}


async def test_a_json_post_within_the_limit_reaches_the_app_whole() -> None:
    inner, status, _ = await call("POST", JSON, [b'{"query":', b' "{ a }"}'])
    assert status == 200 and inner.bodies == [b'{"query": "{ a }"}']


@pytest.mark.parametrize(
    "content_type", [b"text/plain", b"application/x-www-form-urlencoded", b"multipart/form-data"]
)
async def test_a_post_that_is_not_json_is_415(content_type: bytes) -> None:
    inner, status, body = await call("POST", {"content-type": content_type}, [b"{}"])
    assert (status, inner.bodies) == (415, [])
    assert body["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


async def test_a_declared_length_over_the_limit_is_413_before_reading() -> None:
    headers = {**JSON, "content-length": str(LIMIT + 1).encode()}
    inner, status, body = await call("POST", headers, [])
    assert (status, inner.bodies) == (413, [])
    assert body["errors"][0]["extensions"] == {
        "code": "LIMIT_EXCEEDED",
        "limit": "bodyBytes",
        "max": LIMIT,
    }


async def test_a_body_over_the_limit_is_413_whatever_its_header_says() -> None:
    headers = {**JSON, "content-length": b"2"}
    inner, status, _ = await call("POST", headers, [b"x" * 40, b"x" * 40])
    assert (status, inner.bodies) == (413, [])


@pytest.mark.parametrize("declared", ["\u00b2".encode("latin-1"), b"-1", b"1e9", b""])
async def test_an_odd_declared_length_is_not_trusted_nor_an_error(declared: bytes) -> None:
    # "²" is a digit to str.isdigit, but int() refuses it: it must not crash the request
    inner, status, _ = await call("POST", {**JSON, "content-length": declared}, [b"{}"])
    assert (status, inner.bodies) == (200, [b"{}"])


async def test_get_requests_pass_untouched() -> None:
    inner, status, _ = await call("GET", {"content-type": b"text/plain"}, [b""])
    assert (status, inner.bodies) == (200, [b""])
