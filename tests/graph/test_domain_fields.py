"""The domain fields of issue 17 over HTTP: contact-point kind and services, coordination-office
hours, organisation level and umbrella kind, the group-to-organisation link and the digital
group's details; each nested level one statement for the whole page."""

from __future__ import annotations

from tests.conftest import Db, Gql, SqlLog

POINTS = """
query($text: String) {
  contactPoints(text: $text, first: 100) {
    nodes {
      name kind services equipment byAppointment accessibilityNote languages feesNote
      officeHours { weekday } districts
    }
  }
}
"""


async def test_dortmund_has_the_services_of_its_source_text_and_no_invented_hours(
    gql: Gql,
) -> None:
    nodes = (await gql.data(POINTS, {"text": "Dortmund"}))["contactPoints"]["nodes"]
    dortmund = next(n for n in nodes if n["name"] == "Selbsthilfe-Kontaktstelle Dortmund")
    assert dortmund["kind"] == "CONTACT_POINT"
    assert {"FOUNDING_HELP", "GROUP_ROOMS", "SUPERVISION", "EQUIPMENT_LENDING"} <= set(
        dortmund["services"]
    )
    assert "Beamer" in dortmund["equipment"]
    assert "mobile Lautsprecheranlage mit zwei Funk-Mikros" in dortmund["equipment"]
    assert dortmund["officeHours"] == []  # no source gives them: none made up
    assert dortmund["districts"] == ["Dortmund"]
    assert dortmund["byAppointment"] is None and dortmund["feesNote"] is None


async def test_made_up_contact_points_have_a_kind_and_services(gql: Gql, db: Db) -> None:
    data = await gql.data(
        '{ contactPoints(region: "DE-NW", first: 100) { nodes { kind services languages } } }'
    )
    nodes = data["contactPoints"]["nodes"]
    assert sum(1 for n in nodes if n["kind"]) == await db.scalar(
        "SELECT count(*) FROM contact_points WHERE region_code = 'DE-NW' AND kind IS NOT NULL"
    )
    assert any(n["services"] and n["languages"] for n in nodes)


COORDINATION = """
{ regions(first: 20) { nodes { code coordinationOffice {
    name officeHoursNote officeHours { weekday opens closes } } } } }
"""


async def test_seko_bayern_hours_are_on_its_coordination_office(gql: Gql, sql: SqlLog) -> None:
    sql.reset()
    nodes = (await gql.data(COORDINATION))["regions"]["nodes"]
    assert len(nodes) == 16
    # the page (and its count), then one statement for every office's hours
    assert sql.count <= 3, sql.statements
    bavaria = next(n["coordinationOffice"] for n in nodes if n["code"] == "DE-BY")
    assert bavaria["name"].startswith("Selbsthilfekoordination Bayern")
    assert bavaria["officeHoursNote"] == "sowie nach Vereinbarung"
    assert [(h["weekday"], h["opens"], h["closes"]) for h in bavaria["officeHours"]] == [
        ("MONDAY", "09:30:00", "16:00:00"),
        ("TUESDAY", "13:00:00", "16:00:00"),
        ("WEDNESDAY", "09:30:00", "12:30:00"),
        ("THURSDAY", "09:30:00", "12:30:00"),
        ("FRIDAY", "09:30:00", "12:30:00"),
    ]
    assert all(n["coordinationOffice"]["officeHours"] == [] for n in nodes if n["code"] != "DE-BY")
    seko = (await gql.data(POINTS, {"text": "SeKo"}))["contactPoints"]["nodes"]
    assert seko == []  # not a contact point as well


