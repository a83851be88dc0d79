"""Authenticate /graphql: no token is anonymous, a bad one is HTTP 401 with no data.

A 401 counts against the client address's rate limit (hardening/refusals.py), so guessing
or replaying tokens is limited like anonymous requests are: 429 once the limit is used up.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from regions.registry.store.access import is_revoked

from ..caller import ANONYMOUS, Caller
from ..hardening.identity import identity_of
from ..hardening.refusals import Refusals, error_response
from ..log_throttle import TRACEBACKS
from ..outage import RETRY_AFTER_SECONDS, is_outage, outage_text
from ..settings import Settings
from .claims import caller_from_claims
from .keys import KeyRing, load_keyring
from .tokens import TokenRejected, verify

UNAUTHENTICATED = "UNAUTHENTICATED"
log = logging.getLogger(__name__)


class Authenticate:
    """Wraps the GraphQL view: puts the verified Caller into the request's state."""

    def __init__(self, app: ASGIApp, settings: Settings, refusals: Refusals) -> None:
        self.app = app
        self.settings = settings
        self.refusals = refusals
        _ = self.ring  # fail at start on a broken key configuration, not on a request

    @cached_property
    def ring(self) -> KeyRing:
        return load_keyring(self.settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            header = Headers(scope=scope).get("authorization")
            if header is not None:
                try:
                    caller = await self.authenticate(header, scope["app"].state.engine)
                except TokenRejected as error:
                    response = await self.unauthorized(scope, error)
                    await response(scope, receive, send)
                    return
                except Exception as error:
                    # fail closed: a token that cannot be checked is neither honoured nor ignored
                    _log_unchecked(scope, error)
                    await unavailable(scope)(scope, receive, send)
                    return
                scope.setdefault("state", {})["caller"] = caller
        await self.app(scope, receive, send)

    async def authenticate(self, header: str, engine: Any) -> Caller:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise TokenRejected("scheme", "Send the token as 'Authorization: Bearer <token>'.")
        claims = verify(raw.strip(), self.ring, self.settings)
        caller = caller_from_claims(claims)
        if await is_revoked(engine, str(claims["jti"])):
            raise TokenRejected("revoked", "The token has been revoked.")
        return caller

    async def unauthorized(self, scope: Scope, error: TokenRejected) -> Response:
        said = "".join(c for c in error.message if c.isprintable() and c not in '"\\')[:200]
        challenge = f'Bearer error="invalid_token", error_description="{said}"'
        return await self.refusals.refuse(
            scope,
            401,
            error.message,
            UNAUTHENTICATED,
            headers={"WWW-Authenticate": challenge},
            reason=error.reason,
        )


def _log_unchecked(scope: Scope, error: Exception) -> None:
    """One line; a traceback only for a failure that is not an outage, once a minute."""
    label = identity_of(scope).label
    if is_outage(error):
        said = outage_text(error)
        log.error("request %s: token revocation could not be checked: %s", label, said)
        return
    trace = (type(error), error, error.__traceback__) if TRACEBACKS.first(error) else None
    log.error("request %s: token revocation could not be checked", label, exc_info=trace)


def caller_of(request: Request) -> Caller:
    """The caller Authenticate verified for this request (anonymous without a token)."""
    state = request.scope.get("state") or {}
    caller = state.get("caller", ANONYMOUS)
    return caller if isinstance(caller, Caller) else ANONYMOUS


def unavailable(scope: Scope) -> Response:
    """Our failure, not the caller's: not counted against its rate limit."""
    message = "The token could not be checked right now; try again shortly."
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return error_response(identity_of(scope), 503, message, "SERVICE_UNAVAILABLE", headers)
