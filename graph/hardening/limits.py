"""The schema extension that enforces the query limits before validation and execution."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, get_operation_ast
from graphql.execution.values import get_variable_values
from strawberry.extensions import ParserCache, ValidationCache

from ..errors import BadUserInput
from .analysis import Analyzer
from .caller import caller_view
from .errors import INTROSPECTION_DISABLED, LimitExceeded, refusal
from .variables import PARSE_FAILED, VALIDATION_FAILED, variable_errors, with_code

TOKENS_ABORTED = "tokens. Parsing aborted."  # graphql-core's message for max_tokens


class OperationLimits(ParserCache, ValidationCache):
    """Size and tokens while parsing; depth, aliases, directives, fields, page size and cost
    before validation. Parsing and validation are cached as by Strawberry's ParserCache and
    ValidationCache, which this extension replaces; put it first."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        settings = getattr(context.context, "settings", None)
        if settings is None or context.query is None or context.graphql_document is not None:
            yield from super().on_parse()
            return
        if len(context.query) > settings.max_document_chars:
            raise LimitExceeded("documentChars", settings.max_document_chars, len(context.query))
        options = {**context.parse_options, "max_tokens": settings.max_tokens}
        try:
            context.graphql_document = self.cached_parse_document(context.query, **options)
        except GraphQLSyntaxError as error:
            if TOKENS_ABORTED not in error.message:
                raise with_code(error, PARSE_FAILED) from None
            limit = settings.max_tokens
            raise LimitExceeded("tokens", limit, limit + 1, "parsing stopped there") from None
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        has_settings = hasattr(context.context, "settings")
        errors = check_operation(context) if has_settings else []
        if errors:
            context.pre_execution_errors = errors
            yield
            return
        errors = self.cached_validate_document(
            context.schema._schema, context.graphql_document, context.validation_rules
        )
        errors = [with_code(error, VALIDATION_FAILED) for error in errors]
        if not errors and has_settings:
            errors = check_variables(context)
        context.pre_execution_errors = errors
        yield


def check_variables(execution_context: Any) -> list[GraphQLError]:
    """The variables of a valid operation, before execution: BAD_USER_INPUT for each bad one."""
    operation = get_operation_ast(
        execution_context.graphql_document, execution_context.operation_name
    )
    if operation is None:
        return []
    settings = execution_context.context.settings
    schema = execution_context.schema._schema
    inputs = execution_context.variables or {}
    return variable_errors(schema, operation, inputs, hide_suggestions=not settings.development)


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
        error = BadUserInput(page.argument, f"{reason} (on {page.field})")
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
