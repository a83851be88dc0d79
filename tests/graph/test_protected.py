"""Personal data is in the schema but never returned until access control grants it."""

from __future__ import annotations

import httpx

from graph.schema import build_schema
from tests.conftest import Db, Gql

PROTECTED = """
{
  groups(first: 100) { nodes { id contact { name phone email } meetingLink } }
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
    assert "errors" not in body
    data = body["data"]
    assert len(data["groups"]["nodes"]) == 100
    assert all(n["contact"] is None and n["meetingLink"] is None for n in data["groups"]["nodes"])
    assert all(n["staff"] is None for n in data["contactPoints"]["nodes"])
    assert all(n["contacts"] is None for n in data["organisations"]["nodes"])
    assert all(n["person"] is None for n in data["rareConditionSearches"]["nodes"])


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
        "contact: ContactPerson @hasContactAccess",
        "meetingLink: String @hasContactAccess",
        "staff: [ContactPerson!] @hasContactAccess",
        "contacts: [ContactPerson!] @hasContactAccess",
        "person: RareConditionPerson @hasContactAccess",
    ]:
        assert field in sdl
