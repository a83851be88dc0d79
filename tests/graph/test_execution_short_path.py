"""The short path for plain leaf fields (graph/execution.py) changes nothing a caller sees:
the same answers, errors and redactions per role as graphql-core's own path (a guarded field
never takes it: tests/unit/graph/test_execution.py)."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graph.execution import Executor
from tests.access_tokens import TokenKeys
from tests.graph.mutations.roles import ROLES
from tests.graph.test_prefetch import QUERIES as PREFETCH_QUERIES
from tests.graph.test_prefetch import _post

QUERIES = {
    **PREFETCH_QUERIES,
    "search": """{ search(text: "Sucht", first: 20) { totalCount edges { node { __typename
        ... on Group { id name format reach status audience languages contactMode }
        ... on Organisation { id name officeEmail level }
        ... on RareConditionSearch { id } } } } }""",
    "organisations": """{ organisations(first: 20) { nodes { id name officeEmail officePhone
        website umbrellaKind level contacts { name role phone email } topics { name slug } }
        } }""",
    "regions and offices": """{ regions { nodes { code name coordinationOffice { name city
        phone email officeHours { weekday opens closes } } } } }""",
    "rare conditions": """{ rareConditionSearches(first: 20) { nodes { id seeking seekerRole
        since expiresOn condition { name orphaCode synonyms } person { name email phone } } } }""",
    "directives": """query { groups(first: 10) { nodes { id name @skip(if: true)
        format @include(if: false) reach @include(if: true) __typename } } }""",
}


def plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """graphql-core's own path for every field."""
    monkeypatch.setattr(
        Executor, "execute_field", StrawberryGraphQLCoreExecutionContext.execute_field
    )


@pytest.mark.parametrize("role", list(ROLES))
async def test_same_answers_on_the_short_path_and_off_it(
    app: Starlette, token_keys: TokenKeys, role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, query in QUERIES.items():
        fast = await _post(app, token_keys, role, query)
        with monkeypatch.context() as m:
            plain(m)
            slow = await _post(app, token_keys, role, query)
        assert fast == slow, f"{name} as {role}"
        assert fast.get("data"), f"{name} as {role}: {fast}"
