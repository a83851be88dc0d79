"""Who sent a request, under which id: made once per request, before anything else looks.

The request id is always the server's own (a uuid4): the one in the response's X-Request-ID,
in log lines and in the disclosure audit. A caller cannot choose it, so it cannot make audit
entries of two tokens look related. A well-formed X-Request-ID from a trusted proxy is kept
beside it (`proxy_request_id`, logged and audited), to find the proxy's own log line.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .proxies import TrustedProxies, normalise_address

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")
STATE_KEY = "identity"


@dataclass(frozen=True, slots=True)
class RequestIdentity:
    request_id: str
    client: str  # the address rate limits count: the peer, or whom a trusted proxy forwards for
    peer: str  # the address that connected
    proxy_request_id: str | None = None

    @property
    def label(self) -> str:
        """How log lines name the request."""
        if self.proxy_request_id is None:
            return self.request_id
        return f"{self.request_id} (proxy {self.proxy_request_id})"


def new_request_id() -> str:
    return uuid.uuid4().hex


def identify(scope: Scope, proxies: TrustedProxies) -> RequestIdentity:
    address = scope.get("client")
    peer = (normalise_address(address[0]) or address[0]) if address else "unknown"
    headers = Headers(scope=scope)
    proxy_id = None
    if proxies.trusts(peer):
        sent = headers.get("x-request-id")
        proxy_id = sent if sent and WELL_FORMED.fullmatch(sent) else None
    client = proxies.client(peer, headers.getlist("x-forwarded-for"))
    return RequestIdentity(new_request_id(), client, peer, proxy_id)


def identity_of(scope: Scope) -> RequestIdentity:
    """The identity `Identify` gave the request; without it (an app assembled without the
    middleware) one is made now, trusting no proxy, and kept for the rest of the request."""
    state = scope.setdefault("state", {})
    identity = state.get(STATE_KEY)
    if not isinstance(identity, RequestIdentity):
        identity = state[STATE_KEY] = identify(scope, TrustedProxies())
    return identity


class Identify:
    """ASGI middleware: gives each request its identity and every response its X-Request-ID."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[str] = ()) -> None:
        self.app = app
        self.proxies = TrustedProxies.parse(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        identity = identify(scope, self.proxies)
        scope.setdefault("state", {})[STATE_KEY] = identity

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = identity.request_id
            await send(message)

        await self.app(scope, receive, send_with_id)
