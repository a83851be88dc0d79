"""Schema evolution: what a change of schema.graphql breaks for clients of the released schema.

graphql-core lists the breaking changes (a field, argument, input field or enum value removed
or changed in kind, a type removed, a required argument added, ...). One is allowed only when
the released schema had already marked its field, argument, input field or enum value
`@deprecated`: clients were told first. Everything else fails `shg schema --check` (and the
test), until it is redone compatibly or released deliberately with `shg schema --release`.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphql import BreakingChange, GraphQLSchema, build_schema, find_breaking_changes

RELEASED = Path("schema/released.graphql")
# graphql-core names what broke by its schema coordinate: Type.field, Type.field(arg:),
# Enum.VALUE (an input field is a "Field" too).
COORDINATE = re.compile(r"^(?:Field|Argument|Enum value) (\w+)\.(\w+)(?:\((\w+):\))? ")


def deprecated_in(schema: GraphQLSchema, change: BreakingChange) -> bool:
    """Whether the released schema had marked what the change removes or alters deprecated."""
    match = COORDINATE.match(change.description)
    if match is None:
        return False
    type_name, member, argument = match.groups()
    kind = schema.type_map.get(type_name)
    values = getattr(kind, "values", None)
    if values is not None:
        target = values.get(member)
    else:
        target = getattr(kind, "fields", {}).get(member)
        if target is not None and argument is not None:
            target = target.args.get(argument)
    return target is not None and target.deprecation_reason is not None


def breaking_changes(released_sdl: str, current_sdl: str) -> list[str]:
    """The breaking changes from the released schema to the current one that no earlier
    `@deprecated` allows, each as graphql-core describes it."""
    released = build_schema(released_sdl)
    current = build_schema(current_sdl)
    return [
        change.description
        for change in find_breaking_changes(released, current)
        if not deprecated_in(released, change)
    ]
