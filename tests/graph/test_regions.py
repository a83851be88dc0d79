"""regions, region(code:), and a region's contact points."""

from __future__ import annotations

from regions.sources.codes import LAENDER
from tests.conftest import Db, Gql, bad_input


async def test_all_sixteen_laender_with_their_offices(gql: Gql) -> None:
    data = await gql.data(
        "{ regions(first: 100) { totalCount nodes { code name coordinationOffice { name city } } } }"
    )
    nodes = data["regions"]["nodes"]
    assert data["regions"]["totalCount"] == 16
    assert {node["code"]: node["name"] for node in nodes} == LAENDER
    assert all(node["coordinationOffice"]["name"] for node in nodes)
    # an office whose seat could not be confirmed has no city rather than a guessed one
    assert all(node["coordinationOffice"]["city"] != "" for node in nodes)


async def test_regions_page_by_code(gql: Gql) -> None:
    one = await gql.data("{ regions(first: 10) { nodes { code } pageInfo { endCursor } } }")
    rest = await gql.data(
        "query($a: String) { regions(first: 10, after: $a) { nodes { code } pageInfo { hasNextPage } } }",
        {"a": one["regions"]["pageInfo"]["endCursor"]},
    )
    codes = [n["code"] for n in one["regions"]["nodes"] + rest["regions"]["nodes"]]
    assert codes == sorted(LAENDER)
    assert rest["regions"]["pageInfo"]["hasNextPage"] is False


async def test_bavaria_is_coordinated_from_wuerzburg(gql: Gql) -> None:
    data = await gql.data(
        '{ region(code: "DE-BY") { code name population coordinationOffice '
        "{ name street postalCode city email phone website } } }"
    )
    office = data["region"]["coordinationOffice"]
    assert data["region"]["name"] == "Bayern"
    assert (office["street"], office["postalCode"], office["city"]) == (
        "Handgasse 8",
        "97070",
        "Würzburg",
    )
    assert office["email"] == "selbsthilfe@seko-bayern.de"


async def test_unknown_region_code_is_refused(gql: Gql) -> None:
    for code in ["DE-XX", "Bayern", "", "x" * 300]:
        body = await gql("query($c: String!) { region(code: $c) { name } }", {"c": code})
        assert body["data"] == {"region": None}
        bad_input(body, "code")


async def test_region_contact_points(gql: Gql, db: Db) -> None:
    data = await gql.data(
        '{ region(code: "DE-NW") { contactPoints(first: 100) { nodes { id name region { code } } } } }'
    )
    points = data["region"]["contactPoints"]["nodes"]
    expected = await db.scalar("SELECT count(*) FROM contact_points WHERE region_code = 'DE-NW'")
    assert len(points) == min(100, expected) > 0
    assert {p["region"]["code"] for p in points} == {"DE-NW"}
    assert any("Dortmund" in p["name"] for p in points) or expected > 100


async def test_nested_first_is_validated(gql: Gql) -> None:
    body = await gql('{ region(code: "DE-BY") { contactPoints(first: 1000) { nodes { id } } } }')
    bad_input(body, "first")
    body = await gql('{ region(code: "DE-BY") { contactPoints(first: -5) { nodes { id } } } }')
    bad_input(body, "first")
