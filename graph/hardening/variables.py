"""Request errors the caller can read: the document's syntax, its validity, its variables.

Each gets its code before execution (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`,
`BAD_USER_INPUT`); a variable's error names the variable and the path inside its value
(`extensions.variable`, `extensions.path`), e.g. `near` and `["postalCode"]`.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    Undefined,
    coerce_input_value,
    is_non_null_type,
)
from graphql.execution.values import get_variable_signature
from graphql.pyutils import print_path_list
from graphql.utilities.validate_input_value import validate_input_value

from ..errors import BAD_USER_INPUT

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """The error with `code` unless it has one already (the same object, changed)."""
    if not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": code}
    return error


def variable_errors(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    inputs: dict[str, Any],
    hide_suggestions: bool,
) -> list[GraphQLError]:
    """Every variable value the schema refuses, as BAD_USER_INPUT naming the variable and the
    path inside it; graphql-core's own coercion would report the same without a code."""
    errors: list[GraphQLError] = []
    for node in operation.variable_definitions or ():
        signature = get_variable_signature(schema, node)
        if isinstance(signature, GraphQLError):
            errors.append(with_code(signature, VALIDATION_FAILED))
            continue
        name, kind = signature.name, signature.type
        value = inputs.get(name, Undefined)

        def refuse(
            error: GraphQLError, path: list[str | int], name: str = name, node: Any = node
        ) -> None:
            errors.append(
                GraphQLError(
                    f"Variable '${name}' has invalid value{print_path_list(path)}: {error.message}",
                    node,
                    extensions={"code": BAD_USER_INPUT, "variable": name, "path": list(path)},
                )
            )

        if value is Undefined:
            if node.default_value is None and is_non_null_type(kind):
                refuse(GraphQLError(f"a value of type '{kind}' must be given."), [])
            continue
        try:
            if coerce_input_value(value, kind) is Undefined:
                validate_input_value(value, kind, refuse, hide_suggestions)
        except RecursionError:
            refuse(GraphQLError("the value is nested too deeply."), [])
    return errors
