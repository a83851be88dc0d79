"""Contact points and Länder list the owning region's groups; region groups keep protected
fields protected."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from starlette.applications import Starlette

from tests.access_tokens import TokenKeys
from tests.conftest import Db, Gql

POINTS = """
query($region: String!) {
  contactPoints(region: $region, first: 100) {
    nodes { id region { code } groups(first: 10) { nodes { id provenance { source } contactPoint { id } } } }
  }
}
"""


async def test_contact_point_groups_come_from_its_lands_region(fgql: Gql) -> None:
    for code in ("DE-BY", "DE-NW"):
        points = (await fgql.data(POINTS, {"region": code}))["contactPoints"]["nodes"]
        local = 0
        for point in points:
            sources = [g["provenance"]["source"] for g in point["groups"]["nodes"]]
            # national ones first, then the region's; each linked back to this contact point
            assert sources == sorted(sources, key=lambda s: s != "nakos")
            assert set(sources) <= {"nakos", code}
            assert all(g["contactPoint"]["id"] == point["id"] for g in point["groups"]["nodes"])
            local += sources.count(code)
        assert local > len(points)


async def test_region_groups_and_source(fgql: Gql) -> None:
    data = await fgql.data(
        "{ regions(first: 16) { nodes { code source { kind status latencyMs }"
        " groups(first: 40) { nodes { provenance { source } region { code } } } } } }"
    )
    by_code = {n["code"]: n for n in data["regions"]["nodes"]}
    assert by_code["DE-BY"]["source"]["kind"] == "SQL"
    assert by_code["DE-NW"]["source"]["kind"] == "HTTP"
    for code in ("DE-BY", "DE-NW"):
        state = by_code[code]["source"]
        assert state["status"] == "UP" and state["latencyMs"] >= 0
        groups = by_code[code]["groups"]["nodes"]
        assert len(groups) == 40 and {g["region"]["code"] for g in groups} == {code}
    assert by_code["DE-HH"]["source"] is None
    assert {g["provenance"]["source"] for g in by_code["DE-HH"]["groups"]["nodes"]} == {"nakos"}


REGION_CONTACTS = """
{
  by: groups(region: "DE-BY", format: IN_PERSON, first: 100) {
    nodes { id provenance { source } contactMode contactAccess contact { name email phone } }
  }
  nw: groups(region: "DE-NW", format: HYBRID, first: 100) {
    nodes { id provenance { source } contactMode contactAccess contact { email } meetingLink }
  }
}
"""


async def _traced(app: Starlette, token: str | None) -> tuple[dict[str, Any], str]:
    """The body, and the request id the server gave the request (what the audit holds)."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/graphql", json={"query": REGION_CONTACTS}, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json()), response.headers["x-request-id"]


async def _as(app: Starlette, token: str | None) -> dict[str, Any]:
    return (await _traced(app, token))[0]


def _region_nodes(body: dict[str, Any], alias: str) -> list[dict[str, Any]]:
    nodes = [n for n in body["data"][alias]["nodes"] if n["provenance"]["source"] != "nakos"]
    assert nodes, "the region answered with groups of its own"
    return nodes


async def test_region_groups_hide_personal_data_from_anonymous_callers(
    federated_app: Starlette, nrw: Any
) -> None:
    async with federated_app.state.sources["DE-BY"].engine.connect() as conn:
        emails = list(
            (await conn.execute(text("SELECT email FROM ansprechpartner LIMIT 200"))).scalars()
        )
    assert emails
    body = await _as(federated_app, None)
    assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}
    for alias in ("by", "nw"):
        for node in _region_nodes(body, alias):
            assert node["contact"] is None and node.get("meetingLink") is None
            assert node["contactAccess"] in ("REDACTED", "VIA_CONTACT_POINT")
    assert not any(email in str(body) for email in emails)


async def test_region_groups_follow_the_same_rules_as_national_ones(
    federated_app: Starlette, nrw: Any, token_keys: TokenKeys
) -> None:
    # given a partner entitled to Bavarian contacts for referral
    token = token_keys.mint({"scope": "contacts:read:DE-BY", "purpose": "referral"})
    # when it reads Bavarian and NRW region groups
    body, request_id = await _traced(federated_app, token)
    # then Bavarian direct contacts are shown, NRW's are not, and routing to the contact
    # point applies to region groups as to national ones
    for node in _region_nodes(body, "by"):
        if node["contactMode"] == "DIRECT":
            assert node["contactAccess"] in ("GRANTED", "NONE")
        else:
            assert (node["contactAccess"], node["contact"]) == ("VIA_CONTACT_POINT", None)
    shown = [n for n in _region_nodes(body, "by") if n["contactAccess"] == "GRANTED"]
    assert shown and all(n["contact"]["email"] for n in shown)
    for node in _region_nodes(body, "nw"):
        assert node["contact"] is None and node["meetingLink"] is None
        assert node["contactAccess"] in ("REDACTED", "VIA_CONTACT_POINT")
    # and every disclosed contact is in the audit, region ones under their region ids
    audited = await Db(federated_app).column(
        "SELECT object_id FROM disclosures WHERE request_id = :r AND field = 'Group.contact'",
        r=request_id,
    )
    granted = [
        n["id"]
        for alias in ("by", "nw")
        for n in body["data"][alias]["nodes"]
        if n["contactAccess"] == "GRANTED"
    ]
    assert sorted(audited) == sorted(granted)
    assert {n["id"] for n in shown} <= set(audited)


async def test_an_nrw_partner_gets_nrw_contacts_through_the_keyed_service(
    federated_app: Starlette, nrw: Any, token_keys: TokenKeys
) -> None:
    token = token_keys.mint({"scope": "contacts:read:DE-NW", "purpose": "referral"})
    body = await _as(federated_app, token)
    assert not [e for e in body.get("errors", []) if e["extensions"]["code"] != "FORBIDDEN"]
    shown = [n for n in _region_nodes(body, "nw") if n["contactAccess"] == "GRANTED"]
    assert shown and all(n["contact"]["email"] for n in shown)
    assert all(n["contact"] is None for n in _region_nodes(body, "by"))
