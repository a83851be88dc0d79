"""Field execution with a short path for plain leaf fields (issue 16).

graphql-core executes every field the same way: it builds a resolve info, reads the field's
arguments, calls the resolver, asks whether the result is awaitable, completes it by its type
and finally coerces a leaf value. For a *plain* leaf field, which Strawberry itself resolves
without an info object (no resolver, no field extension such as a permission: only the
attribute of the object), only the last two steps can matter. Such a field is answered here by
reading the attribute and coercing it; anything else, and any plain leaf whose value is null,
awaitable or does not coerce, takes graphql-core's own path, which gives the same answer or
the same error as before. Which fields qualify is decided once per field of the schema.

About half the fields of a typical list page (names, formats, flags) are plain leaves; the
fields that guard data (permissions, masking, disclosure audit) always have a resolver or an
extension and never qualify.
"""

from __future__ import annotations

import weakref
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
)
from graphql.pyutils import Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF
_NOT_PLAIN = object()
Plans = dict[tuple[str, str], Any]  # (type, field) -> plain_leaf(...)
_PLANS: weakref.WeakKeyDictionary[GraphQLSchema, Plans] = weakref.WeakKeyDictionary()


def plain_leaf(field_def: GraphQLField) -> Any:
    """(how Strawberry reads it, the attribute, the leaf type) if the field is a plain leaf,
    else _NOT_PLAIN. A plain field's value is `field.default_resolver(source, python_name)`,
    exactly what Strawberry's own `get_result` returns for it."""
    field = (field_def.extensions or {}).get(BACKREF)
    if field is None or not getattr(field, "is_basic_field", False) or field_def.args:
        return _NOT_PLAIN
    if getattr(field_def.resolve, "__name__", "") != "_get_basic_result":
        return _NOT_PLAIN  # Strawberry wraps it (an exception handler): not only an attribute
    leaf = field_def.type
    if isinstance(leaf, GraphQLNonNull):
        leaf = leaf.of_type
    if not isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
        return _NOT_PLAIN
    return field.default_resolver, field.python_name, leaf


class Executor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with plain leaf fields answered without graphql-core's steps."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plans = _PLANS.setdefault(self.schema, {})

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        manager = self.middleware_manager
        if manager is None or not manager.middlewares:  # no field middleware to run
            name = field_details_list[0].node.name.value
            plans = self.plans
            plan = plans.get((parent_type.name, name))
            if plan is None:
                field_def = self.schema.get_field(parent_type, name)
                plan = _NOT_PLAIN if field_def is None else plain_leaf(field_def)
                plans[(parent_type.name, name)] = plan
            if plan is not _NOT_PLAIN:
                read, attribute, leaf = plan
                try:
                    value = read(source, attribute)
                    if value is not None and not self.is_awaitable(value):
                        coerced = leaf.coerce_output_value(value)
                        if coerced is not None and coerced is not Undefined:
                            return coerced
                except Exception:  # noqa: S110
                    pass  # graphql-core's path below raises it again, located at the field
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
