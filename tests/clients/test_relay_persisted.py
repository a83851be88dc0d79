"""Relay's persisted queries: `{"doc_id": ..., "variables": ...}` runs a registered document
(Relay compiler's `{id: text}` file), by POST and GET, beside Apollo's APQ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.hardening.persisted import sha256
from tests.attack.conftest import ApiFactory

REGION = "query RegionQuery($code: String!) { region(code: $code) { code name } }"
DOC_ID = "5c0d1ab2e3f4a5b6c7d8e9f0a1b2c3d4"  # Relay's ids are the compiler's own (md5 here)


@pytest.fixture
def relay_file(tmp_path: Path) -> Path:
    path = tmp_path / "persisted_queries.json"
    path.write_text(json.dumps({DOC_ID: REGION}))
    return path


async def test_doc_id_runs_the_registered_document(make_api: ApiFactory, relay_file: Path) -> None:
    async with make_api(persisted_operations=relay_file) as api:
        body = {"doc_id": DOC_ID, "variables": {"code": "DE-BY"}}
        posted = await api.http.post("/graphql", json=body)
        assert posted.json() == {"data": {"region": {"code": "DE-BY", "name": "Bayern"}}}
        got = await api.http.get(
            "/graphql", params={"doc_id": DOC_ID, "variables": json.dumps({"code": "DE-NW"})}
        )
        assert got.json()["data"]["region"]["code"] == "DE-NW"
        assert got.headers["cache-control"].startswith("public")
        by_hash = await api.http.post(
            "/graphql",
            json={"documentId": f"sha256:{sha256(REGION)}", "variables": {"code": "DE-BE"}},
        )
        assert by_hash.json()["data"]["region"]["code"] == "DE-BE"


async def test_doc_id_in_allow_list_mode_and_unknown_ids(
    make_api: ApiFactory, relay_file: Path
) -> None:
    async with make_api(persisted_operations=relay_file, allow_list_only=True) as api:
        ok = await api.http.post(
            "/graphql", json={"doc_id": DOC_ID, "variables": {"code": "DE-BY"}}
        )
        assert ok.json()["data"]["region"]["code"] == "DE-BY"
        api.statements.clear()
        unknown = await api.http.post("/graphql", json={"doc_id": "0" * 32})
        error = unknown.json()["errors"][0]
        assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        assert error["extensions"]["documentId"] == "0" * 32
        assert api.statements == []
        # an APQ-registered text is not a registered document
        apq = {"persistedQuery": {"version": 1, "sha256Hash": sha256("{ __typename }")}}
        await api.http.post("/graphql", json={"query": "{ __typename }", "extensions": apq})
        not_registered = await api.http.post(
            "/graphql", json={"documentId": sha256("{ __typename }")}
        )
        codes = [e["extensions"]["code"] for e in not_registered.json()["errors"]]
        assert codes == ["PERSISTED_QUERY_NOT_FOUND"]
