"""A source failure never reads as NONE: an entitled caller whose contact could not be fetched
gets `contactAccess: UNAVAILABLE`, a null contact and REGION_UNAVAILABLE (issue 10, defect 8)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from graph.app import create_app
from graph.settings import Settings
from regions.sources.config import RegionConfig
from tests.access_tokens import TokenKeys
from tests.conftest import Db
from tests.regions.conftest import MARGIN, QUICK_FAULT, SHORT, NrwService, source_timeout

CONTACTS_PATH = "/api/v1/gruppen/kontakte"
ENTITLED = {"sub": "Beratungsstelle Test", "scope": "contacts:read", "purpose": "referral"}
QUERY = """
{
  nw: groups(region: "DE-NW", format: IN_PERSON, first: 100) {
    nodes { id provenance { source } contactMode contactAccess contact { name email } meetingLink }
  }
  by: groups(region: "DE-BY", format: IN_PERSON, first: 50) {
    nodes { id provenance { source } contactMode contactAccess contact { name } }
  }
}
"""


async def ask(app: Starlette, token: str) -> tuple[dict[str, Any], str]:
    """The body, and the request id the server answered with (the one its audit stores)."""
    headers = {"authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/graphql", json={"query": QUERY}, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json()), response.headers["x-request-id"]


def of_source(body: dict[str, Any], alias: str, source: str) -> list[dict[str, Any]]:
    nodes = [n for n in body["data"][alias]["nodes"] if n["provenance"]["source"] == source]
    assert nodes, f"{alias} has groups of {source}"
    return nodes


async def expect_nrw_contacts_unavailable(
    app: Starlette, token_keys: TokenKeys, reason: str
) -> None:
    # when an entitled partner reads NRW's and Bavaria's groups with their contacts
    body, rid = await ask(app, token_keys.mint(ENTITLED))
    # then no NRW contact reads as "none kept": each says it could not be fetched, and is null
    nrw = of_source(body, "nw", "DE-NW")
    for node in nrw:
        assert node["contact"] is None and node["meetingLink"] is None, node
        if node["contactMode"] == "DIRECT":
            assert node["contactAccess"] == "UNAVAILABLE", node
        else:
            assert node["contactAccess"] == "VIA_CONTACT_POINT", node
    assert any(n["contactAccess"] == "UNAVAILABLE" for n in nrw)
    assert "NONE" not in {n["contactAccess"] for n in nrw}
    # and the response names the region once, with the reason; nothing else is an error
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "REGION_UNAVAILABLE", "region": "DE-NW"}
    ]
    assert reason in body["errors"][0]["message"]
    # the registry's and Bavaria's contacts are served as ever, and audited; NRW's are not
    served = [n for n in of_source(body, "by", "DE-BY") if n["contactAccess"] == "GRANTED"]
    assert served and all(n["contact"]["name"] for n in served)
    audited = await Db(app).column("SELECT object_id FROM disclosures WHERE request_id = :r", r=rid)
    assert audited and {n["id"] for n in served} <= set(audited)
    assert not {n["id"] for n in nrw} & set(audited)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ({"answer": "500"}, "HTTP 500"),
        ({"answer": "401"}, "HTTP 401"),
        ({"answer": "muell"}, "garbage"),
        ({"delay": SHORT + MARGIN + 2}, "timeout"),
    ],
    ids=["500", "401", "garbage", "timeout"],
)
async def test_contacts_that_could_not_be_fetched_are_unavailable_not_none(
    federated_app: Starlette,
    nrw: NrwService,
    token_keys: TokenKeys,
    fault: dict[str, Any],
    reason: str,
) -> None:
    # given NRW serves its groups but its contacts endpoint fails (a hang: past a short timeout)
    nrw.disturb(**fault, path=CONTACTS_PATH)
    with source_timeout(federated_app, "DE-NW", SHORT if "delay" in fault else QUICK_FAULT):
        await expect_nrw_contacts_unavailable(federated_app, token_keys, reason)


async def test_the_same_caller_gets_nrw_contacts_when_nrw_answers(
    federated_app: Starlette, nrw: NrwService, token_keys: TokenKeys
) -> None:
    body, _ = await ask(federated_app, token_keys.mint(ENTITLED))
    assert "errors" not in body
    access = {n["contactAccess"] for n in of_source(body, "nw", "DE-NW")}
    assert "GRANTED" in access and "UNAVAILABLE" not in access


@pytest.fixture
async def keyless_app(
    federated_settings: Settings, nrw_service: NrwService
) -> AsyncIterator[Starlette]:
    """NRW configured as the README's example used to be: no service key for the adapter."""
    regions = [
        c if c.code != "DE-NW" else RegionConfig(**{**c.model_dump(), "api_key_file": None})
        for c in federated_settings.regions
    ]
    application = create_app(federated_settings.model_copy(update={"regions": regions}))
    async with application.router.lifespan_context(application):
        yield application


async def test_a_region_refusing_the_graph_without_its_key_is_unavailable_not_none(
    keyless_app: Starlette, nrw: NrwService, token_keys: TokenKeys
) -> None:
    # the probe's finding: NRW answers 401 for every contact, which read as NONE
    await expect_nrw_contacts_unavailable(keyless_app, token_keys, "HTTP 401")
