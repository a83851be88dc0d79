"""Adding a region is configuration: a third Land, from SHG_REGIONS alone, on the SQL adapter."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from graph.app import create_app
from graph.ids import decode_id
from graph.settings import Settings
from regions.sources.config import RegionConfig, Sources
from tests.conftest import Gql
from tests.regions.conftest import MARGIN, SHORT, bavaria_config

HESSE = """
query($after: String) {
  groups(region: "DE-HE", first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id name provenance { source } region { code } contactPoint { id region { code } }
            topics { slug } }
  }
  region(code: "DE-HE") { source { kind status } groups(first: 3) { nodes { id } } }
}
"""


async def test_a_third_region_from_settings_alone(
    settings: Settings, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given Hesse's system is the same software as Bavaria's, configured only by environment
    hesse = bavaria_config(backend, tmp_path, code="DE-HE", groups=60)
    monkeypatch.setenv("SHG_REGIONS", json.dumps([hesse.model_dump()]))
    monkeypatch.setenv("SHG_DATABASE_URL", settings.database_url)
    if settings.database_schema:
        monkeypatch.setenv("SHG_DATABASE_SCHEMA", settings.database_schema)
    configured = Settings()
    assert [r.code for r in configured.regions] == ["DE-HE"]
    app = create_app(configured)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            gql = Gql(http)
            # when Hesse's groups are asked for
            data = await gql.data(HESSE)
            after = data["groups"]["pageInfo"]["endCursor"]
            more = await gql.data(HESSE, {"after": after})
            assert not more["groups"]["pageInfo"]["hasNextPage"]
            # then its own groups come, around Hesse's contact points, in the national topics
            every = data["groups"]["nodes"] + more["groups"]["nodes"]
            nodes = [n for n in every if n["provenance"]["source"] == "DE-HE"]
            own = app.state.sources["DE-HE"].engine
            async with own.connect() as conn:
                published = "SELECT count(*) FROM selbsthilfegruppen WHERE freigegeben"
                assert len(nodes) == (await conn.execute(text(published))).scalar() > 50
            assert data["groups"]["totalCount"] == len(every)
            assert {n["region"]["code"] for n in nodes} == {"DE-HE"}
            assert {n["contactPoint"]["region"]["code"] for n in nodes} == {"DE-HE"}
            assert all(n["topics"] for n in nodes)
            assert data["region"]["source"] == {"kind": "SQL", "status": "UP"}
            # and node(id:) routes to it by the id's source
            wanted = nodes[-1]["id"]
            assert decode_id(wanted).source == "DE-HE"
            found = await gql.data(f'{{ node(id: "{wanted}") {{ id ... on Group {{ name }} }} }}')
            assert found["node"] == {"id": wanted, "name": nodes[-1]["name"]}


def test_a_land_has_at_most_one_source() -> None:
    one = RegionConfig(code="DE-BY", kind="sql", url="sqlite://", layout="bavaria")
    with pytest.raises(ValueError, match="one source"):
        Sources([one, one])


def test_unknown_land_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown Land"):
        RegionConfig(code="DE-XX", kind="sql", url="sqlite://", layout="bavaria")


def test_graph_never_imports_a_region() -> None:
    graph = Path(__file__).resolve().parents[2] / "graph"
    for module in graph.rglob("*.py"):
        source = module.read_text(encoding="utf-8")
        for region in (
            "regions.standins.bavaria",
            "regions.standins.nrw",
            "regions.sources.sql",
            "regions.sources.http",
        ):
            assert region not in source, f"{module} imports {region}"


async def test_an_unreachable_sql_region_is_left_out(settings: Settings) -> None:
    # given a region whose database refuses connections (nothing listens on that port)
    broken = RegionConfig(
        code="DE-SL",
        kind="sql",
        url="postgresql://reader@127.0.0.1:18399/saarland",
        layout="bavaria",
        timeout=SHORT,
    )
    app = create_app(settings.model_copy(update={"regions": [broken]}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            started = time.perf_counter()
            body = await Gql(http)(
                '{ groups(region: "DE-SL", first: 5) { totalCount nodes { id } } '
                'region(code: "DE-SL") { source { status detail } } }'
            )
            elapsed = time.perf_counter() - started
            ready = await http.get("/readyz")
    # then the registry's Saarland groups are served, Saarland's own are named as missing
    assert body["data"]["groups"]["nodes"]
    assert body["data"]["region"]["source"]["status"] == "DOWN"
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "REGION_UNAVAILABLE", "region": "DE-SL"}
    ]
    assert elapsed < SHORT + MARGIN
    assert ready.status_code == 200 and ready.json()["sources"]["DE-SL"] == "down"
