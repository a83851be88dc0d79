"""The short path for plain leaf fields (graph/execution.py) answers exactly as graphql-core's
own path: values, nulls, coercion errors with their path, and fields that are not plain."""

from __future__ import annotations

import enum
from typing import Any

import pytest
import strawberry
from strawberry.permission import BasePermission

from graph.execution import Executor

CALLS: list[str] = []


class Tracked(BasePermission):
    message = "no"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        CALLS.append("permission")
        return source.allowed


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Item:
    name: str
    count: int
    maybe: str | None
    colour: Colour
    tags: list[str]
    allowed: strawberry.Private[bool]
    secret: str = strawberry.field(permission_classes=[Tracked], default="s")

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


BAD_COUNT: Any = "not a number"
ITEMS = [
    Item(name="a", count=1, maybe=None, colour=Colour.RED, tags=["x"], allowed=True),
    Item(name="b", count=BAD_COUNT, maybe="m", colour=Colour.BLUE, tags=[], allowed=False),
    Item(name=None, count=3, maybe="n", colour=Colour.RED, tags=["y"], allowed=True),  # type: ignore[arg-type]
]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item | None]:
        return list(ITEMS)


QUERIES = [
    "{ items { name count maybe colour tags shout __typename } }",
    "{ items { n: name c: count ...F } } fragment F on Item { colour maybe }",
    "{ items { name secret } }",
    "query($s: Boolean!) { items { name @skip(if: $s) count @include(if: $s) } }",
]


def run(query: str, fast: bool) -> dict[str, Any]:
    kwargs = {"execution_context_class": Executor} if fast else {}
    schema = strawberry.Schema(query=Query, **kwargs)
    result = schema.execute_sync(query, variable_values={"s": True})
    errors = [(e.message, e.path) for e in result.errors or []]
    return {"data": result.data, "errors": sorted(errors, key=str)}


@pytest.mark.parametrize("query", QUERIES)
def test_the_same_answers_and_errors_as_graphql_core(query: str) -> None:
    CALLS.clear()
    slow = run(query, fast=False)
    slow_calls = list(CALLS)
    CALLS.clear()
    fast = run(query, fast=True)
    assert fast == slow
    assert slow_calls == CALLS  # a guarded field is never on the short path


def test_plain_leaves_take_the_short_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext as Base

    seen: list[str] = []
    original = Base.execute_field

    def counting(self: Any, parent_type: Any, source: Any, details: Any, *args: Any) -> Any:
        seen.append(details[0].node.name.value)
        return original(self, parent_type, source, details, *args)

    monkeypatch.setattr(Base, "execute_field", counting)
    run("{ items { name colour shout maybe } }", fast=True)
    # graphql-core's path: the root list, the field with a resolver, the null, the missing
    # name (which ends its item before `shout`)
    assert sorted(seen) == ["items", "maybe", "name", "shout", "shout"]


def test_errors_are_located_at_their_field() -> None:
    answer = run(QUERIES[0], fast=True)
    assert answer["data"]["items"][0]["name"] == "a"
    assert answer["data"]["items"][1] is None and answer["data"]["items"][2] is None
    paths = [path for _, path in answer["errors"]]
    assert ["items", 1, "count"] in paths and ["items", 2, "name"] in paths


def test_a_missing_attribute_is_graphql_cores_located_error() -> None:
    from types import SimpleNamespace

    @strawberry.type
    class Broken:
        @strawberry.field
        def item(self) -> Item | None:
            return SimpleNamespace(name="n", colour=Colour.RED)  # type: ignore[return-value]

    answers = []
    for kwargs in ({}, {"execution_context_class": Executor}):
        schema = strawberry.Schema(query=Broken, types=[Item], **kwargs)  # type: ignore[arg-type]
        result = schema.execute_sync("{ item { name colour count } }")
        answers.append((result.data, [(e.message, e.path) for e in result.errors or []]))
    assert answers[0] == answers[1]
    assert answers[1][0] == {"item": None}
    assert answers[1][1][0][1] == ["item", "count"]
