"""Regional offices maintain their Land over HTTP with real tokens: contact points, registry
groups, new local groups; national staff everywhere and organisations too. Outside its Land an
office is FORBIDDEN and nothing is written; every change names its version and is logged."""

from __future__ import annotations

from typing import Any

import pytest

from graph.ids import encode_id
from tests.access_tokens import TokenKeys
from tests.conftest import PrivateRegistry
from tests.graph.mutations.roles import Writer, forbidden

UPDATE_POINT = """
mutation($input: UpdateContactPointInput!) {
  updateContactPoint(input: $input) {
    clientMutationId
    errors { field code message }
    contactPoint { id version officePhone officeHoursNote districts
                   officeHours { weekday opens closes } }
  }
}"""
UPDATE_GROUP = """
mutation($input: UpdateGroupInput!) {
  updateGroup(input: $input) {
    errors { field code message }
    group { id version status openForNewMembers meeting { note } }
  }
}"""
ADD_GROUP = """
mutation($input: AddLocalGroupInput!) {
  addLocalGroup(input: $input) {
    errors { field code message }
    group { id name status version }
  }
}"""
UPDATE_ORGANISATION = """
mutation($input: UpdateOrganisationInput!) {
  updateOrganisation(input: $input) {
    errors { field code message }
    organisation { id name version }
  }
}"""
WHO_MAY = [
    ("anonymous", False),
    ("partner", False),
    ("office DE-NW", False),  # another Land's office
    ("office DE-BY", True),
    ("national staff", True),
]


async def first(registry: PrivateRegistry, sql: str, **params: Any) -> int:
    key = await registry.db.scalar(sql, **params)
    assert key is not None, sql
    return int(key)


async def bavarian_point(registry: PrivateRegistry) -> int:
    return await first(registry, "SELECT min(id) FROM contact_points WHERE region_code = 'DE-BY'")


async def bavarian_group(registry: PrivateRegistry) -> int:
    return await first(
        registry,
        "SELECT min(id) FROM groups WHERE region_code = 'DE-BY' AND review_state = 'PUBLISHED'",
    )


async def change_count(registry: PrivateRegistry) -> int:
    return int(await registry.db.scalar("SELECT count(*) FROM change_log"))


def point_input(key: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": encode_id("ContactPoint", "nakos", key),
        "expectedVersion": 1,
        "officePhone": "0931 555 0",
        "officeHoursNote": "Termine nach Vereinbarung",
        "districts": ["Würzburg", "Landkreis Kitzingen"],
        "officeHours": [{"weekday": "TUESDAY", "opens": "09:00:00", "closes": "12:00:00"}],
        "staff": [{"name": "Erika Beispiel", "email": "erika@example.org"}],
        **extra,
    }


@pytest.mark.parametrize(("role", "allowed"), WHO_MAY)
async def test_a_contact_point_is_kept_by_the_office_of_its_land(
    private_registry: PrivateRegistry, token_keys: TokenKeys, role: str, allowed: bool
) -> None:
    key = await bavarian_point(private_registry)
    body = await Writer(private_registry.app, token_keys, role)(
        UPDATE_POINT, {"input": point_input(key)}
    )
    phone = await private_registry.db.scalar(
        "SELECT office_phone FROM contact_points WHERE id = :k", k=key
    )
    if not allowed:
        assert forbidden(body) and body["data"] is None
        assert phone != "0931 555 0"
        assert await change_count(private_registry) == 0
        return
    point = body["data"]["updateContactPoint"]["contactPoint"]
    assert point["version"] == 2 and point["officePhone"] == "0931 555 0"
    assert point["officeHoursNote"] == "Termine nach Vereinbarung"
    assert point["districts"] == ["Landkreis Kitzingen", "Würzburg"]
    assert [h["weekday"] for h in point["officeHours"]] == ["TUESDAY"]
    fields = await private_registry.db.scalar(
        "SELECT fields FROM change_log WHERE action = 'updateContactPoint'"
    )
    text = str(fields)
    assert "officePhone" in text and "officeHours" in text and "staff" in text
    assert "Erika" not in text  # personal values are logged as set, never as text


