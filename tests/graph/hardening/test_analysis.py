"""The operation measures, checked against Strawberry's own limiters where those exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import get_introspection_query, get_operation_ast, parse
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.extensions.max_aliases import count_fields_with_alias

from graph.hardening.analysis import Analyzer, Measure
from graph.schema import build_schema

SCHEMA = build_schema()._schema
FOUR = "fragment Four on Query { a: __typename b: __typename c: __typename d: __typename }"


def measure(query: str, variables: dict[str, object] | None = None) -> Measure:
    document = parse(query)
    operation = get_operation_ast(document, None)
    assert operation is not None
    return Analyzer(SCHEMA, document, variables or {}, 20, 100).operation(operation)


@strawberry.type
class Tiny:
    @strawberry.field
    def me(self) -> Tiny:
        return Tiny()

    @strawberry.field
    def name(self) -> str:
        return "x"


def strawberry_errors(extension: Callable[[], Any], query: str) -> list[str]:
    schema = strawberry.Schema(query=Tiny, extensions=[extension])
    result = schema.execute_sync(query)
    return [e.message for e in result.errors or []]


def test_strawberry_alias_limiter_counts_each_spread_and_so_do_we() -> None:
    query = FOUR + " { ...Four ...Four ...Four ...Four ...Four }"
    document = parse(query)
    fragments = {d.name.value: d for d in document.definitions[:1]}  # type: ignore[union-attr]
    assert count_fields_with_alias(document.definitions[1], fragments) == 20  # type: ignore[arg-type]
    assert measure(query).aliases == 20
    tiny = "fragment F on Tiny { a: name b: name c: name d: name } { ...F ...F ...F ...F ...F }"
    assert strawberry_errors(lambda: MaxAliasesLimiter(15), tiny) == [
        "20 aliases found. Allowed: 15"
    ]


def test_strawberry_depth_limiter_follows_fragments_and_so_do_we() -> None:
    query = "fragment D on Tiny { me { me { name } } } { me { ...D } }"
    assert strawberry_errors(lambda: QueryDepthLimiter(max_depth=2), query) != []
    assert strawberry_errors(lambda: QueryDepthLimiter(max_depth=3), query) == []
    # Strawberry does not count the leaf; we do: me > me > me > name
    tiny_schema = strawberry.Schema(query=Tiny)._schema
    document = parse(query)
    operation = get_operation_ast(document, None)
    assert operation is not None
    assert Analyzer(tiny_schema, document, {}, 20, 100).operation(operation).depth == 4


def test_cost_multiplies_by_first_of_connections_and_nested_lists() -> None:
    query = "{ topics(first: 10) { nodes { name groups(first: 5) { id } } } }"
    # topics: 1 + 10 * (nodes: 1 + name 1 + groups (1 + 5 * 1)) = 1 + 10 * 8
    assert measure(query).cost == 81
    assert measure("{ topics { nodes { groups { id } } } }").cost == 1 + 20 * (1 + 1 + 20)


def test_cost_uses_variables_and_the_number_of_ids() -> None:
    query = "query($n: Int) { groups(first: $n) { nodes { id } } }"
    assert measure(query, {"n": 50}).cost == 1 + 50 * 2
    ids = 'query { nodes(ids: ["a", "b", "c"]) { id } }'
    assert measure(ids).cost == 1 + 3 * 1


def test_page_sizes_outside_the_limit_are_collected_and_capped() -> None:
    document = parse("{ groups(first: 500) { nodes { id } } }")
    operation = get_operation_ast(document, None)
    assert operation is not None
    analyzer = Analyzer(SCHEMA, document, {}, 20, 100)
    assert analyzer.operation(operation).cost == 1 + 100 * 2
    assert [(p.field, p.value) for p in analyzer.bad_pages] == [("groups", 500)]


def test_unknown_fields_missing_fragments_and_cycles_do_not_break_the_walk() -> None:
    assert measure("{ nope { deeper { id } } ...Missing }").depth == 3
    cyclic = measure(
        "fragment A on Query { __typename ...B } fragment B on Query { ...A } { ...A }"
    )
    assert cyclic.fields == 1


def test_introspection_query_fits_the_limits_and_oftype_adds_no_depth() -> None:
    full = measure(get_introspection_query(descriptions=True))
    assert full.introspection
    assert full.depth <= 10 and full.fields <= 300 and full.cost <= 5_000
    assert measure('{ __type(name: "Group") { ofType { ofType { ofType { name } } } } }').depth == 2
