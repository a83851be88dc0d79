"""Personal data is in the schema but never returned to an anonymous caller."""

from __future__ import annotations

import httpx

from graph.schema import build_schema
from tests.access_tokens import TokenKeys
from tests.conftest import Db, Gql

PROTECTED = """
{
  groups(first: 100) { nodes { id contactMode contact { name phone email } meetingLink } }
  contactPoints(first: 100) { nodes { id staff { name phone email } } }
  organisations(first: 100) { nodes { id contacts { name phone email } } }
  rareConditionSearches(first: 100) {
    nodes { id person { name email phone address { street city } } }
  }
}
"""


async def test_protected_fields_are_null_for_every_object(gql: Gql, db: Db) -> None:
    # given personal data stored for these objects
    assert await db.scalar("SELECT count(*) FROM group_contacts WHERE email IS NOT NULL") > 0
    assert await db.scalar("SELECT count(*) FROM group_contacts WHERE meeting_link IS NOT NULL")
    assert await db.scalar("SELECT count(*) FROM contact_point_staff") > 0
    assert await db.scalar("SELECT count(*) FROM organisation_contacts") > 0
    assert await db.scalar("SELECT count(*) FROM rare_condition_persons") > 0
    # when an anonymous caller asks for it
    body = await gql(PROTECTED)
    # then the rest is served and every protected value is null
    data = body["data"]
    assert len(data["groups"]["nodes"]) == 100
    assert all(n["contact"] is None and n["meetingLink"] is None for n in data["groups"]["nodes"])
    assert all(n["staff"] is None for n in data["contactPoints"]["nodes"])
    assert all(n["contacts"] is None for n in data["organisations"]["nodes"])
    assert all(n["person"] is None for n in data["rareConditionSearches"]["nodes"])
    # with one FORBIDDEN error per protected field path, counting the redacted values
    # (groups reached only through their contact point are not redacted but routed there)
    direct = sum(1 for n in data["groups"]["nodes"] if n["contactMode"] == "DIRECT")
    assert 0 < direct < 100
    errors = {e["extensions"]["fieldPath"]: e for e in body["errors"]}
    assert len(errors) == len(body["errors"]) == 5
    assert {path: e["extensions"]["redacted"] for path, e in errors.items()} == {
        "groups.nodes.contact": direct,
        "groups.nodes.meetingLink": direct,
        "contactPoints.nodes.staff": 100,
        "organisations.nodes.contacts": 100,
        "rareConditionSearches.nodes.person": 100,
    }
    staff = errors["contactPoints.nodes.staff"]
    assert staff["extensions"]["code"] == "FORBIDDEN"
    assert staff["extensions"]["field"] == "ContactPoint.staff"
    assert staff["extensions"]["scope"] == "contacts:read"
    assert staff["path"] == ["contactPoints", "nodes", 0, "staff"]
    assert "contacts:read" in staff["message"] and "100 value(s) redacted" in staff["message"]


async def test_no_personal_value_appears_anywhere_in_the_response(
    db: Db, client: httpx.AsyncClient
) -> None:
    emails = await db.column("SELECT email FROM group_contacts WHERE email IS NOT NULL LIMIT 50")
    phones = await db.column(
        "SELECT phone FROM contact_point_staff WHERE phone IS NOT NULL LIMIT 50"
    )
    names = await db.column("SELECT name FROM rare_condition_persons LIMIT 50")
    response = await client.post("/graphql", json={"query": PROTECTED})
    text = response.text
    for value in emails + phones + names:
        assert value not in text


def test_protected_fields_are_marked_in_the_schema() -> None:
    sdl = build_schema().as_str()
    for field in [
        'contact: ContactPerson @hasContactAccess(scope: "contacts:read"',
        'meetingLink: String @hasContactAccess(scope: "contacts:read"',
        'staff: [ContactPerson!] @hasContactAccess(scope: "contacts:read"',
        'contacts: [ContactPerson!] @hasContactAccess(scope: "contacts:read"',
        'person: RareConditionPerson @hasContactAccess(scope: "rare:contact"',
    ]:
        assert field in sdl
    assert sdl.count("contactAccess: ContactAccess!") == 4


async def test_a_region_fenced_partner_gets_errors_only_for_other_lands(
    client: httpx.AsyncClient, token_keys: TokenKeys
) -> None:
    token = token_keys.mint({"scope": "contacts:read:DE-BY", "purpose": "referral"})
    response = await client.post(
        "/graphql",
        json={
            "query": "{ contactPoints(first: 100) { nodes { id region { code } staff { name } } } }"
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    nodes = body["data"]["contactPoints"]["nodes"]
    bavarian = [n for n in nodes if n["region"]["code"] == "DE-BY"]
    # readable for every Bavarian office (empty for a real one: the demo invents no staff)
    assert bavarian and all(n["staff"] is not None for n in bavarian)
    assert any(n["staff"] for n in bavarian)
    assert all(n["staff"] is None for n in nodes if n["region"]["code"] != "DE-BY")
    [error] = body["errors"]
    assert error["extensions"]["redacted"] == len(nodes) - len(bavarian)
