"""The project's GraphQL errors, each with a stable extensions.code."""

from __future__ import annotations

from graphql import GraphQLError

BAD_USER_INPUT = "BAD_USER_INPUT"


class BadUserInput(GraphQLError):
    """Input the caller can fix: names the argument and says why it was refused."""

    def __init__(self, argument: str, reason: str) -> None:
        super().__init__(
            f"Invalid value for argument '{argument}': {reason}",
            extensions={"code": BAD_USER_INPUT, "argument": argument},
        )


FORBIDDEN = "FORBIDDEN"


class Forbidden(GraphQLError):
    """The caller's token lacks the scope a field needs: names the scope."""

    def __init__(self, message: str, scope: str) -> None:
        super().__init__(message, extensions={"code": FORBIDDEN, "scope": scope})


RATE_LIMITED = "RATE_LIMITED"


class RateLimited(GraphQLError):
    """An action with a limit of its own (e.g. registrations per address) was done too often."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, extensions={"code": RATE_LIMITED, "retryAfter": retry_after})
