"""contactPoints(...), offices, hours, districts, branches and a contact point's groups."""

from __future__ import annotations

from tests.conftest import Db, Gql, bad_input

POINTS = """
query($region: String, $text: String, $plz: String) {
  contactPoints(region: $region, text: $text, postalCode: $plz, first: 100) {
    totalCount
    nodes {
      id name carrier isMainOffice officePhone officeEmail website
      address { street postalCode city location { latitude longitude } }
      region { code }
      officeHours { weekday opens closes }
      districts
      mainOffice { id isMainOffice }
      branches { id }
      groups(first: 100) { nodes { id contactPoint { id } } }
    }
  }
}
"""


async def test_about_three_hundred_contact_points(gql: Gql, db: Db) -> None:
    data = (await gql.data(POINTS))["contactPoints"]
    assert data["totalCount"] == await db.scalar("SELECT count(*) FROM contact_points") >= 250


async def test_dortmund_contact_point(gql: Gql) -> None:
    nodes = (await gql.data(POINTS, {"text": "Dortmund"}))["contactPoints"]["nodes"]
    dortmund = next(n for n in nodes if "Selbsthilfe-Kontaktstelle Dortmund" in n["name"])
    assert dortmund["region"]["code"] == "DE-NW"
    assert dortmund["address"]["postalCode"].startswith("44")
    # no source gives Dortmund's office hours: the demo leaves them empty, never invents them
    assert dortmund["officeHours"] == []
    assert dortmund["districts"] == ["Dortmund"]  # not Schwerte or Wickede


async def test_office_hours_open_before_they_close(gql: Gql) -> None:
    nodes = (await gql.data(POINTS, {"region": "DE-NW"}))["contactPoints"]["nodes"]
    slots = [slot for n in nodes for slot in n["officeHours"]]
    assert slots
    assert all(slot["opens"] < slot["closes"] for slot in slots)


async def test_region_and_postal_code_filters(gql: Gql, db: Db) -> None:
    data = (await gql.data(POINTS, {"region": "DE-BY"}))["contactPoints"]
    assert data["totalCount"] == await db.scalar(
        "SELECT count(*) FROM contact_points WHERE region_code = 'DE-BY'"
    )
    plz = data["nodes"][0]["address"]["postalCode"]
    same = (await gql.data(POINTS, {"plz": plz}))["contactPoints"]["nodes"]
    assert same and all(n["address"]["postalCode"] == plz for n in same)


async def test_malformed_postal_code_is_refused(gql: Gql) -> None:
    for plz in ["4413", "441355", "ABCDE", "44 13"]:
        bad_input(await gql(POINTS, {"plz": plz}), "postalCode")


async def test_branches_and_main_offices_point_at_each_other(gql: Gql, db: Db) -> None:
    assert await db.scalar("SELECT count(*) FROM contact_points WHERE main_office_id IS NOT NULL")
    total = (await gql.data(POINTS))["contactPoints"]["totalCount"]
    seen_branch = False
    after = None
    while True:
        page = await gql.data(
            "query($a: String) { contactPoints(first: 100, after: $a) { pageInfo { hasNextPage "
            "endCursor } nodes { id isMainOffice mainOffice { id branches { id } } } } }",
            {"a": after},
        )
        for node in page["contactPoints"]["nodes"]:
            if not node["isMainOffice"]:
                seen_branch = True
                assert node["id"] in [b["id"] for b in node["mainOffice"]["branches"]]
        if not page["contactPoints"]["pageInfo"]["hasNextPage"]:
            break
        after = page["contactPoints"]["pageInfo"]["endCursor"]
    assert seen_branch and total


async def test_contact_point_groups_link_back(gql: Gql, db: Db) -> None:
    key = await db.scalar(
        "SELECT contact_point_id FROM groups WHERE review_state = 'PUBLISHED' "
        "AND contact_point_id IS NOT NULL GROUP BY contact_point_id ORDER BY count(*) DESC LIMIT 1"
    )
    expected = await db.scalar(
        "SELECT count(*) FROM groups WHERE review_state = 'PUBLISHED' AND contact_point_id = :k "
        "AND status <> 'ENDED'",
        k=key,
    )
    from graph.ids import encode_id

    point_id = encode_id("ContactPoint", "nakos", key)
    data = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on ContactPoint { groups(first: 100) "
        "{ nodes { contactPoint { id } } } } } }",
        {"id": point_id},
    )
    groups = data["node"]["groups"]["nodes"]
    assert len(groups) == min(expected, 100) > 0
    assert {g["contactPoint"]["id"] for g in groups} == {point_id}
