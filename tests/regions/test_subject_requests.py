"""Data-subject requests from the outside: `subjectAccess` finds one person in the registry,
Bavaria's database and NRW's service (national staff with audit:read only); `eraseSubject`
deletes them everywhere, waits for NRW while it is down and delivers there exactly once, logs
its change, is not run twice by a retry, and never touches a near miss."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select, text, update

from graph.ids import encode_id
from regions.registry.models import (
    Consent,
    ConsentChannel,
    ConsentScope,
    ConsentSubject,
    ContactPointStaff,
    Correction,
    Disclosure,
    GroupContact,
    OrganisationContact,
    RareConditionPerson,
    RareConditionSearch,
    SeekerRole,
)
from regions.sources.engine import create_engine
from regions.sources.formats.bavaria import ansprechpartner
from regions.standins.nrw.tables import kontakte, loeschungen
from tests.access_tokens import TokenKeys
from tests.conftest import PrivateRegistry
from tests.regions.conftest import NrwService, count_sql
from tests.regions.test_outbox import deliver

ANNA = {"name": "Anna Schmidt", "email": "anna.schmidt@example.org", "phone": "089 1234567"}
# near misses: another person each, never found, never erased
SCHMIDTKE = {
    "name": "Anna Schmidtke",
    "email": "anna.schmidtke@example.org",
    "phone": "089 12345678",
}
OTHER_ANNA = {"name": "Anna Schmidt", "email": "a.schmidt@elsewhere.example", "phone": "030 555111"}

ACCESS = """
query($email: String, $phone: String, $name: String) {
  subjectAccess(email: $email, phone: $phone, name: $name)
}"""
ERASE = """
mutation($input: EraseSubjectInput!) {
  eraseSubject(input: $input) {
    clientMutationId errors { field code message }
    erasure { id complete registry { source state deleted { kind count } }
              regions { source state attempts lastError deleted { kind count } } }
  }
}"""
STAFF = {"kind": "national_staff", "sub": "NAKOS", "purpose": "administration"}
ROLES: dict[str, dict[str, Any] | None] = {
    "anonymous": None,
    "partner": {"kind": "partner", "scope": "contacts:read rare:contact", "purpose": "referral"},
    "office": {
        "kind": "regional_office",
        "region": "DE-BY",
        "scope": "contacts:read:DE-BY region:DE-BY:write",
        "purpose": "coordination",
    },
    "auditor": {"kind": "auditor", "scope": "audit:read", "purpose": "audit"},
    "staff without audit": {**STAFF, "scope": "contacts:read registry:write"},
    "staff with audit": {**STAFF, "scope": "audit:read"},
    "staff who erase": {**STAFF, "scope": "audit:read subject:erase"},
}


TOKENS: dict[tuple[int, str], str] = {}


async def post(
    registry: PrivateRegistry, keys: TokenKeys, role: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    """As one of the ROLES; one token per role and key set (a retry comes from the same
    caller)."""
    claims = ROLES[role]
    headers = {}
    if claims is not None:
        token = TOKENS.setdefault((id(keys), role), keys.mint(claims))
        headers["authorization"] = f"Bearer {token}"
    response = await registry.gql.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def plant(registry: PrivateRegistry, nrw: NrwService) -> dict[str, Any]:
    """Anna in every table that holds people, and her near misses beside her."""
    now = datetime.now(UTC)
    planted: dict[str, Any] = {}
    async with registry.engine.begin() as conn:
        condition = (await conn.execute(text("SELECT min(id) FROM rare_conditions"))).scalar()
        ids = []
        for person, consent in ((ANNA, True), (SCHMIDTKE, False), (OTHER_ANNA, False)):
            entry = {
                "condition_id": condition,
                "seeking": "Austausch mit anderen Betroffenen",
                "seeker_role": SeekerRole.AFFECTED,
                "region_code": "DE-BY",
                "since": date.today(),
                "expires_on": date.today() + timedelta(days=300),
                "updated_at": now,
                "source": "nakos",
            }
            table = RareConditionSearch.__table__
            search_id = (
                await conn.execute(insert(table).values(entry).returning(table.c.id))
            ).scalar_one()
            await conn.execute(
                insert(RareConditionPerson.__table__).values(search_id=search_id, **person)
            )
            scopes = [ConsentScope.PUBLISH] + ([ConsentScope.PASS_TO_PARTNERS] if consent else [])
            await conn.execute(
                insert(Consent.__table__),
                [
                    {
                        "subject_kind": ConsentSubject.RARE_CONDITION_ENTRY,
                        "subject_id": search_id,
                        "scope": scope,
                        "given_at": now,
                        "channel": ConsentChannel.SELF_SERVICE,
                        "notice_version": "2026-01",
                    }
                    for scope in scopes
                ],
            )
            ids.append(search_id)
        planted["rare"] = ids
        groups = (
            await conn.execute(
                text("SELECT group_id FROM group_contacts ORDER BY group_id LIMIT 2")
            )
        ).scalars()
        anna_group, near_group = list(groups)
        contacts = GroupContact.__table__
        await conn.execute(
            update(contacts)
            .where(contacts.c.group_id == anna_group)
            .values(name="ANNA SCHMIDT", email=None, phone="+49 (0)89 123-4567")
        )
        await conn.execute(
            update(contacts).where(contacts.c.group_id == near_group).values(**SCHMIDTKE)
        )
        planted["groups"] = (anna_group, near_group)
        organisation = (await conn.execute(text("SELECT min(id) FROM organisations"))).scalar()
        await conn.execute(
            insert(OrganisationContact.__table__).values(
                organisation_id=organisation,
                name="Anna Schmidt",
                role="Vorstand",
                email="Anna.Schmidt@Example.org",
                phone=None,
            )
        )
        point = (await conn.execute(text("SELECT min(id) FROM contact_points"))).scalar()
        await conn.execute(
            insert(ContactPointStaff.__table__).values(
                contact_point_id=point, role="Beratung", **SCHMIDTKE
            )
        )
        correction = {
            "subject_id": encode_id("ContactPoint", "nakos", point),
            "subject_type": "ContactPoint",
            "source": "nakos",
            "subject_key": str(point),
            "region_code": "DE-BY",
            "field": "staff",
            "state": "OPEN",
            "version": 1,
            "reported_at": now,
            "reporter_kind": "anonymous",
        }
        await conn.execute(
            insert(Correction.__table__),
            [
                {**correction, "proposed_value": "neu: Anna Schmidt, Tel. 089/1234567"},
                {**correction, "proposed_value": "neu: Anna Schmidtke, Tel. 089 12345678"},
            ],
        )
        seen = {
            "disclosed_at": now,
            "request_id": "r-1",
            "token_id": "t-1",
            "partner": "Klinik Nord",
            "caller_kind": "partner",
            "purpose": "referral",
            "object_type": "RareConditionSearch",
            "field": "person",
            "region_code": "DE-BY",
        }
        await conn.execute(
            insert(Disclosure.__table__),
            [
                {**seen, "object_id": encode_id("RareConditionSearch", "nakos", ids[0])},
                {**seen, "object_id": encode_id("RareConditionSearch", "nakos", ids[1])},
            ],
        )
    bavaria = registry.app.state.sources["DE-BY"].engine
    async with bavaria.begin() as conn:
        keys = list(
            (
                await conn.execute(
                    select(ansprechpartner.c.gruppen_id)
                    .order_by(ansprechpartner.c.gruppen_id)
                    .limit(2)
                )
            ).scalars()
        )
        a = ansprechpartner.c
        await conn.execute(
            update(ansprechpartner)
            .where(a.gruppen_id == keys[0])
            .values(name="Anna  Schmidt", telefon="0049 89 1234567", email=None)
        )
        await conn.execute(
            update(ansprechpartner)
            .where(a.gruppen_id == keys[1])
            .values(name="Anna Schmidtke", telefon="089 12345678", email=None)
        )
    planted["bavaria"] = keys
    engine = create_engine(nrw.database)
    try:
        async with engine.begin() as conn:
            keys = list(
                (
                    await conn.execute(
                        select(kontakte.c.kennung).order_by(kontakte.c.kennung).limit(2)
                    )
                ).scalars()
            )
            k = kontakte.c
            await conn.execute(
                update(kontakte)
                .where(k.kennung == keys[0])
                .values(name="Dr. A. Schmidt", email="Anna.Schmidt@example.org", telefon=None)
            )
            await conn.execute(
                update(kontakte)
                .where(k.kennung == keys[1])
                .values(name=None, email="anna.schmidt@example.org.de", telefon="089 1234567 0")
            )
    finally:
        await engine.dispose()
    planted["nrw"] = keys
    return planted


async def nrw_state(nrw: NrwService) -> tuple[list[tuple[Any, ...]], int]:
    engine = create_engine(nrw.database)
    try:
        async with engine.connect() as conn:
            k = kontakte.c
            stmt = select(k.kennung, k.name, k.email, k.telefon).where(
                func.lower(k.email).like("anna.schmidt%")
            )
            rows = [tuple(r) for r in (await conn.execute(stmt)).all()]
            receipts = (
                await conn.execute(select(func.count()).select_from(loeschungen))
            ).scalar_one()
            return rows, int(receipts)
    finally:
        await engine.dispose()


def kinds(records: list[dict[str, Any]]) -> list[str]:
    return sorted(r["kind"] for r in records)


@pytest.mark.parametrize(
    "role", ["anonymous", "partner", "office", "auditor", "staff without audit"]
)
async def test_subject_access_is_forbidden_to_all_but_national_staff_with_audit(
    regions_registry: PrivateRegistry, token_keys: TokenKeys, role: str
) -> None:
    body = await post(regions_registry, token_keys, role, ACCESS, {"email": ANNA["email"]})
    assert body["data"] == {"subjectAccess": None} or body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_subject_access_finds_the_person_in_the_registry_bavaria_and_nrw(
    regions_registry: PrivateRegistry, token_keys: TokenKeys, own_nrw: NrwService
) -> None:
    registry = regions_registry
    planted = await plant(registry, own_nrw)
    # asked with other spellings of her email and phone
    variables = {
        "email": "  ANNA.Schmidt@example.ORG",
        "phone": "+49 89 123 45 67",
        "name": "anna schmidt",
    }
    log, hook = count_sql(registry.engine)
    try:
        body = await post(registry, token_keys, "staff with audit", ACCESS, variables)
    finally:
        event.remove(registry.engine.sync_engine, "before_cursor_execute", hook)
    assert "errors" not in body, body
    # the registry: the revocation check, one statement per kind of record (6), the consents
    # and the disclosures; each region one query (Bavaria: two on one connection) or request
    assert log.count == 9, log.statements
    report = body["data"]["subjectAccess"]
    assert report["subject"] == {
        "email": "anna.schmidt@example.org",
        "phone": "0891234567",
        "name": "anna schmidt",
    }
    records = report["registry"]["records"]
    assert kinds(records) == [
        "correction",
        "group_contact",
        "organisation_contact",
        "rare_condition_entry",
    ]
    [entry] = [r for r in records if r["kind"] == "rare_condition_entry"]
    assert entry["key"] == str(planted["rare"][0])
    assert entry["fields"]["email"] == ANNA["email"] and entry["fields"]["condition"]
    assert entry["id"] == encode_id("RareConditionSearch", "nakos", planted["rare"][0])
    [group] = [r for r in records if r["kind"] == "group_contact"]
    assert group["key"] == str(planted["groups"][0]) and group["matchedOn"] == ["phone", "name"]
    [correction] = [r for r in records if r["kind"] == "correction"]
    assert "Anna Schmidt," in correction["fields"]["proposedValue"]
    # the near misses are not hers: Schmidtke, and the other Anna Schmidt with her own email
    everything = str(report)
    assert "Schmidtke" not in everything and "elsewhere.example" not in everything
    # the regions
    by_source = {r["source"]: r for r in report["regions"]}
    assert report["complete"] is True
    [bavarian] = by_source["DE-BY"]["records"]
    assert bavarian["key"] == str(planted["bavaria"][0]) and bavarian["kind"] == "group_contact"
    assert bavarian["id"] == encode_id("Group", "DE-BY", planted["bavaria"][0])
    [nrw] = by_source["DE-NW"]["records"]
    assert nrw["key"] == planted["nrw"][0] and nrw["matchedOn"] == ["email"]
    # her consent, and who saw her entry (not the near miss's)
    consents = report["consents"]
    assert {c["key"] for c in consents} == {str(planted["rare"][0])}
    assert sorted(c["scope"] for c in consents) == ["PASS_TO_PARTNERS", "PUBLISH"]
    assert all(c["given"] and c["noticeVersion"] == "2026-01" for c in consents)
    assert all(c["channel"] == "SELF_SERVICE" and c["givenAt"] for c in consents)
    # every disclosure listed is of one of her records (the registry copied here may also hold
    # earlier tests' reads of the group she is planted in), and her entry's is the planted one
    mine = {r["id"] for r in records} | {
        r["id"] for source in report["regions"] for r in source["records"] or []
    }
    assert {d["objectId"] for d in report["disclosures"]} <= mine
    [seen] = [d for d in report["disclosures"] if d["objectId"] == entry["id"]]
    assert seen["partner"] == "Klinik Nord" and seen["purpose"] == "referral"


async def test_subject_access_needs_an_identifier_and_says_which_one_is_bad(
    regions_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    for variables, argument in (
        ({}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"email": "x"}, "email"),
    ):
        body = await post(regions_registry, token_keys, "staff with audit", ACCESS, variables)
        [error] = body["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}


async def test_subject_access_with_nrw_down_says_it_is_incomplete(
    regions_registry: PrivateRegistry, token_keys: TokenKeys, own_nrw: NrwService
) -> None:
    await plant(regions_registry, own_nrw)
    own_nrw.stop()
    body = await post(
        regions_registry, token_keys, "staff with audit", ACCESS, {"email": ANNA["email"]}
    )
    report = body["data"]["subjectAccess"]
    by_source = {r["source"]: r for r in report["regions"]}
    assert report["complete"] is False
    assert by_source["DE-NW"]["status"] == "UNAVAILABLE" and by_source["DE-NW"]["records"] is None
    assert by_source["DE-BY"]["status"] == "OK"
    own_nrw.start()


async def registry_counts(registry: PrivateRegistry, planted: dict[str, Any]) -> dict[str, Any]:
    db = registry.db
    rare = planted["rare"]
    return {
        "anna_entry": await db.scalar(
            "SELECT count(*) FROM rare_condition_searches WHERE id = :i", i=rare[0]
        ),
        "anna_person": await db.scalar(
            "SELECT count(*) FROM rare_condition_persons WHERE search_id = :i", i=rare[0]
        ),
        "anna_index": await db.scalar(
            "SELECT count(*) FROM search_rare_condition_searches WHERE key = :i", i=rare[0]
        ),
        "anna_consents": await db.scalar(
            "SELECT count(*) FROM consents WHERE subject_kind = 'RARE_CONDITION_ENTRY'"
            " AND subject_id = :i",
            i=rare[0],
        ),
        "near_consents": await db.scalar(
            "SELECT count(*) FROM consents WHERE subject_kind = 'RARE_CONDITION_ENTRY'"
            " AND subject_id IN (:a, :b)",
            a=rare[1],
            b=rare[2],
        ),
        "near_entries": await db.scalar(
            "SELECT count(*) FROM rare_condition_persons WHERE search_id IN (:a, :b)",
            a=rare[1],
            b=rare[2],
        ),
        "anna_group_contact": await db.scalar(
            "SELECT count(*) FROM group_contacts WHERE group_id = :g", g=planted["groups"][0]
        ),
        "near_group_contact": await db.scalar(
            "SELECT count(*) FROM group_contacts WHERE group_id = :g", g=planted["groups"][1]
        ),
        "organisation_contact": await db.scalar(
            "SELECT count(*) FROM organisation_contacts WHERE email = 'Anna.Schmidt@Example.org'"
        ),
        "near_staff": await db.scalar(
            "SELECT count(*) FROM contact_point_staff WHERE name = 'Anna Schmidtke'"
        ),
        "corrections": await db.column("SELECT proposed_value FROM corrections ORDER BY id"),
    }


async def bavaria_names(registry: PrivateRegistry, keys: list[int]) -> list[Any]:
    engine = registry.app.state.sources["DE-BY"].engine
    a = ansprechpartner.c
    async with engine.connect() as conn:
        stmt = select(a.gruppen_id, a.name).where(a.gruppen_id.in_(keys)).order_by(a.gruppen_id)
        return [tuple(r) for r in (await conn.execute(stmt)).all()]


async def test_erasure_with_nrw_down_completes_when_nrw_returns_exactly_once(
    regions_registry: PrivateRegistry, token_keys: TokenKeys, own_nrw: NrwService
) -> None:
    registry = regions_registry
    planted = await plant(registry, own_nrw)
    own_nrw.stop()
    erase = {"input": {**ANNA, "reason": "Antrag Art. 17 vom 30.11.", "clientMutationId": "e-1"}}
    # when national staff with the erasure right erase Anna while NRW is down
    body = await post(registry, token_keys, "staff who erase", ERASE, erase)
    assert "errors" not in body, body
    result = body["data"]["eraseSubject"]
    assert result["errors"] == [] and result["clientMutationId"] == "e-1"
    erasure = result["erasure"]
    deleted = {d["kind"]: d["count"] for d in erasure["registry"]["deleted"]}
    assert deleted == {
        "rare_condition_entry": 1,
        "group_contact": 1,
        "organisation_contact": 1,
        "contact_point_staff": 0,
        "correction": 1,
    }
    regions = {r["source"]: r for r in erasure["regions"]}
    assert regions["DE-BY"]["state"] == "DELETED"
    assert {d["kind"]: d["count"] for d in regions["DE-BY"]["deleted"]} == {
        "group_contact": 1,
        "correction": 0,
    }
    assert regions["DE-NW"]["state"] == "PENDING" and regions["DE-NW"]["attempts"] == 1
    assert erasure["complete"] is False
    # then her rows are gone in the registry (the search index too), the near misses stay
    counts = await registry_counts(registry, planted)
    assert counts == {
        "anna_entry": 0,
        "anna_person": 0,
        "anna_index": 0,
        "anna_consents": 0,
        "near_consents": 2,
        "near_entries": 2,
        "anna_group_contact": 0,
        "near_group_contact": 1,
        "organisation_contact": 0,
        "near_staff": 1,
        "corrections": ["neu: Anna Schmidtke, Tel. 089 12345678"],
    }
    assert await bavaria_names(registry, planted["bavaria"]) == [
        (planted["bavaria"][1], "Anna Schmidtke")
    ]
    # and the change log has the erasure: counts and reason, never her identifiers
    log = await registry.db.column("SELECT fields FROM change_log WHERE action = 'eraseSubject'")
    assert len(log) == 1
    assert "anna" not in str(log[0]).lower() and "1234567" not in str(log[0])
    assert "Antrag Art. 17" in str(log[0])
    # the outbox holds her identifiers only while NRW's part is owed
    payloads = await registry.db.column("SELECT payload FROM outbox ORDER BY id")
    assert sum("anna.schmidt@example.org" in str(p) for p in payloads) == 1
    # when NRW is back and the deliverer runs
    own_nrw.start()
    assert len((await deliver(registry)).delivered) == 1
    rows, receipts = await nrw_state(own_nrw)
    assert rows == [(planted["nrw"][1], None, "anna.schmidt@example.org.de", "089 1234567 0")]
    assert receipts == 1
    payloads = await registry.db.column("SELECT payload FROM outbox ORDER BY id")
    assert not any("anna" in str(p).lower() for p in payloads)
    # a retry with the same clientMutationId answers the same erasure, complete, and erases
    # nothing twice; another pass delivers nothing again
    again = (await post(registry, token_keys, "staff who erase", ERASE, erase))["data"][
        "eraseSubject"
    ]
    assert again["erasure"]["id"] == erasure["id"] and again["erasure"]["complete"] is True
    nrw_part = {r["source"]: r for r in again["erasure"]["regions"]}["DE-NW"]
    assert {d["kind"]: d["count"] for d in nrw_part["deleted"]} == {
        "group_contact": 1,
        "correction": 0,
    }
    assert (await deliver(registry)).delivered == []
    assert (
        len(await registry.db.column("SELECT id FROM change_log WHERE action = 'eraseSubject'"))
        == 1
    )
    assert (await nrw_state(own_nrw))[1] == 1
    # and subject access finds nothing of her any more, anywhere
    body = await post(
        registry,
        token_keys,
        "staff with audit",
        ACCESS,
        {"email": ANNA["email"], "phone": ANNA["phone"]},
    )
    report = body["data"]["subjectAccess"]
    assert report["registry"]["records"] == []
    assert [r["records"] for r in report["regions"]] == [[], []]


@pytest.mark.parametrize("role", ["anonymous", "office", "auditor", "staff with audit"])
async def test_erasure_is_forbidden_without_the_erasure_right_and_deletes_nothing(
    regions_registry: PrivateRegistry, token_keys: TokenKeys, own_nrw: NrwService, role: str
) -> None:
    planted = await plant(regions_registry, own_nrw)
    before = await registry_counts(regions_registry, planted)
    body = await post(regions_registry, token_keys, role, ERASE, {"input": {**ANNA, "reason": "x"}})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await registry_counts(regions_registry, planted) == before
    assert await regions_registry.db.column("SELECT id FROM outbox") == []


async def test_erasure_input_is_checked_and_nothing_is_written(
    regions_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    body = await post(
        regions_registry,
        token_keys,
        "staff who erase",
        ERASE,
        {"input": {"phone": "12", "reason": " "}},
    )
    errors = body["data"]["eraseSubject"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("reason", "REQUIRED"),
        ("phone", "INVALID"),
    }
    assert (
        await regions_registry.db.column("SELECT id FROM change_log WHERE action = 'eraseSubject'")
        == []
    )
    assert await regions_registry.db.column("SELECT id FROM outbox") == []
