"""The HSDS 3.0 open data (issue 18), from the outside: the API under /hsds/ over HTTP and the
bulk export, on the registry with Bavaria and NRW. Every object is validated against the Open
Referral schemas (tests/hsds_schemas), and no protected value of any source appears anywhere."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from graph.app import create_app
from graph.hsds import ids
from graph.hsds.export import export
from graph.settings import Settings
from regions.sources.codes import LAENDER
from tests.hsds_check import assert_page, assert_valid
from tests.regions.conftest import NrwService

FILE_SCHEMAS = {
    "organizations.json": "organization.json",
    "services.json": "service.json",
    "service_at_locations.json": "service_at_location.json",
    "locations.json": "location.json",
    "taxonomies.json": "taxonomy.json",
    "taxonomy_terms.json": "taxonomy_term.json",
    "metadata.json": "metadata.json",
}


@pytest.fixture
async def http(federated_app: Starlette, nrw: NrwService) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=federated_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def get(http: httpx.AsyncClient, path: str, status: int = 200, **params: Any) -> Any:
    response = await http.get(path, params=params)
    assert response.status_code == status, response.text
    return response.json()


async def rows(app: Starlette, sql: str) -> list[Any]:
    async with app.state.engine.connect() as conn:
        return list((await conn.execute(text(sql))).all())


async def protected_values(app: Starlette, region_keys: dict[str, list[str]]) -> set[str]:
    """Every protected value the sources hold for what was published: the registry's group
    contacts and meeting links, staff, organisation contacts, rare-condition persons, and the
    regions' group contacts (asked from each region for the groups the feed holds)."""
    found: set[str] = set()
    for sql in (
        "SELECT name, phone, email, meeting_link FROM group_contacts",
        "SELECT name, phone, email, NULL FROM contact_point_staff",
        "SELECT name, phone, email, NULL FROM organisation_contacts",
        "SELECT name, phone, email, street FROM rare_condition_persons",
    ):
        for row in await rows(app, sql):
            found |= {v for v in row if v}
    for code, keys in region_keys.items():
        source = app.state.sources[code]
        for i in range(0, len(keys), 200):
            contacts = await source.contacts_of(keys[i : i + 200])
            for c in contacts.values():
                found |= {v for v in (c.name, c.phone, c.email, c.meeting_link) if v}
    # The demo draws direct and office numbers from the same small ranges, so a staff member's
    # number can equal some office's public number: a value the registry publishes as an
    # office's own is public. A value that short could be part of any text; none is that short.
    public: set[str] = set()
    for sql in (
        "SELECT office_phone, office_email FROM organisations",
        "SELECT office_phone, office_email FROM contact_points",
    ):
        for row in await rows(app, sql):
            public |= {v for v in row if v}
    return {v for v in found - public if len(v) >= 6}


WORD = re.compile(r"[\w@.+-]+")


def leaked(blob: str, values: set[str]) -> list[str]:
    """The values found in `blob`: only those whose every word occurs in it are searched for
    (one pass over the blob instead of one per value)."""
    words = set(WORD.findall(blob))
    candidates = [v for v in values if all(w in words for w in WORD.findall(v))]
    return sorted(v for v in candidates if v in blob)


# -- the export ---------------------------------------------------------------------------


async def test_export_is_valid_hsds_and_holds_no_protected_value(
    federated_app: Starlette, nrw: NrwService, tmp_path: Path
) -> None:
    # when the whole registry with Bavaria and NRW is exported
    report = await export(federated_app.state.engine, federated_app.state.sources, tmp_path)
    assert report.unavailable == {}
    # then every file is a JSON array of valid HSDS objects
    data = {}
    for name, schema in FILE_SCHEMAS.items():
        data[name] = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        assert data[name], name
        for obj in data[name]:
            assert_valid(schema, obj)
    # with the groups of every source, and as many as the sources hold
    sources = {ids.parse(s["id"]).source for s in data["services.json"]}  # type: ignore[union-attr]
    assert sources == {"nakos", "DE-BY", "DE-NW"}
    published = (
        await rows(federated_app, "SELECT count(*) FROM groups WHERE review_state = 'PUBLISHED'")
    )[0][0]
    registry_groups = [s for s in data["services.json"] if _is(s["id"], ids.GROUP, "nakos")]
    assert len(registry_groups) == published
    # and the metadata names each source, when and what it gave
    meta = {m["updated_by"]: m for m in data["metadata.json"]}
    assert set(meta) == {"nakos", "DE-BY", "DE-NW"}
    assert all(m["last_action_type"] == "export" for m in meta.values())
    # and no protected value of any source appears anywhere in the files
    region_keys: dict[str, list[str]] = {"DE-BY": [], "DE-NW": []}
    for s in data["services.json"]:
        ref = ids.parse(s["id"])
        if ref is not None and ref.kind == ids.GROUP and ref.source in region_keys:
            region_keys[ref.source].append(ref.key)
    values = await protected_values(federated_app, region_keys)
    assert len(values) > 1000  # the check has something to find
    blob = "".join((tmp_path / name).read_text(encoding="utf-8") for name in FILE_SCHEMAS)
    assert leaked(blob, values) == []
    # nor any rare-condition search (persons' entries are not part of the open data)
    assert "rare" not in {m.get("resource_type") for m in data["metadata.json"]}