async def test_a_stale_version_is_a_conflict_and_a_retry_writes_once(
    private_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    key = await bavarian_point(private_registry)
    office = Writer(private_registry.app, token_keys, "office DE-BY")
    first_run = await office(UPDATE_POINT, {"input": point_input(key, clientMutationId="c-1")})
    retry = await office(UPDATE_POINT, {"input": point_input(key, clientMutationId="c-1")})
    assert retry["data"]["updateContactPoint"]["errors"] == []
    assert retry["data"]["updateContactPoint"]["contactPoint"]["version"] == 2
    assert first_run["data"]["updateContactPoint"]["contactPoint"]["version"] == 2
    assert await change_count(private_registry) == 1
    stale = await office(UPDATE_POINT, {"input": point_input(key, officePhone="0931 1")})
    assert [e["code"] for e in stale["data"]["updateContactPoint"]["errors"]] == ["CONFLICT"]
    assert await change_count(private_registry) == 1


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"officePhone": "call us"}, "officePhone", "INVALID"),
        ({"officeEmail": "nope"}, "officeEmail", "INVALID"),
        ({"website": "ftp://x"}, "website", "INVALID"),
        ({"officeHoursNote": "x" * 201}, "officeHoursNote", "TOO_LONG"),
        (
            {"officeHours": [{"weekday": "MONDAY", "opens": "12:00:00", "closes": "09:00:00"}]},
            "officeHours.0.closes",
            "INVALID",
        ),
        ({"staff": [{"name": " "}]}, "staff.0.name", "REQUIRED"),
        ({"districts": ["x" * 121]}, "districts.0", "TOO_LONG"),
        ({"id": encode_id("Group", "DE-BY", 40001)}, "id", "INVALID"),
        ({"id": encode_id("ContactPoint", "nakos", 99999999)}, "id", "UNKNOWN_ID"),
    ],
)
async def test_bad_input_per_field_writes_nothing(
    private_registry: PrivateRegistry,
    token_keys: TokenKeys,
    change: dict[str, Any],
    field: str,
    code: str,
) -> None:
    key = await bavarian_point(private_registry)
    staff = Writer(private_registry.app, token_keys, "national staff")
    body = await staff(UPDATE_POINT, {"input": point_input(key, **change)})
    errors = body["data"]["updateContactPoint"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)]
    assert await change_count(private_registry) == 0


@pytest.mark.parametrize(("role", "allowed"), WHO_MAY)
async def test_a_registry_group_is_kept_by_the_office_of_its_land(
    private_registry: PrivateRegistry, token_keys: TokenKeys, role: str, allowed: bool
) -> None:
    key = await bavarian_group(private_registry)
    version = await private_registry.db.scalar("SELECT version FROM groups WHERE id = :k", k=key)
    change = {
        "id": encode_id("Group", "nakos", key),
        "expectedVersion": version,
        "status": "PAUSED",
        "openForNewMembers": False,
        "meeting": {"note": "Sommerpause bis September"},
    }
    body = await Writer(private_registry.app, token_keys, role)(UPDATE_GROUP, {"input": change})
    status = await private_registry.db.scalar("SELECT status FROM groups WHERE id = :k", k=key)
    if not allowed:
        assert forbidden(body) and body["data"] is None
        assert status != "PAUSED" and await change_count(private_registry) == 0
        return
    group = body["data"]["updateGroup"]["group"]
    assert (group["status"], group["openForNewMembers"]) == ("PAUSED", False)
    assert group["meeting"]["note"] == "Sommerpause bis September"
    assert group["version"] == version + 1
    assert await change_count(private_registry) == 1


