"""The hardening layer's errors: each names what was refused, with a stable code."""

from __future__ import annotations

from graphql import GraphQLError

LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
RATE_LIMITED = "RATE_LIMITED"
TIMEOUT = "TIMEOUT"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
OPERATION_NOT_ALLOWED = "OPERATION_NOT_ALLOWED"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"


class LimitExceeded(GraphQLError):
    """One limit of the operation was passed: names the limit, its value and the measure."""

    def __init__(self, limit: str, maximum: int, actual: int, what: str = "") -> None:
        detail = f" ({what})" if what else ""
        super().__init__(
            f"Query limit '{limit}' exceeded: {actual}, at most {maximum} allowed{detail}.",
            extensions={"code": LIMIT_EXCEEDED, "limit": limit, "max": maximum, "actual": actual},
        )


def refusal(message: str, code: str, **extensions: object) -> GraphQLError:
    """A refusal with a code, for errors sent before or instead of execution."""
    return GraphQLError(message, extensions={"code": code, **extensions})