async def test_export_marks_a_region_that_is_down(
    federated_app: Starlette, nrw: NrwService, tmp_path: Path
) -> None:
    nrw.disturb(answer="500")
    report = await export(federated_app.state.engine, federated_app.state.sources, tmp_path)
    assert "DE-NW" in report.unavailable
    meta = {m["updated_by"]: m for m in json.loads((tmp_path / "metadata.json").read_text())}
    assert meta["DE-NW"]["last_action_type"] == "export-source-unavailable"
    assert meta["DE-BY"]["last_action_type"] == "export"
    services = json.loads((tmp_path / "services.json").read_text())
    assert not any(ids.parse(s["id"]).source == "DE-NW" for s in services)  # type: ignore[union-attr]


# -- the API ------------------------------------------------------------------------------

LISTS = [
    ("/hsds/services", {}, "compiled/service_list.json"),
    ("/hsds/services", {"full": "true"}, "service.json"),
    ("/hsds/service_at_locations", {}, "compiled/service_at_location_list.json"),
    ("/hsds/service_at_locations", {"full": "true"}, "service_at_location.json"),
    ("/hsds/organizations", {}, "compiled/organization_list.json"),
    ("/hsds/organizations", {"full": "true"}, "organization.json"),
    ("/hsds/taxonomies", {}, "taxonomy.json"),
    ("/hsds/taxonomy_terms", {}, "taxonomy_term.json"),
]


