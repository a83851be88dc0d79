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
