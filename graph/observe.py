"""One structured log line and the metrics of every GraphQL request (issue 15).

The line: request id (and a trusted proxy's), method, operation name, caller kind, HTTP
status, first error code, SQL statements, duration. Never the query, its variables, a token
or anything personal. The request id is bound for every line logged while answering.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

import orjson
import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import metrics, tracing
from .hardening.identity import identity_of

log = logging.getLogger("graph.request")
OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")
SMALL_BODY = 4096  # a refusal's JSON is read for its code; answers with data are not
VALIDATION = "GRAPHQL_VALIDATION_FAILED"  # graphql-core gives its validation errors no code


@dataclass
class RequestStats:
    statements: int = 0


CURRENT: contextvars.ContextVar[RequestStats | None] = contextvars.ContextVar(
    "shg_request_stats", default=None
)


def count_statement(*_args: Any) -> None:
    """before_cursor_execute listener on the registry's engine."""
    stats = CURRENT.get()
    if stats is not None:
        stats.statements += 1


def operation_name(request_data: Any) -> str | None:
    """The name the client sent, or the one its (first) operation has; None if anonymous."""
    first = request_data[0] if isinstance(request_data, list) and request_data else request_data
    name = getattr(first, "operation_name", None)
    if not name:
        found = OPERATION.match(getattr(first, "query", None) or "")
        name = found.group(1) if found else None
    return name


def note_result(scope: Scope, request_data: Any, result: Any) -> None:
    """What the view knows and the line wants: the operation's name and the error codes."""
    state = scope.setdefault("state", {})
    state["shg_operation"] = operation_name(request_data)
    results = result if isinstance(result, list) else [result]
    codes = [
        (error.extensions or {}).get("code") or VALIDATION  # masked errors carry a code
        for one in results
        for error in (getattr(one, "errors", None) or [])
    ]
    state["shg_codes"] = codes


class Observe:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        identity = identity_of(scope)
        stats = RequestStats()
        token = CURRENT.set(stats)
        bound = structlog.contextvars.bind_contextvars(request_id=identity.request_id)
        tracing.mark_request(identity.request_id)
        status = 500
        body = bytearray()

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif (
                message["type"] == "http.response.body" and status != 200 and len(body) < SMALL_BODY
            ):
                body.extend(message.get("body", b"")[: SMALL_BODY - len(body)])
            await send(message)

        metrics.IN_FLIGHT.inc()
        started = time.perf_counter()
        try:
            await self.app(scope, receive, watched)
        finally:
            took = time.perf_counter() - started
            metrics.IN_FLIGHT.dec()
            self._record(scope, identity, status, bytes(body), stats, took)
            structlog.contextvars.reset_contextvars(**bound)
            CURRENT.reset(token)

    def _record(
        self,
        scope: Scope,
        identity: Any,
        status: int,
        body: bytes,
        stats: RequestStats,
        took: float,
    ) -> None:
        state = scope.get("state") or {}
        codes = state.get("shg_codes") or _codes_of(body)
        code = codes[0] if codes else ""
        operation = metrics.operation_label(state.get("shg_operation"))
        caller = state.get("caller")
        kind = caller.kind.value if caller is not None else "anonymous"
        metrics.REQUESTS.labels(operation, str(status), code).inc()
        metrics.DURATION.labels(operation).observe(took)
        metrics.STATEMENTS.observe(stats.statements)
        if code == "RATE_LIMITED":
            metrics.RATE_LIMITED.inc()
        elif code == "OVERLOADED":
            metrics.SHED.inc()
        detail = state.get("shg_detail")
        log.info(
            "request %s: %s %s %s %s%s",
            identity.label,
            scope.get("method"),
            operation,
            status,
            code or "-",
            f": {detail}" if detail else "",
            extra={
                "detail": detail,
                "proxy_request_id": identity.proxy_request_id,
                "method": scope.get("method"),
                "operation": operation,
                "caller_kind": kind,
                "status": status,
                "code": code or None,
                "codes": len(codes),
                "sql_statements": stats.statements,
                "cached": bool(state.get("shg_cache_hit")),
                "duration_ms": round(took * 1000, 1),
            },
        )


def _codes_of(body: bytes) -> list[str]:
    if not body:
        return []
    try:
        decoded = orjson.loads(body)
        return [
            str((error.get("extensions") or {}).get("code") or "")
            for error in decoded.get("errors") or []
        ]
    except (orjson.JSONDecodeError, AttributeError, TypeError):
        return []
