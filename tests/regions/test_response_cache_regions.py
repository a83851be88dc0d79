"""The response cache and region sources: their answers live a short configured time, since
the regions' data changes outside the graph; an answer where a region failed is not kept."""

from __future__ import annotations

import asyncio

import httpx

from graph.app import create_app
from graph.settings import Settings
from tests.graph.test_response_cache import CACHED
from tests.regions.conftest import NrwService

NRW_PAGE = '{ groups(region: "DE-NW", first: 5) { nodes { id name } } }'


async def test_a_region_answer_lives_the_region_ttl(
    federated_settings: Settings, nrw: NrwService
) -> None:
    settings = federated_settings.model_copy(
        update={**CACHED, "response_cache_region_ttl_seconds": 0.5}
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            # given NRW's page asked once
            before = nrw.requests()
            first = (await http.post("/graphql", json={"query": NRW_PAGE})).json()
            assert "errors" not in first and first["data"]["groups"]["nodes"], first
            asked = nrw.requests()
            assert asked > before
            # then within the region TTL it is served from the cache: NRW is not asked
            again = (await http.post("/graphql", json={"query": NRW_PAGE})).json()
            assert again == first and nrw.requests() == asked
            # and after it, NRW is asked again
            await asyncio.sleep(0.6)
            late = (await http.post("/graphql", json={"query": NRW_PAGE})).json()
            assert late == first and nrw.requests() > asked


async def test_an_answer_with_a_failed_region_is_not_kept(
    federated_settings: Settings, nrw: NrwService
) -> None:
    settings = federated_settings.model_copy(update={"response_cache_enabled": True})
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            nrw.disturb(answer="500")
            failed = (await http.post("/graphql", json={"query": NRW_PAGE})).json()
            assert failed.get("errors"), failed
            nrw.disturb()
            healed = (await http.post("/graphql", json={"query": NRW_PAGE})).json()
            assert "errors" not in healed and healed["data"]["groups"]["nodes"], healed