async def test_a_regions_group_is_not_written_by_the_graph(
    private_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    office = Writer(private_registry.app, token_keys, "office DE-BY")
    change = {"id": encode_id("Group", "DE-BY", 40001), "expectedVersion": 1, "status": "ENDED"}
    body = await office(UPDATE_GROUP, {"input": change})
    [error] = body["data"]["updateGroup"]["errors"]
    assert error["field"] == "id" and "reportCorrection" in error["message"]


NEW_NAME = "Selbsthilfegruppe Tinnitus Würzburg"


def new_group(registry_topic: str, point: str, **extra: Any) -> dict[str, Any]:
    return {
        "region": "DE-BY",
        "name": "Selbsthilfegruppe Tinnitus Würzburg",
        "description": "Austausch und Entspannungsübungen",
        "topics": [registry_topic],
        "format": "IN_PERSON",
        "audience": "BOTH",
        "contactPoint": point,
        "postalCode": "97070",
        "city": "Würzburg",
        "meeting": {"rule": "FREQ=MONTHLY;BYDAY=2TU", "time": "19:00:00"},
        **extra,
    }


@pytest.mark.parametrize(("role", "allowed"), WHO_MAY)
async def test_an_office_adds_a_local_group_of_its_land_published_at_once(
    private_registry: PrivateRegistry, token_keys: TokenKeys, role: str, allowed: bool
) -> None:
    topic = encode_id("Topic", "nakos", await first(private_registry, "SELECT min(id) FROM topics"))
    point = encode_id("ContactPoint", "nakos", await bavarian_point(private_registry))
    before = int(await private_registry.db.scalar("SELECT count(*) FROM groups"))
    body = await Writer(private_registry.app, token_keys, role)(
        ADD_GROUP, {"input": new_group(topic, point)}
    )
    after = int(await private_registry.db.scalar("SELECT count(*) FROM groups"))
    if not allowed:
        assert forbidden(body) and body["data"] is None
        assert after == before and await change_count(private_registry) == 0
        return
    group = body["data"]["addLocalGroup"]["group"]
    assert group["status"] == "ACTIVE" and after == before + 1
    found = await private_registry.gql.data(
        '{ search(text: "Tinnitus Würzburg", first: 5) { edges { node { ... on Group { id } } } } }'
    )
    assert group["id"] in [e["node"].get("id") for e in found["search"]["edges"]]


async def test_a_new_group_with_a_withheld_place_is_stored_at_its_towns_centre(
    private_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    # given a Würzburg group whose meeting place is withheld, added with its postal code
    topic = encode_id("Topic", "nakos", await first(private_registry, "SELECT min(id) FROM topics"))
    point = encode_id("ContactPoint", "nakos", await bavarian_point(private_registry))
    staff = Writer(private_registry.app, token_keys, "national staff")
    body = await staff(ADD_GROUP, {"input": new_group(topic, point, addressWithheld=True)})
    assert body["data"]["addLocalGroup"]["errors"] == []
    key = body["data"]["addLocalGroup"]["group"]["id"]
    db = private_registry.db
    lat = await db.scalar("SELECT latitude FROM groups WHERE name = :n", n=NEW_NAME)
    centre = await db.scalar(
        "SELECT avg(latitude) FROM postal_codes WHERE town = 'Würzburg' AND region_code = 'DE-BY'"
    )
    exact = await db.scalar("SELECT latitude FROM postal_codes WHERE code = '97070'")
    # then it holds the town's centre, not its postal code's centroid
    assert lat == pytest.approx(float(centre)) and lat != pytest.approx(float(exact))
    # and a search right at its postal code does not find it under 5 km
    near = """query($r: Float!) { search(near: {postalCode: "97070", radiusKm: $r}, kinds: [GROUP],
      first: 100) { edges { distanceKm node { ... on Group { id } } } } }"""
    close = await private_registry.gql.data(near, {"r": 4.9})
    assert key not in [e["node"]["id"] for e in close["search"]["edges"]]
    wide = await private_registry.gql.data(near, {"r": 20.0})
    found = [e for e in wide["search"]["edges"] if e["node"]["id"] == key]
    assert found and found[0]["distanceKm"] >= 5.0 and found[0]["distanceKm"] % 5 == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"region": "DE-XX"}, "region"),
        ({"name": ""}, "name"),
        ({"topics": []}, "topics"),
        ({"reach": "NATIONWIDE"}, "reach"),
        ({"postalCode": "9707"}, "postalCode"),
        ({"languages": ["deutsch"]}, "languages"),
        ({"contactMode": "DIRECT"}, "contact"),
    ],
)
async def test_a_new_group_with_bad_input_is_not_added(
    private_registry: PrivateRegistry, token_keys: TokenKeys, change: dict[str, Any], field: str
) -> None:
    topic = encode_id("Topic", "nakos", await first(private_registry, "SELECT min(id) FROM topics"))
    point = encode_id("ContactPoint", "nakos", await bavarian_point(private_registry))
    staff = Writer(private_registry.app, token_keys, "national staff")
    body = await staff(ADD_GROUP, {"input": new_group(topic, point, **change)})
    assert [e["field"] for e in body["data"]["addLocalGroup"]["errors"]] == [field]
    assert await change_count(private_registry) == 0


async def test_a_contact_point_of_another_land_is_refused_for_a_new_group(
    private_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    topic = encode_id("Topic", "nakos", await first(private_registry, "SELECT min(id) FROM topics"))
    nrw = await first(
        private_registry, "SELECT min(id) FROM contact_points WHERE region_code = 'DE-NW'"
    )
    office = Writer(private_registry.app, token_keys, "office DE-BY")
    body = await office(
        ADD_GROUP, {"input": new_group(topic, encode_id("ContactPoint", "nakos", nrw))}
    )
    assert [e["field"] for e in body["data"]["addLocalGroup"]["errors"]] == ["contactPoint"]
    assert await change_count(private_registry) == 0


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("partner", False),
        ("office DE-BY", False),
        ("office DE-NW", False),
        ("national staff", True),
    ],
)
async def test_organisations_are_national_staffs(
    private_registry: PrivateRegistry, token_keys: TokenKeys, role: str, allowed: bool
) -> None:
    key = await first(private_registry, "SELECT min(id) FROM organisations")
    change = {"id": encode_id("Organisation", "nakos", key), "expectedVersion": 1, "name": "Neu"}
    body = await Writer(private_registry.app, token_keys, role)(
        UPDATE_ORGANISATION, {"input": change}
    )
    name = await private_registry.db.scalar("SELECT name FROM organisations WHERE id = :k", k=key)
    if not allowed:
        assert forbidden(body) and name != "Neu" and await change_count(private_registry) == 0
        return
    assert body["data"]["updateOrganisation"]["organisation"] == {
        "id": change["id"],
        "name": "Neu",
        "version": 2,
    }
    assert await change_count(private_registry) == 1
