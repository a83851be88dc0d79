"""Malformed requests: each a JSON 400 with the request id, counted against the rate limit,
logged in one line without a traceback; none reaches GraphQL."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

from tests.attack.conftest import PARTNER, ApiFactory, Auth

JSON = {"content-type": "application/json"}
ACCEPT = {"accept": "application/json"}  # not a browser: no GraphiQL instead
DEEP = b"[" * 2000 + b"]" * 2000
# (name, body): every one of them was a plain-text 500 or 400 before
BODIES = [
    ("a string", b'"x"'),
    ("a number", b"123"),
    ("null", b"null"),
    ("true", b"true"),
    ("an empty array", b"[]"),
    ("an array of strings", b'["x"]'),
    ("arrays nested 2,000 deep", DEEP),
    ("arrays nested 1,025 deep", b"[" * 1025 + b"]" * 1025),
    ("a query nested 2,000 deep", b'{"query": ' + DEEP + b"}"),
    (
        "variables nested 2,000 deep",
        b'{"query": "{ __typename }", "variables": {"v": ' + DEEP + b"}}",
    ),
    ("invalid UTF-8", b'{"query": "{ \xff\xfe }"}'),
    ("a lone surrogate", b'{"query": "\\ud800"}'),
    ("UTF-16", '{"query": "{ __typename }"}'.encode("utf-16")),
    ("not JSON", b"{"),
    ("trailing garbage", b'{"query": "{ __typename }"} x'),
    ("an empty body", b""),
    ("NaN", b'{"query": "{ __typename }", "variables": {"v": NaN}}'),
    ("no query", b"{}"),
    ("a query that is a number", b'{"query": 1}'),
    ("a query that is an object", b'{"query": {"a": 1}}'),
    ("variables that are a string", b'{"query": "{ __typename }", "variables": "x"}'),
    ("variables that are an array", b'{"query": "{ __typename }", "variables": []}'),
    ("extensions that are an array", b'{"query": "{ __typename }", "extensions": []}'),
    ("an operationName that is a number", b'{"query": "{ __typename }", "operationName": 1}'),
]
PARAMS = [
    ("GET variables that are not JSON", {"query": "{ __typename }", "variables": "x"}),
    ("GET variables that are an array", {"query": "{ __typename }", "variables": "[1]"}),
    ("GET extensions nested 2,000 deep", {"query": "{ __typename }", "extensions": "[" * 2000}),
    ("GET without a query", {"variables": "{}"}),
]
RID = re.compile(r"[0-9a-f]{32}")


def assert_bad_request(response: Any) -> str:
    """HTTP 400, a JSON body with one error coded BAD_REQUEST quoting the request id."""
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    rid = response.headers["x-request-id"]
    assert RID.fullmatch(rid)
    body = response.json()
    assert set(body) == {"errors"}, body
    [error] = body["errors"]
    assert error["message"]
    assert error["extensions"] == {"code": "BAD_REQUEST", "requestId": rid}
    return rid


def assert_one_line_logged(caplog: pytest.LogCaptureFixture, rid: str) -> None:
    ours = [r for r in caplog.records if r.name.startswith(("graph", "strawberry", "regions"))]
    assert len(ours) == 1, [r.getMessage() for r in ours]
    [record] = ours
    assert rid in record.getMessage() and "\n" not in record.getMessage()
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


@pytest.mark.parametrize(("name", "content"), BODIES, ids=[name for name, _ in BODIES])
async def test_a_malformed_body_is_a_counted_json_400(
    make_api: ApiFactory, caplog: pytest.LogCaptureFixture, name: str, content: bytes
) -> None:
    async with make_api(rate_limits=True, rate_limit_anonymous="2/minute") as api:
        for _ in range(2):
            caplog.clear()
            with caplog.at_level(logging.INFO):
                response = await api.http.post("/graphql", content=content, headers=JSON)
            rid = assert_bad_request(response)
            assert_one_line_logged(caplog, rid)
        # both counted: the address's limit is used up, for malformed and good requests alike
        again = await api.http.post("/graphql", content=content, headers=JSON)
        assert again.status_code == 429
        assert again.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert again.json()["errors"][0]["extensions"]["requestId"] == again.headers["x-request-id"]
        assert int(again.headers["retry-after"]) > 0
        assert (await api.post("{ __typename }")).status_code == 429
        assert api.statements == []  # nothing of it reached the registry


@pytest.mark.parametrize(("name", "params"), PARAMS, ids=[name for name, _ in PARAMS])
async def test_malformed_get_parameters_are_a_counted_json_400(
    make_api: ApiFactory, caplog: pytest.LogCaptureFixture, name: str, params: dict[str, str]
) -> None:
    async with make_api(rate_limits=True, rate_limit_anonymous="1/minute") as api:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            response = await api.http.get("/graphql", params=params, headers=ACCEPT)
        assert_one_line_logged(caplog, assert_bad_request(response))
        assert (await api.http.get("/graphql", params=params, headers=ACCEPT)).status_code == 429


async def test_batches_are_checked_item_by_item(make_api: ApiFactory) -> None:
    async with make_api(max_batch=5) as api:
        good = {"query": "{ __typename }"}
        for batch in ([good, "x"], [good, {"query": 1}], [good, None], [good, []]):
            response = await api.http.post("/graphql", json=batch)
            assert_bad_request(response)
            assert "operation 1 of the batch" in response.json()["errors"][0]["message"].lower()
        assert (await api.http.post("/graphql", json=[good, good])).status_code == 200


async def test_a_verified_callers_malformed_bodies_count_against_its_token(
    make_api: ApiFactory, auth: Auth
) -> None:
    settings = {"rate_limits": True, "rate_limit_authenticated": "2/minute"}
    async with make_api(**settings) as api:
        token = auth(PARTNER)  # one token: the limit is per token id
        for _ in range(2):
            response = await api.http.post("/graphql", content=b"123", headers={**JSON, **token})
            assert_bad_request(response)
        response = await api.post("{ __typename }", headers=token)
        assert response.status_code == 429
        # the address's own (anonymous) limit was not touched
        assert (await api.post("{ __typename }")).status_code == 200


@pytest.mark.parametrize(
    ("depth", "message"),
    [(1000, "Variable '$id' has invalid value: "), (3, "Variable '$id' has invalid value: ")],
)
async def test_a_body_within_the_nesting_limit_is_no_server_error(
    make_api: ApiFactory, caplog: pytest.LogCaptureFixture, depth: int, message: str
) -> None:
    # within the parser's 1,024 levels: the schema refuses the value as the caller's mistake
    nested = "[" * depth + "]" * depth
    body = '{"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": %s}}'
    async with make_api(environment="production") as api:
        response = await api.http.post("/graphql", content=body % nested, headers=JSON)
        assert response.status_code == 200
        [error] = response.json()["errors"]
        assert error["message"].startswith(message)
        # the caller's mistake, coded as such (not masked as an INTERNAL_SERVER_ERROR)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "variable": "id", "path": []}
        assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