async def test_land_level_organisations(gql: Gql) -> None:
    query = (
        "query($t: String) { organisations(text: $t, first: 10) { nodes { name level "
        "umbrellaKind region { code } } } }"
    )
    lag = (await gql.data(query, {"t": "LAG SELBSTHILFE Bayern"}))["organisations"]["nodes"]
    assert {
        "name": "LAG SELBSTHILFE Bayern e.V.",
        "level": "LAND",
        "umbrellaKind": "CROSS_CONDITION",
        "region": {"code": "DE-BY"},
    } in lag
    portal = (await gql.data(query, {"t": "Selbsthilfenetz"}))["organisations"]["nodes"]
    assert [(n["level"], n["region"]["code"]) for n in portal] == [("LAND", "DE-NW")]
    bag = (await gql.data(query, {"t": "BAG SELBSTHILFE"}))["organisations"]["nodes"]
    assert ("BUND", "CROSS_CONDITION") in [(n["level"], n["umbrellaKind"]) for n in bag]


GROUPS = """
query($first: Int!, $format: GroupFormat) {
  groups(first: $first, format: $format) {
    nodes {
      id format reach contactMode contactPoint { id }
      organisation { id name level region { code } }
      region { code }
      digital { website tool meetingMinutes groupSize noProfessionalLeadership fundingDisclosed }
    }
  }
}
"""


async def _groups(gql: Gql, sql: SqlLog, first: int, form: str | None) -> tuple[list, int]:
    """The page, and how many statements read organisations for it."""
    sql.reset()
    nodes = (await gql.data(GROUPS, {"first": first, "format": form}))["groups"]["nodes"]
    return nodes, sum(1 for s in sql.statements if "FROM organisations" in s)


async def test_group_organisation_link_is_batched(gql: Gql, sql: SqlLog) -> None:
    _, ten_count = await _groups(gql, sql, 10, None)
    hundred, hundred_count = await _groups(gql, sql, 100, None)
    assert ten_count <= 1 and hundred_count == 1, sql.statements  # one batch for the page
    linked = [n for n in hundred if n["organisation"]]
    assert linked
    for node in linked:
        org = node["organisation"]
        if org["level"] == "LAND":
            assert org["region"]["code"] == (node["region"] or {}).get("code")


async def test_digital_details_of_published_digital_groups(gql: Gql) -> None:
    nodes = (await gql.data(GROUPS, {"first": 100, "format": "DIGITAL"}))["groups"]["nodes"]
    national = [n for n in nodes if n["digital"] is not None]
    assert national
    for node in national:
        details = node["digital"]
        assert details["tool"] in {"VIDEO", "TELEPHONE", "CHAT", "FORUM", "MESSENGER"}
        assert details["meetingMinutes"] in (60, 90, 120)
        # public lists show published groups: they confirmed both admission conditions
        assert details["noProfessionalLeadership"] is True
        assert details["fundingDisclosed"] is True
    inperson = (await gql.data(GROUPS, {"first": 50, "format": "IN_PERSON"}))["groups"]["nodes"]
    assert inperson and all(n["digital"] is None for n in inperson)


async def test_nationwide_groups_are_not_sent_to_a_local_office(gql: Gql) -> None:
    query = (
        "{ groups(reach: NATIONWIDE, first: 100) { nodes { contactMode contactPoint { id } } } }"
    )
    nodes = (await gql.data(query))["groups"]["nodes"]
    assert nodes
    assert all(n["contactPoint"] is None and n["contactMode"] == "DIRECT" for n in nodes)


async def test_ended_groups_only_when_asked_for(gql: Gql, db: Db) -> None:
    ended = await db.scalar(
        "SELECT count(*) FROM groups WHERE status = 'ENDED' AND review_state = 'PUBLISHED' "
        "AND region_code IS NULL"
    )
    assert ended
    query = (
        "query($s: [GroupStatus!]) { groups(reach: NATIONWIDE, status: $s, first: 100) "
        "{ totalCount nodes { status } } }"
    )
    default = (await gql.data(query))["groups"]
    assert all(n["status"] != "ENDED" for n in default["nodes"])
    asked = (await gql.data(query, {"s": ["ENDED"]}))["groups"]
    assert asked["totalCount"] == ended
    assert {n["status"] for n in asked["nodes"]} == {"ENDED"}
