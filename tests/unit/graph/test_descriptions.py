"""Every type, field, argument, input field, enum value and scalar of the schema is described."""

from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    specified_scalar_types,
)

from graph.schema import build_schema


def undescribed(schema: GraphQLSchema) -> list[str]:
    """Every schema coordinate without a description (introspection and built-ins left out)."""
    missing: list[str] = []

    def check(coordinate: str, description: str | None) -> None:
        if not (description and description.strip()):
            missing.append(coordinate)

    for name, kind in sorted(schema.type_map.items()):
        if name.startswith("__") or name in specified_scalar_types:
            continue
        check(name, kind.description)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                check(f"{name}.{field_name}", field.description)
                for arg_name, arg in field.args.items():
                    check(f"{name}.{field_name}({arg_name}:)", arg.description)
        elif isinstance(kind, GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                check(f"{name}.{field_name}", field.description)
        elif isinstance(kind, GraphQLEnumType):
            for value_name, value in kind.values.items():
                check(f"{name}.{value_name}", value.description)
        else:
            assert isinstance(kind, GraphQLScalarType | GraphQLUnionType), name
    return missing


def test_the_walk_finds_what_is_not_described() -> None:
    schema = GraphQLSchema(
        query=GraphQLObjectType(
            "Query",
            {
                "a": GraphQLField(
                    GraphQLEnumType("Kind", {"X": None}),
                    args={"n": GraphQLArgument(GraphQLScalarType("Odd"))},
                )
            },
        )
    )
    assert undescribed(schema) == ["Kind", "Kind.X", "Odd", "Query", "Query.a", "Query.a(n:)"]


def test_everything_in_the_schema_is_described() -> None:
    missing = undescribed(build_schema()._schema)
    assert not missing, f"{len(missing)} without a description:\n" + "\n".join(missing)