@pytest.mark.parametrize(("path", "query", "schema"), LISTS)
async def test_lists_are_pages_of_valid_objects(
    http: httpx.AsyncClient, path: str, query: dict[str, str], schema: str
) -> None:
    first = await get(http, path, per_page=100, **query)
    assert_page(first, schema)
    assert first["page_number"] == 1 and first["first_page"] is True
    total, pages = first["total_items"], first["total_pages"]
    assert pages == -(-total // 100)
    last = await get(http, path, per_page=100, page=max(pages, 1), **query)
    assert_page(last, schema)
    assert last["last_page"] is True
    assert last["size"] == total - 100 * (pages - 1)


async def test_pages_reach_every_source_without_overlap(http: httpx.AsyncClient) -> None:
    seen: list[str] = []
    body = await get(http, "/hsds/services", per_page=100)
    # the lanes: organisations' offers, contact points' support, registry groups, then regions
    for page in range(1, body["total_pages"] + 1, 3):
        part = await get(http, "/hsds/services", per_page=100, page=page)
        seen += [s["id"] for s in part["contents"]]
    assert len(seen) == len(set(seen))
    kinds = {(ids.parse(i).kind, ids.parse(i).source) for i in seen}  # type: ignore[union-attr]
    assert {(ids.OFFER, "nakos"), (ids.SUPPORT, "nakos"), (ids.GROUP, "nakos")} <= kinds
    assert {(ids.GROUP, "DE-BY"), (ids.GROUP, "DE-NW")} <= kinds


async def test_one_service_of_every_kind_and_source(http: httpx.AsyncClient) -> None:
    body = await get(http, "/hsds/services", per_page=100)
    last = await get(http, "/hsds/services", per_page=100, page=body["total_pages"])
    by = await get(http, "/hsds/services", per_page=100, page=body["total_pages"] // 2 + 5)
    for item in [*body["contents"][:3], *by["contents"][:3], *last["contents"][-3:]]:
        full = await get(http, f"/hsds/services/{item['id']}")
        assert_valid("service.json", full)
        assert full["id"] == item["id"]


async def test_withheld_place_is_its_town_only(
    http: httpx.AsyncClient, federated_app: Starlette
) -> None:
    found = await rows(
        federated_app,
        "SELECT id, city, postal_code FROM groups WHERE address_withheld AND city IS NOT NULL "
        "AND review_state = 'PUBLISHED' AND format <> 'DIGITAL' ORDER BY id LIMIT 1",
    )
    if not found:
        pytest.skip("no withheld registry place in the demo data")
    key, city, postal = found[0]
    sal = await get(http, f"/hsds/service_at_locations/{ids.make(ids.SAL, 'nakos', key)}")
    assert_valid("service_at_location.json", sal)
    loc = sal["location"]
    assert "latitude" not in loc and "longitude" not in loc
    assert loc["addresses"][0]["city"] == city
    assert loc["addresses"][0]["postal_code"] == ""
    assert postal not in json.dumps(sal)


async def test_region_withheld_places_show_no_point(http: httpx.AsyncClient) -> None:
    body = await get(http, "/hsds/service_at_locations", full="true", per_page=100, page=40)
    withheld = [
        s for s in body["contents"] if "auf Anfrage" in s["location"].get("description", "")
    ]
    assert body["contents"]
    for sal in withheld:
        assert "latitude" not in sal["location"]
        for address in sal["location"]["addresses"]:
            assert address["postal_code"] == ""


async def test_nationwide_digital_group_has_no_location(
    http: httpx.AsyncClient, federated_app: Starlette
) -> None:
    key = (
        await rows(
            federated_app,
            "SELECT id FROM groups WHERE format = 'DIGITAL' AND reach = 'NATIONWIDE' "
            "AND review_state = 'PUBLISHED' ORDER BY id LIMIT 1",
        )
    )[0][0]
    service = await get(http, f"/hsds/services/{ids.make(ids.GROUP, 'nakos', key)}")
    assert_valid("service.json", service)
    assert service["service_at_locations"] == []
    assert service["service_areas"][0]["name"] == "Deutschland"
    assert service["schedules"] == [] or service["schedules"][0]["attending_type"] == "online"
    await get(http, f"/hsds/service_at_locations/{ids.make(ids.SAL, 'nakos', key)}", 404)


async def test_contact_point_without_hours(
    http: httpx.AsyncClient, federated_app: Starlette
) -> None:
    found = await rows(
        federated_app,
        "SELECT id FROM contact_points c WHERE NOT EXISTS (SELECT 1 FROM "
        "contact_point_office_hours h WHERE h.contact_point_id = c.id) ORDER BY id LIMIT 1",
    )
    if not found:
        pytest.skip("every contact point has office hours in the demo data")
    org = await get(
        http, f"/hsds/organizations/{ids.make(ids.CONTACT_POINT, 'nakos', found[0][0])}"
    )
    assert_valid("organization.json", org)
    support = await get(http, f"/hsds/services/{ids.make(ids.SUPPORT, 'nakos', found[0][0])}")
    assert_valid("service.json", support)
    assert all("freq" not in s for s in support["schedules"])


async def test_contact_point_organisation_with_its_groups(
    http: httpx.AsyncClient, federated_app: Starlette
) -> None:
    key = (
        await rows(
            federated_app,
            "SELECT contact_point_id FROM groups WHERE contact_point_id IS NOT NULL AND "
            "review_state = 'PUBLISHED' GROUP BY contact_point_id ORDER BY count(*) DESC LIMIT 1",
        )
    )[0][0]
    oid = ids.make(ids.CONTACT_POINT, "nakos", key)
    org = await get(http, f"/hsds/organizations/{oid}", full_service="true")
    assert_valid("organization.json", org)
    for s in org["services"]:
        assert_valid("service.json", s)
    assert org["phones"] == [] or org["phones"][0]["description"] == "Büro"
    listed = await get(http, "/hsds/services", organization_id=oid, per_page=100)
    assert {s["id"] for s in listed["contents"]} <= {s["id"] for s in org["services"]}
    assert listed["total_items"] >= 2


async def test_filters(http: httpx.AsyncClient, federated_app: Starlette) -> None:
    terms = await get(http, "/hsds/taxonomy_terms", top_only="true", per_page=100)
    assert all("parent_id" not in t for t in terms["contents"])
    root = terms["contents"][0]
    children = await get(http, "/hsds/taxonomy_terms", parent_id=root["id"], per_page=100)
    assert all(t["parent_id"] == root["id"] for t in children["contents"])
    allowed = {root["id"]} | {t["id"] for t in children["contents"]}
    tagged = await get(
        http, "/hsds/services", taxonomy_term_id=root["id"], full="true", per_page=100
    )
    assert tagged["total_items"] > 0
    everything = await get(http, "/hsds/services", per_page=1)
    assert tagged["total_items"] < everything["total_items"]
    for s in tagged["contents"]:
        # a child's own children are allowed too: check the term or its parent is the root's tree
        terms_of = {a["taxonomy_term_id"] for a in s["attributes"]}
        parents = {a["taxonomy_term"].get("parent_id") for a in s["attributes"]}
        assert (terms_of | parents) & allowed, s["name"]
    words = await get(http, "/hsds/services", search="Diabetes", per_page=100)
    assert 0 < words["total_items"] < everything["total_items"]
    near = await get(http, "/hsds/service_at_locations", postcode="44135", proximity="10000")
    assert near["total_items"] > 0
    later = await get(http, "/hsds/services", modified_after="2999-01-01T00:00:00Z")
    assert later["total_items"] == 0 and later["empty"] is True


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page": "500", "per_page": "100"}, "page"),
        ({"modified_after": "yesterday"}, "modified_after"),
        ({"taxonomy_term_id": "nope"}, "taxonomy_term_id"),
        ({"organization_id": "00000000-0000-0000-0000-000000000000"}, "organization_id"),
        ({"format": "xml"}, "format"),
        ({"color": "red"}, "color"),
        ({"search": "x" * 201}, "search"),
    ],
)
async def test_bad_parameters_are_400_with_a_reason(
    http: httpx.AsyncClient, query: dict[str, str], parameter: str
) -> None:
    body = await get(http, "/hsds/services", 400, **query)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["extensions"]["parameter"] == parameter
    assert error["message"]


