"""Measures of one operation through its fragments: depth, aliases, directives, fields, cost.

One walk over the operation's syntax tree, before validation: it must stand unknown fields,
missing fragments and fragment cycles (validation reports those afterwards). Each fragment is
measured once and reused for every spread, so a fragment spread many times, or fragments
spreading each other in a fan, cost one walk each instead of an exponential number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    value_from_ast_untyped,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

INTROSPECTION = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


@dataclass(slots=True)
class Measure:
    """What a selection set asks for; siblings add up, depth is the deepest branch."""

    depth: int = 0
    aliases: int = 0
    directives: int = 0
    field_directives: int = 0
    fields: int = 0
    cost: int = 0
    introspection: bool = False

    def add(self, other: Measure) -> None:
        self.depth = max(self.depth, other.depth)
        self.aliases += other.aliases
        self.directives += other.directives
        self.field_directives = max(self.field_directives, other.field_directives)
        self.fields += other.fields
        self.cost += other.cost
        self.introspection = self.introspection or other.introspection


@dataclass(frozen=True, slots=True)
class PageSize:
    """A `first` (or `last`) argument outside 0..max, found before any resolver runs."""

    field: str
    value: int
    argument: str = "first"


@dataclass
class Analyzer:
    """Measures one operation; page sizes outside the limit are collected on the way."""

    schema: GraphQLSchema
    document: DocumentNode
    variables: dict[str, Any]
    default_page: int
    max_page: int
    bad_pages: list[PageSize] = field(default_factory=list)
    _fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    _memo: dict[str, Measure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._fragments = {
            d.name.value: d
            for d in self.document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }

    def operation(self, node: OperationDefinitionNode) -> Measure:
        root = self.schema.get_root_type(node.operation)
        measure = self.selections(node.selection_set, root)
        measure.directives += len(node.directives or ())
        return measure

    def selections(self, node: SelectionSetNode | None, parent: Any) -> Measure:
        measure = Measure()
        for selection in node.selections if node else ():
            if isinstance(selection, FieldNode):
                measure.add(self.field(selection, parent))
                continue
            count = len(selection.directives or ())
            measure.add(Measure(directives=count, field_directives=count))
            if isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                measure.add(self.selections(selection.selection_set, inner))
            elif isinstance(selection, FragmentSpreadNode):
                measure.add(self.fragment(selection.name.value))
        return measure

    def fragment(self, name: str) -> Measure:
        known = self._memo.get(name)
        if known is not None:
            return known
        definition = self._fragments.get(name)
        self._memo[name] = Measure()  # a cycle adds nothing here; validation refuses it
        if definition is None:
            return self._memo[name]
        parent = self.schema.get_type(definition.type_condition.name.value)
        measure = self.selections(definition.selection_set, parent)
        measure.directives += len(definition.directives or ())
        self._memo[name] = measure
        return measure

    def field(self, node: FieldNode, parent: Any) -> Measure:
        name = node.name.value
        definition = _field_definition(parent, name)
        child_type = get_named_type(definition.type) if definition else None
        children = self.selections(node.selection_set, child_type)
        directives = len(node.directives or ())
        return Measure(
            depth=children.depth + (0 if _is_type_wrapper(parent, name) else 1),
            aliases=children.aliases + (1 if node.alias else 0),
            directives=children.directives + directives,
            field_directives=max(children.field_directives, directives),
            fields=children.fields + 1,
            cost=1 + self.multiplier(node, definition) * children.cost,
            introspection=children.introspection or name in INTROSPECTION,
        )

    def multiplier(self, node: FieldNode, definition: GraphQLField | None) -> int:
        """How many objects the field may return: `first` (or `last`), the number of ids,
        else one."""
        if definition is None:
            return 1
        if "first" in definition.args:
            value, argument = self.argument(node, "first"), "first"
            if (value is Undefined or value is None) and "last" in definition.args:
                value, argument = self.argument(node, "last"), "last"  # backwards: as many
            if value is Undefined or value is None:
                default = definition.args["first"].default_value
                value = default if isinstance(default, int) else self.default_page
            if not isinstance(value, int):
                return self.default_page
            if value < 0 or value > self.max_page:
                self.bad_pages.append(PageSize(node.name.value, value, argument))
                return self.max_page if value > 0 else 0
            return value
        if "ids" in definition.args:
            ids = self.argument(node, "ids")
            return len(ids) if isinstance(ids, list) else 1
        return 1

    def argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                return value_from_ast_untyped(argument.value, self.variables)
        return Undefined


def _is_type_wrapper(parent: Any, name: str) -> bool:
    """`__Type.ofType` unwraps [T!]! level by level; introspection queries nest it 7+ deep, and
    it is bounded by the schema, so it adds no depth (GraphiQL keeps working under depth 10)."""
    return name == "ofType" and getattr(parent, "name", None) == "__Type"


def _field_definition(parent: Any, name: str) -> GraphQLField | None:
    if name in INTROSPECTION:
        return INTROSPECTION[name]
    if name == "__typename":
        return TypeNameMetaFieldDef
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return parent.fields.get(name)
    return None
