"""The schema extension that enforces the query limits before validation and execution."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, Lexer, Source, TokenKind, get_operation_ast
from graphql.execution.values import get_variable_values
from strawberry.extensions import ValidationCache

from ..errors import BadUserInput
from .analysis import Analyzer
from .caller import caller_view
from .errors import INTROSPECTION_DISABLED, LimitExceeded, refusal


class OperationLimits(ValidationCache):
    """Size and tokens before parsing; depth, aliases, directives, fields, page size and cost
    before validation (which is cached like Strawberry's ValidationCache). Put it first."""

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query
        settings = getattr(self.execution_context.context, "settings", None)
        if settings and query is not None and self.execution_context.graphql_document is None:
            check_size(query, settings.max_document_chars, settings.max_tokens)
            self.execution_context.parse_options["max_tokens"] = settings.max_tokens
        yield

    def on_validate(self) -> Iterator[None]:
        has_settings = hasattr(self.execution_context.context, "settings")
        errors = check_operation(self.execution_context) if has_settings else []
        if errors:
            self.execution_context.pre_execution_errors = errors
            yield
            return
        yield from super().on_validate()


def check_size(query: str, max_chars: int, max_tokens: int) -> None:
    if len(query) > max_chars:
        raise LimitExceeded("documentChars", max_chars, len(query))
    if len(query) > max_tokens:  # fewer characters than the limit cannot hold more tokens
        tokens = count_tokens(query, max_tokens)
        if tokens > max_tokens:
            raise LimitExceeded("tokens", max_tokens, tokens, "counting stopped there")


def count_tokens(query: str, cap: int) -> int:
    """Tokens as graphql-core's parser counts them for `max_tokens`: comments no, <EOF> yes."""
    lexer = Lexer(Source(query))
    count = 0
    try:
        while count <= cap:
            count += 1
            if lexer.advance().kind == TokenKind.EOF:
                break
    except GraphQLError:
        pass  # the parser reports the syntax error
    return count


def check_operation(execution_context: Any) -> list[GraphQLError]:
    context = execution_context.context
    settings = context.settings
    document = execution_context.graphql_document
    operation = get_operation_ast(document, execution_context.operation_name)
    if operation is None:
        return []
    schema = execution_context.schema._schema
    coerced = get_variable_values(
        schema, operation.variable_definitions or (), execution_context.variables or {}
    )
    values = getattr(coerced, "coerced", coerced)  # graphql-core 3.3 wraps them
    analyzer = Analyzer(
        schema,
        document,
        values if isinstance(values, dict) else {},
        default_page=settings.default_page_size,
        max_page=settings.max_page_size,
    )
    measure = analyzer.operation(operation)
    caller = caller_view(context)
    errors: list[GraphQLError] = [
        LimitExceeded(limit, maximum, actual)
        for limit, maximum, actual in (
            ("depth", settings.max_depth, measure.depth),
            ("aliases", settings.max_aliases, measure.aliases),
            ("directives", settings.max_directives, measure.directives),
            ("fieldDirectives", settings.max_field_directives, measure.field_directives),
            ("fields", settings.max_fields, measure.fields),
            ("cost", caller.cost_budget, measure.cost),
        )
        if actual > maximum
    ]
    for page in analyzer.bad_pages[:1]:
        reason = "must be 0 or more" if page.value < 0 else f"must be at most {analyzer.max_page}"
        error = BadUserInput("first", f"{reason} (on {page.field})")
        error.extensions = {
            **(error.extensions or {}),
            "limit": "pageSize",
            "max": analyzer.max_page,
        }
        errors.append(error)
    if measure.introspection and not (settings.development or caller.authenticated):
        errors.append(
            refusal(
                "Introspection is available to authenticated callers only.",
                INTROSPECTION_DISABLED,
            )
        )
    return errors
