"""`Group.contactRoutes` over HTTP: computed for a whole page in one statement, and every
route it names is real (an office route has a public phone or email), and every group of the
page has one."""

from __future__ import annotations

from tests.conftest import Gql, SqlLog

PAGE = """
query($first: Int!, $routes: Boolean!) {
  groups(first: $first) {
    nodes { id contactMode contactPoint { id officePhone officeEmail }
            contactRoutes @include(if: $routes) { kind contactPoint { id } } }
  }
}"""


async def statements(gql: Gql, sql: SqlLog, first: int, routes: bool) -> int:
    sql.reset()
    await gql.data(PAGE, {"first": first, "routes": routes})
    return sql.count


async def test_contact_routes_cost_one_statement_per_page(gql: Gql, sql: SqlLog) -> None:
    await gql.data(PAGE, {"first": 5, "routes": True})  # warm any per-process caches
    for first in (5, 50):
        without = await statements(gql, sql, first, routes=False)
        with_routes = await statements(gql, sql, first, routes=True)
        assert with_routes - without == 1, sql.statements


async def test_every_named_route_is_real(gql: Gql) -> None:
    data = await gql.data(PAGE, {"first": 100, "routes": True})
    groups = data["groups"]["nodes"]
    assert groups
    offices = 0
    for group in groups:
        kinds = [route["kind"] for route in group["contactRoutes"]]
        assert len(kinds) == len(set(kinds))
        point = group["contactPoint"]
        for route in group["contactRoutes"]:
            if route["kind"] == "CONTACT_POINT_OFFICE":
                offices += 1
                assert route["contactPoint"] == {"id": point["id"]}
                assert point["officePhone"] or point["officeEmail"]
            else:
                assert route["contactPoint"] is None
        if group["contactMode"] == "VIA_CONTACT_POINT":
            assert point is not None
        # every published group can be reached by anyone (the promise)
        assert kinds, group
    assert offices > 0


POINTS = """
query($routes: Boolean!) {
  contactPoints(first: 50) {
    nodes { id officePhone officeEmail
            contactRoutes @include(if: $routes) { kind contactPoint { id } } }
  }
}"""


async def test_a_contact_points_routes_cost_one_statement_per_page(gql: Gql, sql: SqlLog) -> None:
    await gql.data(POINTS, {"routes": True})
    sql.reset()
    await gql.data(POINTS, {"routes": False})
    without = sql.count
    sql.reset()
    data = await gql.data(POINTS, {"routes": True})
    assert sql.count - without == 1, sql.statements
    for point in data["contactPoints"]["nodes"]:
        office = [r for r in point["contactRoutes"] if r["kind"] == "CONTACT_POINT_OFFICE"]
        public = bool(point["officePhone"] or point["officeEmail"])
        assert office == (
            [{"kind": "CONTACT_POINT_OFFICE", "contactPoint": {"id": point["id"]}}]
            if public
            else []
        )
        if point["officeEmail"]:
            assert {"kind": "MEDIATED", "contactPoint": None} in point["contactRoutes"]
