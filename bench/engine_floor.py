"""The floor of the GraphQL engine itself (issue 16): graphql-core alone executing a document
over its answer already in memory, the schema built from schema.graphql with graphql-core's
default resolvers (no Strawberry, no SQL, no HTTP, no permissions). No server on this engine
can answer faster than this plus HTTP; bench.perf prints it beside the raw limit.

    .venv/bin/python -m bench.engine_floor   (the 100-group page over a synthetic answer)
"""

from __future__ import annotations

import copy
import statistics
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema, build_schema, execute, parse, validate

from bench.raw_baseline import PAGE

SDL = Path(__file__).resolve().parents[1] / "schema.graphql"


@lru_cache(maxsize=1)
def schema() -> GraphQLSchema:
    return build_schema(SDL.read_text(encoding="utf-8"))


def typed(data: Any, typename: str | None = None) -> Any:
    """The answer with `__typename` where an abstract field needs it (node: a Group)."""
    data = copy.deepcopy(data)
    if typename is not None and isinstance(data.get("node"), dict):
        data["node"]["__typename"] = typename
    return data


def floor_ms(
    query: str, answer: dict[str, Any], typename: str | None = None, rounds: int = 300
) -> float:
    """The median time (ms) graphql-core takes to execute `query` over its `answer` (the
    `data` of an API response; `typename`: the concrete type of a `node` answer)."""
    data = typed(answer, typename)
    document = parse(query)
    errors = validate(schema(), document)
    assert not errors, errors
    times = []
    for _ in range(rounds + 20):
        started = time.perf_counter()
        result = execute(schema(), document, root_value=data)
        times.append(time.perf_counter() - started)
        assert not result.errors, result.errors
        assert result.data == answer, "not the same answer"
    return statistics.median(times[20:]) * 1000


def main() -> None:
    nodes = [
        {
            "id": f"g{i}",
            "name": f"Gruppe {i}",
            "format": "IN_PERSON",
            "reach": "LOCAL",
            "openForNewMembers": True,
            "contactPoint": {"id": "c", "name": "KISS", "officePhone": "0123 4567"},
            "topics": [{"id": "t", "name": "Sucht"}],
        }
        for i in range(100)
    ]
    data = {"groups": {"totalCount": 4000, "nodes": nodes}}
    print(f"graphql-core alone, the 100-group page: p50 {floor_ms(PAGE, data):.2f} ms")


if __name__ == "__main__":
    main()
