"""The operation measures, checked against Strawberry's own limiters where those exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
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
    query = "{ topics(first: 10) { nodes { name groups(first: 5) { nodes { id } } } } }"
    # topics: 1 + 10 * (nodes: 1 + name 1 + groups (1 + 5 * (nodes 1 + id 1))) = 1 + 10 * 13
    assert measure(query).cost == 131
    nested = "{ topics { nodes { groups { nodes { id } } } } }"
    assert measure(nested).cost == 1 + 20 * (1 + 1 + 20 * 2)


def test_last_costs_as_much_as_first() -> None:
    backwards = "{ topics(last: 10) { nodes { name groups(last: 5) { nodes { id } } } } }"
    assert measure(backwards).cost == 131
    document = parse("{ groups(last: 500) { nodes { id } } }")
    operation = get_operation_ast(document, None)
    assert operation is not None
    analyzer = Analyzer(SCHEMA, document, {}, 20, 100)
    assert analyzer.operation(operation).cost == 1 + 100 * 2
    assert [(p.field, p.value) for p in analyzer.bad_pages] == [("groups", 500)]


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


def test_directives_count_per_operation_and_the_most_on_one_field() -> None:
    query = """query Q @skip(if: false) {
      a: regions(first: 1) @include(if: true) @skip(if: false) { nodes { code @skip(if: false) } }
      ... on Query @include(if: true) { __typename }
    }"""
    got = measure(query)
    # the operation's own, two on regions, one on code, one on the inline fragment
    assert got.directives == 5
    assert got.field_directives == 2
    assert got.aliases == 1


def test_fields_count_every_selection_and_depth_counts_the_leaf() -> None:
    got = measure("{ topics(first: 2) { nodes { id name parent { name } } } }")
    # topics, nodes, id, name, parent, name
    assert (got.fields, got.depth) == (6, 4)  # topics > nodes > parent > name


def test_a_fragment_spread_many_times_is_counted_each_time_but_measured_once() -> None:
    fragment = "fragment G on Group { id name topics { name } }"
    query = fragment + " { groups(first: 3) { nodes { ...G ...G } } }"
    document = parse(query)
    operation = get_operation_ast(document, None)
    assert operation is not None
    analyzer = Analyzer(SCHEMA, document, {}, 20, 100)
    got = analyzer.operation(operation)
    assert got.fields == 2 + 2 * 4  # groups, nodes, then the fragment's four fields twice
    assert got.cost == 1 + 3 * (1 + 2 * 4)
    assert list(analyzer._memo) == ["G"]


def test_inline_fragments_on_a_union_are_costed_on_their_own_type() -> None:
    query = (
        '{ search(text: "Sucht", first: 4) { edges { node { '
        "... on Group { contactPoint { groups(first: 5) { nodes { id } } } } } } } }"
    )
    # search: 1 + 4 * (edges 1 + node 1 + contactPoint 1 + groups (1 + 5 * (nodes 1 + id 1)))
    assert measure(query).cost == 1 + 4 * (1 + 1 + 1 + 1 + 5 * 2)


@pytest.mark.parametrize(
    ("variables", "multiplier"),
    [
        ({}, 20),  # not given: the default page
        ({"n": None}, 20),
        ({"n": 7}, 7),
        ({"n": "seven"}, 20),  # not an integer: validation refuses it; the walk assumes 20
        ({"n": 0}, 0),
    ],
)
def test_first_from_a_variable(variables: dict[str, object], multiplier: int) -> None:
    query = "query($n: Int) { organisations(first: $n) { nodes { id } } }"
    assert measure(query, variables).cost == 1 + multiplier * 2


def test_a_nested_list_without_first_costs_its_schema_default() -> None:
    # ContactPoint.groups(first: Int = null): the default page of 20
    query = "{ contactPoints(first: 1) { nodes { groups { nodes { id } } } } }"
    assert measure(query).cost == 1 + 1 * (1 + (1 + 20 * 2))


def test_a_negative_first_is_collected_and_costs_nothing_below() -> None:
    document = parse("{ groups(first: -5) { nodes { id } } }")
    operation = get_operation_ast(document, None)
    assert operation is not None
    analyzer = Analyzer(SCHEMA, document, {}, 20, 100)
    assert analyzer.operation(operation).cost == 1
    assert [(p.field, p.value) for p in analyzer.bad_pages] == [("groups", -5)]


def test_ids_from_a_variable_multiply_and_a_single_id_counts_once() -> None:
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    assert measure(query, {"ids": ["a", "b", "c", "d"]}).cost == 1 + 4
    assert measure('{ node(id: "a") { id } }').cost == 2


def test_introspection_is_flagged_for_schema_and_type_but_not_typename() -> None:
    assert measure("{ __schema { queryType { name } } }").introspection
    assert measure('{ __type(name: "Group") { name } }').introspection
    assert not measure("{ __typename }").introspection
    assert not measure("{ topics(first: 1) { nodes { __typename } } }").introspection