async def test_bad_place_parameters(http: httpx.AsyncClient) -> None:
    for query in (
        {"postcode": "4413"},
        {"proximity": "5"},
        {"postcode": "44135", "proximity": "0"},
    ):
        await get(http, "/hsds/service_at_locations", 400, **query)


async def test_unknown_ids_are_404(http: httpx.AsyncClient) -> None:
    await get(http, "/hsds/services/not-an-id", 404)
    await get(http, f"/hsds/services/{ids.make(ids.GROUP, 'nakos', 999999999)}", 404)
    await get(http, f"/hsds/organizations/{ids.make(ids.GROUP, 'nakos', 1)}", 404)
    await get(http, f"/hsds/taxonomy_terms/{ids.make(ids.TERM, 'nakos', 999999)}", 404)


async def test_caching_headers(http: httpx.AsyncClient) -> None:
    first = await http.get("/hsds/taxonomy_terms")
    assert first.headers["cache-control"].startswith("public")
    etag = first.headers["etag"]
    again = await http.get("/hsds/taxonomy_terms", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""


async def test_a_region_that_is_down_is_named(
    federated_app: Starlette, nrw: NrwService, http: httpx.AsyncClient
) -> None:
    nrw.disturb(answer="500")
    response = await http.get("/hsds/services", params={"per_page": 10})
    assert response.status_code == 200
    assert response.headers["hsds-region-unavailable"] == "DE-NW"
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["region_unavailable"] == ["DE-NW"]
    assert_page(body, "compiled/service_list.json")


async def test_api_answers_hold_no_protected_value(
    http: httpx.AsyncClient, federated_app: Starlette
) -> None:
    blob = []
    region_keys: dict[str, list[str]] = {"DE-BY": [], "DE-NW": []}
    for path, query, _ in LISTS:
        first = await get(http, path, per_page=100, **query)
        for page in {1, first["total_pages"] // 2 + 1, first["total_pages"]} - {0}:
            body = await get(http, path, per_page=100, page=page, **query)
            blob.append(json.dumps(body, ensure_ascii=False))
            for obj in body["contents"]:
                ref = ids.parse(obj.get("service_id", obj["id"]))
                if ref is not None and ref.source in region_keys:
                    region_keys[ref.source].append(ref.key)
    values = await protected_values(federated_app, region_keys)
    assert leaked("".join(blob), values) == []


# -- hardening on an app of its own (rate limits, CORS) -----------------------------------


async def test_rate_limit_and_cors(settings: Settings) -> None:
    own = settings.model_copy(
        update={
            "rate_limits": True,
            "rate_limit_anonymous": "3/minute",
            "cors_origins": ["https://portal.example"],
        }
    )
    app = create_app(own)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            origin = {"origin": "https://portal.example"}
            answer = await client.get("/hsds/taxonomies", headers=origin)
            assert answer.headers["access-control-allow-origin"] == "https://portal.example"
            other = await client.get("/hsds/taxonomies", headers={"origin": "https://evil.example"})
            assert "access-control-allow-origin" not in other.headers
            third = await client.get("/hsds/taxonomies")
            assert third.status_code == 200
            refused = await client.get("/hsds/taxonomies")
            assert refused.status_code == 429
            assert int(refused.headers["retry-after"]) > 0
            assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_ids_name_their_record() -> None:
    for code in ["nakos", *LAENDER]:
        made = ids.make(ids.GROUP, code, "NW-000001")
        assert ids.parse(made) == ids.Ref(ids.GROUP, code, "NW-000001")


def _is(value: str, kind: str, source: str) -> bool:
    ref = ids.parse(value)
    return ref is not None and ref.kind == kind and ref.source == source
