"""Request ids: the audit's is always the server's own; a trusted proxy's is kept beside it."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from sqlalchemy import text

from tests.attack.conftest import Api, ApiFactory, Auth, TestCaller
from tests.attack.probe import Probe, probe_schema

READER = TestCaller("klinik-sued", {"scope": "contacts:read", "purpose": "referral"})
OTHER = TestCaller("beratung-west", {"scope": "contacts:read", "purpose": "referral"})
CONTACTS = "{ groups(first: 20) { nodes { id contact { name } } } }"
PROXY = ("10.0.0.5", 40000)
RID = re.compile(r"[0-9a-f]{32}")


async def audit(api: Api, column: str, value: str) -> list[Any]:
    sql = f"SELECT request_id, proxy_request_id, partner FROM disclosures WHERE {column} = :v"
    async with api.app.state.engine.connect() as conn:
        return list((await conn.execute(text(sql), {"v": value})).all())


async def read_contacts(api: Api, auth: Auth, caller: TestCaller, **headers: str) -> str:
    response = await api.post(CONTACTS, headers={**auth(caller), **headers})
    assert response.status_code == 200, response.text
    assert any(n["contact"] for n in response.json()["data"]["groups"]["nodes"])
    return str(response.headers["x-request-id"])


async def test_a_client_cannot_set_the_request_id_the_audit_stores(
    make_api: ApiFactory, auth: Auth
) -> None:
    # given two partners that send the same, well-formed X-Request-ID
    async with make_api() as api:
        first = await read_contacts(api, auth, READER, **{"x-request-id": "shared-42"})
        second = await read_contacts(api, auth, OTHER, **{"x-request-id": "shared-42"})
        # then each request got the server's own id, and the audit keeps those only
        assert RID.fullmatch(first) and RID.fullmatch(second) and first != second
        assert await audit(api, "request_id", "shared-42") == []
        assert await audit(api, "proxy_request_id", "shared-42") == []
        assert {row.partner for row in await audit(api, "request_id", first)} == {"klinik-sued"}
        assert {row.partner for row in await audit(api, "request_id", second)} == {"beratung-west"}


async def test_a_trusted_proxys_request_id_is_kept_beside_the_servers(
    make_api: ApiFactory, auth: Auth
) -> None:
    async with make_api(client=PROXY, trusted_proxies=["10.0.0.0/24"]) as api:
        rid = await read_contacts(api, auth, READER, **{"x-request-id": "lb-7f3a"})
        rows = await audit(api, "request_id", rid)
        assert rows and {(row.request_id, row.proxy_request_id) for row in rows} == {
            (rid, "lb-7f3a")
        }
        # a malformed proxy id is dropped, never stored as sent
        rid = await read_contacts(api, auth, READER, **{"x-request-id": "lb 7f3a\nx"})
        assert {row.proxy_request_id for row in await audit(api, "request_id", rid)} == {None}
        # and the auditor reads both ids
        auditor = TestCaller("datenschutz", {"kind": "auditor", "scope": "audit:read"})
        body = await api.body(
            '{ auditLog(partner: "klinik-sued", first: 100) { nodes { requestId proxyRequestId } } }',
            headers=auth(auditor),
        )
        assert {"requestId": rows[0].request_id, "proxyRequestId": "lb-7f3a"} in body["data"][
            "auditLog"
        ]["nodes"]


async def test_an_untrusted_peers_request_id_is_not_kept_even_beside(
    make_api: ApiFactory, auth: Auth
) -> None:
    # a proxy is configured, but this peer is not it
    async with make_api(client=("203.0.113.9", 1), trusted_proxies=["10.0.0.5"]) as api:
        rid = await read_contacts(api, auth, READER, **{"x-request-id": "lb-forged"})
        assert {row.proxy_request_id for row in await audit(api, "request_id", rid)} == {None}


async def test_log_lines_name_the_servers_id_and_the_proxys_beside_it(
    make_api: ApiFactory, caplog: pytest.LogCaptureFixture
) -> None:
    async with make_api(
        schema=probe_schema(Probe()), client=PROXY, trusted_proxies=["10.0.0.5"]
    ) as api:
        with caplog.at_level(logging.INFO):
            response = await api.post("{ hello broken }", headers={"x-request-id": "lb-99"})
        rid = response.headers["x-request-id"]
        assert response.json()["errors"][0]["extensions"]["requestId"] == rid
        assert f"request {rid} (proxy lb-99)" in caplog.text


async def test_every_refusal_quotes_the_servers_id(make_api: ApiFactory) -> None:
    async with make_api(client=PROXY, trusted_proxies=["10.0.0.5"]) as api:
        sent = {"x-request-id": "lb-1", "content-type": "application/json"}
        for response in [
            await api.http.post("/graphql", content=b"[", headers=sent),
            await api.http.post(
                "/graphql", json={"query": "{ x }"}, headers={**sent, "authorization": "Bearer x"}
            ),
            await api.http.post(
                "/graphql", content=b"q", headers={**sent, "content-type": "text/plain"}
            ),
        ]:
            rid = response.headers["x-request-id"]
            assert RID.fullmatch(rid), response
            assert response.json()["errors"][0]["extensions"]["requestId"] == rid
