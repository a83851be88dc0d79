"""Every error a client can cause, as each kind of client asks for it: a code, JSON, and the
status of its media type (application/json as before; application/graphql-response+json with
the GraphQL over HTTP specification's statuses and no `data` for requests never executed)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.attack.conftest import Api, ApiFactory

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    json_status: int  # with Accept: application/json
    spec_status: int  # with Accept: application/graphql-response+json
    body: Any = None  # a JSON body for POST
    raw: bytes | None = None  # or raw bytes
    get: dict[str, str] | None = None  # or GET parameters
    content_type: str = JSON
    extensions: dict[str, Any] = field(default_factory=dict)
    executed: bool = False


def q(query: str, **variables: Any) -> dict[str, Any]:
    return {"query": query, "variables": variables}


CASES = [
    Case(
        "variable of the wrong type",
        "BAD_USER_INPUT",
        200,
        400,
        q("query($f: Int) { groups(first: $f) { totalCount } }", f="abc"),
        extensions={"variable": "f", "path": []},
    ),
    Case(
        "ID! variable missing",
        "BAD_USER_INPUT",
        200,
        400,
        q("query($id: ID!) { node(id: $id) { id } }"),
        extensions={"variable": "id"},
    ),
    Case(
        "ID! variable null",
        "BAD_USER_INPUT",
        200,
        400,
        q("query($id: ID!) { node(id: $id) { id } }", id=None),
        extensions={"variable": "id"},
    ),
    Case(
        "enum variable in lower case",
        "BAD_USER_INPUT",
        200,
        400,
        q("query($f: GroupFormat) { groups(format: $f) { totalCount } }", f="digital"),
        extensions={"variable": "f"},
    ),
    Case(
        "input object without its required field",
        "BAD_USER_INPUT",
        200,
        400,
        q("query($n: NearInput) { groups(near: $n) { totalCount } }", n={"radiusKm": 5}),
        extensions={"variable": "n", "path": []},
    ),
    Case(
        "input object with a bad field",
        "BAD_USER_INPUT",
        200,
        400,
        q(
            "query($n: NearInput) { groups(near: $n) { totalCount } }",
            n={"postalCode": "44135", "radiusKm": "far"},
        ),
        extensions={"variable": "n", "path": ["radiusKm"]},
    ),
    Case(
        "DateTime variable that is no date",
        "BAD_USER_INPUT",
        200,
        400,
        q("query($s: DateTime) { auditLog(since: $s) { totalCount } }", s="yesterday"),
        extensions={"variable": "s"},
    ),
    Case("syntax error", "GRAPHQL_PARSE_FAILED", 200, 400, q("{ ")),
    Case("unknown field", "GRAPHQL_VALIDATION_FAILED", 200, 400, q("{ nope }")),
    Case(
        "variable used where its type does not fit",
        "GRAPHQL_VALIDATION_FAILED",
        200,
        400,
        q("query($f: String) { groups(first: $f) { totalCount } }"),
    ),
    Case(
        "too many aliases",
        "LIMIT_EXCEEDED",
        200,
        400,
        q("{ " + " ".join(f"a{i}: __typename" for i in range(20)) + " }"),
        extensions={"limit": "aliases"},
    ),
    Case(
        "unknown persisted document",
        "PERSISTED_QUERY_NOT_FOUND",
        200,
        400,
        {"doc_id": "nothing-registered"},
    ),
    Case(
        "document id that is not a string",
        "BAD_USER_INPUT",
        200,
        400,
        {"extensions": {"docId": 7}},
        extensions={"argument": "doc_id"},
    ),
    Case(
        "unknown operation name",
        "BAD_REQUEST",
        400,
        400,
        {"query": "query A { __typename }", "operationName": "B"},
    ),
    Case("batch while batching is off", "BAD_REQUEST", 400, 400, [q("{ __typename }")]),
    Case("variables not an object", "BAD_REQUEST", 400, 400, {"query": "{ a }", "variables": [1]}),
    Case("no query", "BAD_REQUEST", 400, 400, {"variables": {}}),
    Case("body not JSON", "BAD_REQUEST", 400, 400, raw=b"not json"),
    Case("doc_id and a query", "BAD_REQUEST", 400, 400, {"doc_id": "A", "query": "{ a }"}),
    Case(
        "form body", "UNSUPPORTED_MEDIA_TYPE", 415, 415, raw=b"query=x", content_type="text/plain"
    ),
    Case("mutation over GET", "METHOD_NOT_ALLOWED", 405, 405, get={"query": "mutation { x }"}),
    Case("GET without a query", "BAD_REQUEST", 400, 400, get={"variables": "{}"}),
    Case(
        "malformed id (execution started: a field error)",
        "BAD_USER_INPUT",
        200,
        200,
        q('{ node(id: "not-an-id") { id } }'),
        executed=True,
    ),
]


async def send(api: Api, case: Case, accept: str) -> Any:
    headers = {"accept": accept}
    if case.get is not None:
        return await api.http.get("/graphql", params=case.get, headers=headers)
    content = case.raw if case.raw is not None else json.dumps(case.body).encode()
    headers["content-type"] = case.content_type
    return await api.http.post("/graphql", content=content, headers=headers)


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_every_client_error_has_a_code_and_its_status(
    api: Api, case: Case, accept: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = await send(api, case, accept)
    expected = case.spec_status if accept == GRAPHQL_RESPONSE else case.json_status
    assert response.status_code == expected, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    body = response.json()  # every answer is JSON
    codes = [error["extensions"]["code"] for error in body["errors"]]
    assert codes == [case.code], body
    assert "INTERNAL_SERVER_ERROR" not in codes
    error = body["errors"][0]
    for name, value in case.extensions.items():
        assert error["extensions"][name] == value, error
    if case.executed:
        assert "data" in body
    elif accept == GRAPHQL_RESPONSE:
        assert "data" not in body  # the request never reached execution
    assert response.headers["cache-control"] == "private, no-store"
    # the caller's mistake: no server error, no traceback in the log
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_a_variable_error_names_the_variable_and_runs_nothing(api: Api) -> None:
    api.statements.clear()
    body = (
        await api.http.post(
            "/graphql",
            json=q(
                "query($n: NearInput, $id: ID!) { groups(near: $n) { totalCount } node(id: $id) { id } }",
                n={"postalCode": 44135},
            ),
        )
    ).json()
    assert [e["extensions"]["variable"] for e in body["errors"]] == ["n", "id"]
    assert body["errors"][0]["extensions"]["path"] == ["postalCode"]
    assert "'$n'" in body["errors"][0]["message"]
    assert "postalCode" in body["errors"][0]["message"]
    assert body["data"] is None
    assert api.statements == []


async def test_a_served_answer_keeps_200_in_both_media_types(api: Api) -> None:
    for accept in (JSON, GRAPHQL_RESPONSE, f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", "*/*"):
        response = await api.http.post(
            "/graphql",
            json=q("{ regions(first: 1) { nodes { code } } }"),
            headers={"accept": accept},
        )
        assert response.status_code == 200
        assert response.json()["data"]["regions"]["nodes"]
    preferred = await api.http.post(
        "/graphql", json=q("{ nope }"), headers={"accept": f"{JSON};q=0.5, {GRAPHQL_RESPONSE}"}
    )
    assert preferred.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert preferred.status_code == 400
    legacy = await api.http.post("/graphql", json=q("{ nope }"))  # no Accept at all
    assert legacy.headers["content-type"] == JSON
    assert legacy.status_code == 200


async def test_refusals_before_graphql_follow_the_media_type(api: Api) -> None:
    response = await api.http.post(
        "/graphql",
        json=q("{ __typename }"),
        headers={"accept": GRAPHQL_RESPONSE, "authorization": "Bearer nonsense"},
    )
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_batch_keeps_one_status_for_its_operations(make_api: ApiFactory) -> None:
    async with make_api(max_batch=2) as api:
        response = await api.http.post(
            "/graphql",
            json=[q("{ __typename }"), q("{ nope }")],
            headers={"accept": GRAPHQL_RESPONSE},
        )
        assert response.status_code == 200
        first, second = response.json()
        assert first["data"] == {"__typename": "Query"}
        assert second["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
