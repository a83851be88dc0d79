"""Safe errors: the caller sees its own mistakes; anything unexpected only as a request id."""

from __future__ import annotations

import logging
import re
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

from .errors import BadUserInput, Forbidden, RateLimited
from .hardening.variables import PARSE_FAILED, with_code
from .log_throttle import TRACEBACKS
from .outage import (
    OUTAGE_MESSAGE,
    RETRY_AFTER_SECONDS,
    SERVICE_UNAVAILABLE,
    is_outage,
    outage_text,
)

log = logging.getLogger("graph.errors")
INTERNAL = "INTERNAL_SERVER_ERROR"
SUGGESTION = re.compile(r"\s*Did you mean .*\?\s*$", re.DOTALL)


def is_expected(error: GraphQLError) -> bool:
    """Validation errors, variables the schema refuses (no path: raised before execution, as a
    GraphQLError by graphql-core) and the project's own input errors are the caller's to read."""
    original = error.original_error
    if original is None or isinstance(original, BadUserInput | Forbidden | RateLimited):
        return True
    return error.path is None and isinstance(original, GraphQLError)


def _request_id_of(execution_context: ExecutionContext | None) -> str | None:
    context = getattr(execution_context, "context", None)
    return getattr(context, "request_id", None)


def _request_label(execution_context: ExecutionContext | None) -> str | None:
    """The server's request id, and a trusted proxy's beside it, for log lines."""
    context = getattr(execution_context, "context", None)
    proxy = getattr(context, "proxy_request_id", None)
    rid = _request_id_of(execution_context)
    return f"{rid} (proxy {proxy})" if proxy else rid


def without_suggestion(error: GraphQLError) -> GraphQLError:
    """The error without "Did you mean ...?", which would reveal the schema bit by bit."""
    if "Did you mean" not in error.message:
        return error
    return GraphQLError(
        SUGGESTION.sub("", error.message),
        nodes=error.nodes,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


class MaskInternalErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: not is_expected(error))

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        errors = [
            with_code(error, PARSE_FAILED) if isinstance(error, GraphQLSyntaxError) else error
            for error in super()._process_errors(errors)
        ]
        settings = getattr(getattr(self.execution_context, "context", None), "settings", None)
        if settings is not None and settings.development:
            return errors
        return [without_suggestion(error) for error in errors]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        rid = _request_id_of(self.execution_context)
        if is_outage(error.original_error):  # not a bug: the view answers 503 (Retry-After)
            return GraphQLError(
                message=OUTAGE_MESSAGE,
                nodes=error.nodes,
                path=error.path,
                extensions={
                    "code": SERVICE_UNAVAILABLE,
                    "requestId": rid,
                    "retryAfter": RETRY_AFTER_SECONDS,
                },
            )
        return GraphQLError(
            message=f"Internal error; quote request id {rid} when reporting it.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": INTERNAL, "requestId": rid},
        )


class LoggingSchema(strawberry.Schema):
    """Logs unexpected errors with the request id; the caller's own mistakes are not logged.
    One line per error; its traceback at most once per distinct failure per minute."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        rid = _request_label(execution_context)
        outage = False
        for error in errors:
            if is_expected(error):
                continue
            original = error.original_error
            if is_outage(original):
                if not outage:  # one line per request, however many fields failed
                    log.error("request %s: registry unavailable: %s", rid, outage_text(original))
                    outage = True
                continue
            log.error("request %s: %s", rid, error.message, exc_info=_exc_info(original))


def _exc_info(error: Any) -> Any:
    if isinstance(error, BaseException) and TRACEBACKS.first(error):
        return (type(error), error, error.__traceback__)
    return None
