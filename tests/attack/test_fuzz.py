"""Fuzzing: schemathesis generates GraphQL queries from the schema and sends them to the app;
none may get a 5xx or an unmasked error, and every error must carry a code."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from graph.app import create_app
from graph.schema import build_schema
from graph.settings import Settings
from tests.attack.conftest import hardened_settings

EXAMPLES = 15  # per root field: about 200 requests per backend
KNOWN_CODES = {None, "BAD_USER_INPUT", "LIMIT_EXCEEDED", "FORBIDDEN"}  # never INTERNAL_SERVER_ERROR


def test_generated_queries_never_fail_the_server(settings: Settings) -> None:
    # given the development app (introspection open, to load the schema), every limit on
    app = create_app(hardened_settings(settings, environment="development"))
    schema = schemathesis.graphql.from_asgi("/graphql", app)
    every = [result.ok() for result in schema.get_all_operations()]
    # one per root field of Query; mutations write, so they are not fuzzed against the shared
    # registry (their bad input is tested per field in tests/graph/mutations)
    operations = [op for op in every if op.label.startswith("Query.")]
    assert len(operations) == len(build_schema().get_type_by_name("Query").fields)
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Any) -> None:
            # when a generated query is sent, then the server answers it safely
            response = case.call()
            assert response.status_code < 500, response.text
            for error in response.json().get("errors") or []:
                code = (error.get("extensions") or {}).get("code")
                # validation errors of generated documents carry no code
                assert code in KNOWN_CODES, (case.body, error)
                assert "Traceback" not in error["message"]

        check()
