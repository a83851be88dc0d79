"""Persisted queries: APQ as Apollo clients send them, the registry, per-partner allow-lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.hardening.persisted import sha256
from tests.attack.conftest import PARTNER, Api, ApiFactory, Auth

BAYERN = '{ region(code: "DE-BY") { code name } }'
REGIONS = "query Regions { regions(first: 16) { nodes { code } } }"


def apq(digest: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def test_apq_registers_a_query_and_then_runs_it_by_hash(api: Api) -> None:
    digest = sha256(BAYERN)
    unknown = await api.http.post("/graphql", json={"extensions": apq(digest)})
    assert unknown.status_code == 200
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    both = await api.http.post("/graphql", json={"query": BAYERN, "extensions": apq(digest)})
    assert both.json()["data"]["region"]["code"] == "DE-BY"
    by_hash = await api.http.post("/graphql", json={"extensions": apq(digest)})
    assert by_hash.json() == both.json()
    over_get = await api.http.get("/graphql", params={"extensions": json.dumps(apq(digest))})
    assert over_get.json() == both.json()


async def test_apq_refuses_a_hash_that_does_not_match(api: Api) -> None:
    body = (
        await api.http.post("/graphql", json={"query": BAYERN, "extensions": apq("0" * 64)})
    ).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "does not match" in body["errors"][0]["message"]
    bad = (await api.http.post("/graphql", json={"extensions": apq("../etc/passwd")})).json()
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_apq_queries_still_meet_the_limits(api: Api) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(20)) + " }"
    body = (
        await api.http.post("/graphql", json={"query": query, "extensions": apq(sha256(query))})
    ).json()
    assert body["errors"][0]["extensions"]["limit"] == "aliases"


async def test_apq_hashes_are_shared_through_redis(
    make_api: ApiFactory, redis_url: str, redis_prefix: str
) -> None:
    settings = {"redis_url": redis_url, "redis_prefix": redis_prefix}
    digest = sha256(BAYERN)
    async with make_api(**settings) as one, make_api(**settings) as two:
        await one.http.post("/graphql", json={"query": BAYERN, "extensions": apq(digest)})
        body = (await two.http.post("/graphql", json={"extensions": apq(digest)})).json()
        assert body["data"]["region"]["code"] == "DE-BY"


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    folder = tmp_path / "operations"
    folder.mkdir()
    (folder / "Bayern.graphql").write_text(BAYERN)
    (folder / "Regions.graphql").write_text(REGIONS)
    return folder


async def test_allow_list_mode_runs_only_registered_operations(
    make_api: ApiFactory, registry: Path
) -> None:
    async with make_api(persisted_operations=registry, allow_list_only=True) as api:
        api.statements.clear()
        body = await api.body('{ region(code: "DE-NW") { code name } }')
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"
        assert api.statements == []
        assert (await api.body(BAYERN))["data"]["region"]["code"] == "DE-BY"
        by_hash = await api.http.post("/graphql", json={"extensions": apq(sha256(REGIONS))})
        assert len(by_hash.json()["data"]["regions"]["nodes"]) == 16
        # an APQ registration does not put a query on the allow-list
        other = '{ region(code: "DE-HH") { code } }'
        sent = {"query": other, "extensions": apq(sha256(other))}
        refused = (await api.http.post("/graphql", json=sent)).json()
        assert refused["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"


async def test_a_partner_has_its_own_allow_list(
    make_api: ApiFactory, registry: Path, tmp_path: Path, auth: Auth
) -> None:
    manifest = tmp_path / "operations.json"
    manifest.write_text(json.dumps({"Bayern": BAYERN, "Regions": REGIONS}))
    lists = {PARTNER.subject: ["Regions"]}
    async with make_api(persisted_operations=manifest, partner_allow_lists=lists) as api:
        partner = auth(PARTNER)
        assert len((await api.body(REGIONS, headers=partner))["data"]["regions"]["nodes"]) == 16
        refused = await api.body(BAYERN, headers=partner)
        assert refused["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"
        # anonymous callers are not in allow-list mode here: anything within the limits runs
        assert (await api.body('{ region(code: "DE-HH") { code } }'))["data"]


async def test_apq_works_in_the_process_when_redis_is_unreachable(make_api: ApiFactory) -> None:
    digest = sha256(BAYERN)
    async with make_api(redis_url="redis://127.0.0.1:18601/0") as api:
        await api.http.post("/graphql", json={"query": BAYERN, "extensions": apq(digest)})
        body = (await api.http.post("/graphql", json={"extensions": apq(digest)})).json()
        assert body["data"]["region"]["code"] == "DE-BY"
