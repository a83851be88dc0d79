"""`Group.contactRoutes` over HTTP: computed for a whole page in one statement, and every
route it names is real (an office route has a public phone or email), and every group of the
page has one."""

from __future__ import annotations

from graph.ids import encode_id
from tests.conftest import Db, Gql, SqlLog

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


NO_ROUTE = """
SELECT g.id FROM groups g LEFT JOIN contact_points p ON p.id = g.contact_point_id
WHERE g.review_state = 'PUBLISHED' AND g.status <> 'ENDED' AND NOT (
  (p.id IS NOT NULL AND (coalesce(p.office_phone, '') <> '' OR coalesce(p.office_email, '') <> ''))
  OR (g.contact_mode = 'DIRECT' AND EXISTS (SELECT 1 FROM group_contacts c
       WHERE c.group_id = g.id AND coalesce(c.email, '') <> ''))
  OR (g.contact_mode = 'VIA_CONTACT_POINT' AND EXISTS (SELECT 1 FROM contact_point_staff s
       WHERE s.contact_point_id = p.id AND coalesce(s.email, '') <> '')))
ORDER BY g.id
"""


async def test_no_listed_group_of_the_registry_is_without_a_route(gql: Gql, db: Db) -> None:
    # every published group anyone can list, not only a first page: by the rule in plain SQL
    # (an office with a public phone or email, a direct contact's email, an office's staff)
    assert await db.column(NO_ROUTE) == []
    # and the API agrees for a sample across the whole list (every 20th group)
    listed = await db.column(
        "SELECT g.id FROM groups g WHERE g.review_state = 'PUBLISHED' AND g.status <> 'ENDED' "
        "ORDER BY g.id"
    )
    assert listed
    query = "query($id: ID!) { node(id: $id) { ... on Group { contactRoutes { kind } } } }"
    for key in listed[::20]:
        node = (await gql.data(query, {"id": encode_id("Group", "nakos", key)}))["node"]
        assert node["contactRoutes"], key
