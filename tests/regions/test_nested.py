"""Contact points and Länder list the owning region's groups; region groups keep protected
fields protected."""

from __future__ import annotations

from sqlalchemy import text
from starlette.applications import Starlette

from tests.conftest import Gql

POINTS = """
query($region: String!) {
  contactPoints(region: $region, first: 100) {
    nodes { id region { code } groups(first: 10) { id provenance { source } contactPoint { id } } }
  }
}
"""


async def test_contact_point_groups_come_from_its_lands_region(fgql: Gql) -> None:
    for code in ("DE-BY", "DE-NW"):
        points = (await fgql.data(POINTS, {"region": code}))["contactPoints"]["nodes"]
        local = 0
        for point in points:
            sources = [g["provenance"]["source"] for g in point["groups"]]
            # national ones first, then the region's; each linked back to this contact point
            assert sources == sorted(sources, key=lambda s: s != "nakos")
            assert set(sources) <= {"nakos", code}
            assert all(g["contactPoint"]["id"] == point["id"] for g in point["groups"])
            local += sources.count(code)
        assert local > len(points)


async def test_region_groups_and_source(fgql: Gql) -> None:
    data = await fgql.data(
        "{ regions(first: 16) { nodes { code source { kind status latencyMs }"
        " groups(first: 40) { provenance { source } region { code } } } } }"
    )
    by_code = {n["code"]: n for n in data["regions"]["nodes"]}
    assert by_code["DE-BY"]["source"]["kind"] == "sql"
    assert by_code["DE-NW"]["source"]["kind"] == "http"
    for code in ("DE-BY", "DE-NW"):
        state = by_code[code]["source"]
        assert state["status"] == "UP" and state["latencyMs"] >= 0
        groups = by_code[code]["groups"]
        assert len(groups) == 40 and {g["region"]["code"] for g in groups} == {code}
    assert by_code["DE-HH"]["source"] is None
    assert {g["provenance"]["source"] for g in by_code["DE-HH"]["groups"]} == {"nakos"}


async def test_region_groups_keep_personal_data_protected(
    fgql: Gql, federated_app: Starlette
) -> None:
    async with federated_app.state.sources["DE-BY"].engine.connect() as conn:
        emails = list(
            (await conn.execute(text("SELECT email FROM ansprechpartner LIMIT 200"))).scalars()
        )
    assert emails
    body = await fgql(
        '{ groups(region: "DE-BY", format: IN_PERSON, first: 100) {'
        " nodes { provenance { source } contact { name email phone } meetingLink } }"
        ' nrw: groups(region: "DE-NW", format: HYBRID, first: 100) {'
        " nodes { provenance { source } contact { email } meetingLink } } }"
    )
    assert "errors" not in body
    for field in ("groups", "nrw"):
        nodes = body["data"][field]["nodes"]
        assert len({n["provenance"]["source"] for n in nodes}) == 2
        assert all(n["contact"] is None and n["meetingLink"] is None for n in nodes)
    assert not any(email in str(body) for email in emails)
