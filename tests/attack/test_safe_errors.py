"""Safe responses: masked errors, no suggestions, introspection and GraphiQL, no tracing."""

from __future__ import annotations

import pytest

from tests.attack.conftest import PARTNER, Api, ApiFactory, Auth
from tests.attack.probe import Probe, probe_schema

INTROSPECTION = "{ __schema { queryType { name } types { name } } }"
# graphql-cop's circular introspection query
CIRCULAR = (
    "query cop { __schema { types { fields { type { fields { type { fields { type { fields "
    "{ type { name } } } } } } } } } } }"
)


async def test_unexpected_errors_are_masked_and_logged_with_the_request_id(
    make_api: ApiFactory, caplog: pytest.LogCaptureFixture
) -> None:
    async with make_api(schema=probe_schema(Probe()), environment="production") as api:
        response = await api.post("{ hello broken }", headers={"x-request-id": "attack-1"})
        assert response.status_code == 200
        rid = response.headers["x-request-id"]
        assert rid != "attack-1"  # the server's own id, not the caller's
        body = response.json()
        assert body["data"] is None  # broken is non-null: the null bubbles up
        (error,) = body["errors"]
        assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": rid}
        assert "secret" not in response.text and "hunter2" not in response.text
        assert "hunter2" in caplog.text and rid in caplog.text
        assert "attack-1" not in caplog.text


async def test_field_suggestions_are_hidden_outside_development(make_api: ApiFactory) -> None:
    async with make_api(environment="production") as api:
        body = await api.body("{ grups(first: 1) { totalCount } regoin { code } }")
        messages = [e["message"] for e in body["errors"]]
        assert messages == [
            "Cannot query field 'grups' on type 'Query'.",
            "Cannot query field 'regoin' on type 'Query'.",
        ]
    async with make_api(environment="development") as api:
        body = await api.body("{ grups(first: 1) { totalCount } }")
        assert "Did you mean 'groups'" in body["errors"][0]["message"]


async def test_introspection_in_production_needs_an_authenticated_caller(
    api: Api, auth: Auth
) -> None:
    body = await api.body(INTROSPECTION)
    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTROSPECTION_DISABLED"]
    body = await api.body('fragment T on Query { __type(name: "Group") { name } } { ...T }')
    assert body["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
    partner = await api.body(INTROSPECTION, headers=auth(PARTNER))
    assert partner["data"]["__schema"]["queryType"] == {"name": "Query"}
    assert (await api.body("{ __typename }"))["data"] == {"__typename": "Query"}


async def test_introspection_is_open_in_development(make_api: ApiFactory) -> None:
    async with make_api(environment="development") as api:
        body = await api.body(INTROSPECTION)
        assert body["data"]["__schema"]["queryType"] == {"name": "Query"}


async def test_circular_introspection_is_refused_by_depth_even_for_partners(
    api: Api, auth: Auth
) -> None:
    body = await api.body(CIRCULAR, headers=auth(PARTNER))
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["limit"] == "depth"


async def test_graphiql_in_production_only_for_authenticated_callers(
    make_api: ApiFactory, auth: Auth
) -> None:
    page = {"accept": "text/html"}
    async with make_api(environment="production") as api:
        assert (await api.http.get("/graphql", headers=page)).status_code == 404
        partner = await api.http.get("/graphql", headers={**page, **auth(PARTNER)})
        assert partner.status_code == 200 and "graphiql" in partner.text.lower()
    async with make_api(environment="development") as api:
        assert (await api.http.get("/graphql", headers=page)).status_code == 200


async def test_no_tracing_or_other_extensions_in_responses(api: Api) -> None:
    response = await api.post('{ region(code: "DE-BY") { code } }')
    assert set(response.json()) == {"data"}
    assert not any(h.startswith("x-trace") or h == "server-timing" for h in response.headers)


async def test_malformed_documents_and_bodies_get_plain_errors(api: Api) -> None:
    # graphql-cop's unhandled-error check sends a document that is not GraphQL
    response = await api.post("qwerty cop { abc }")
    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert error["message"].startswith("Syntax Error: Unexpected Name 'qwerty'.")
    assert "Traceback" not in response.text and "Exception" not in response.text
    garbage = await api.http.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert garbage.status_code == 400
    assert "Traceback" not in garbage.text
