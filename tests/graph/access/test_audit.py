"""The disclosure audit: exactly what a request returned, written once, readable by auditors."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from graph.schema import build_schema
from tests.conftest import Db, SqlLog
from tests.graph.access.conftest import Api

PARTNER = {"sub": "Uniklinik Test", "scope": "contacts:read rare:contact", "purpose": "referral"}
AUDITOR = {"sub": "Datenschutz", "kind": "auditor", "scope": "audit:read", "purpose": "audit"}
MIXED = """
{
  groups(first: 40) { nodes { id contact { name } meetingLink again: contact { email } } }
  organisations(first: 15) { nodes { id contacts { name } } }
  contactPoints(first: 30) { nodes { id staff { name } } }
  rareConditionSearches(first: 30) { nodes { id person { name } } }
}
"""
HUNDRED = "{ groups(first: 100) { nodes { id name contactAccess contact { name email } } } }"


def returned(data: dict[str, Any]) -> set[tuple[str, str]]:
    """(object id, field) of every protected value that is in the response."""
    out = set()
    for node in data["groups"]["nodes"]:
        if node["contact"] is not None:
            out.add((node["id"], "Group.contact"))
        if node["meetingLink"] is not None:
            out.add((node["id"], "Group.meetingLink"))
    for root, key, field in [
        ("organisations", "contacts", "Organisation.contacts"),
        ("contactPoints", "staff", "ContactPoint.staff"),
        ("rareConditionSearches", "person", "RareConditionSearch.person"),
    ]:
        out |= {(n["id"], field) for n in data[root]["nodes"] if n[key]}
    return out


async def audit_of(db: Db, request_id: str) -> list[tuple[str, str]]:
    async with db.app.state.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT object_id, field FROM disclosures WHERE request_id = :r"),
            {"r": request_id},
        )
        return [(row.object_id, row.field) for row in rows]


async def test_audit_rows_equal_the_protected_values_returned(api: Api, db: Db) -> None:
    # when a partner reads a mix of protected fields (one of them twice, under an alias)
    token = api.keys.mint(PARTNER)
    body, rid = await api.traced(MIXED, token=token)
    assert "errors" not in body
    shown = returned(body["data"])
    assert {field for _, field in shown} == {
        "Group.contact",
        "Group.meetingLink",
        "Organisation.contacts",
        "ContactPoint.staff",
        "RareConditionSearch.person",
    }
    # then the audit holds one row per protected value returned, and nothing else
    rows = await audit_of(db, rid)
    assert len(rows) == len(set(rows))
    assert set(rows) == shown
    # recorded with who, which token and why
    jti = jwt.decode(token, options={"verify_signature": False})["jti"]
    detail = await db.column(
        "SELECT DISTINCT token_id || '|' || partner || '|' || purpose || '|' || caller_kind "
        "FROM disclosures WHERE request_id = :r",
        r=rid,
    )
    assert detail == [f"{jti}|Uniklinik Test|referral|partner"]


async def test_nothing_disclosed_means_nothing_written(api: Api, db: Db, sql: SqlLog) -> None:
    sql.reset()
    _, rid = await api.traced(MIXED)
    assert not [s for s in sql.statements if s.lstrip().upper().startswith("INSERT")]
    assert await audit_of(db, rid) == []


async def test_a_hundred_groups_with_contacts_add_one_write(api: Api, sql: SqlLog) -> None:
    # given the anonymous cost of the page
    sql.reset()
    anonymous = await api.body(HUNDRED)
    baseline = sql.count
    # when a fully entitled partner reads the same page with contacts
    sql.reset()
    body = await api.body(HUNDRED, claims=PARTNER)
    nodes = body["data"]["groups"]["nodes"]
    assert len(nodes) == 100 and sum(1 for n in nodes if n["contact"]) > 30
    # then the audit is one INSERT; the rest is the revocation probe and the contacts batch
    inserts = [s for s in sql.statements if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1, sql.statements
    assert sql.count == baseline + 3, sql.statements
    assert anonymous["data"]["groups"]["nodes"][0]["id"] == nodes[0]["id"]


async def test_auditor_reads_the_log_and_who_saw_an_object(api: Api) -> None:
    # given a partner saw some group contacts
    token = api.keys.mint(PARTNER)
    body, rid = await api.traced(HUNDRED, token=token)
    seen = [n["id"] for n in body["data"]["groups"]["nodes"] if n["contact"]]
    jti = jwt.decode(token, options={"verify_signature": False})["jti"]
    # when the auditor asks for that token's disclosures
    log = await api.body(
        "query($t: String!) { auditLog(tokenId: $t, first: 100) { totalCount nodes { "
        "objectId field partner purpose callerKind requestId disclosedAt } } }",
        {"t": jti},
        claims=AUDITOR,
    )
    entries = log["data"]["auditLog"]["nodes"]
    assert log["data"]["auditLog"]["totalCount"] == len(seen)
    assert [e["objectId"] for e in entries] == seen
    assert {
        (e["field"], e["partner"], e["purpose"], e["callerKind"], e["requestId"]) for e in entries
    } == {("Group.contact", "Uniklinik Test", "referral", "PARTNER", rid)}
    # and who saw one group's contact (a data-subject access request)
    who = await api.body(
        "query($id: ID!) { disclosures(subjectId: $id) { nodes { tokenId partner field } } }",
        {"id": seen[0]},
        claims=AUDITOR,
    )
    assert {"tokenId": jti, "partner": "Uniklinik Test", "field": "Group.contact"} in who["data"][
        "disclosures"
    ]["nodes"]


@pytest.mark.parametrize("caller", [None, PARTNER])
async def test_the_audit_is_forbidden_without_audit_read(api: Api, caller: Any) -> None:
    body = await api.body("{ auditLog(first: 1) { nodes { field } } }", claims=caller)
    assert body["data"] == {"auditLog": None}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "FORBIDDEN", "scope": "audit:read"}
    assert error["path"] == ["auditLog"]


async def test_disclosures_needs_a_well_formed_subject_id(api: Api) -> None:
    body = await api.body('{ disclosures(subjectId: "%%%") { nodes { field } } }', claims=AUDITOR)
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "subjectId"


async def test_no_disclosure_without_its_audit_record(
    api: Api, app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the audit cannot be written
    async def broken(*_args: Any) -> None:
        raise RuntimeError("database is gone")

    monkeypatch.setattr("graph.access.report.record_disclosures", broken)
    # when a partner reads contacts
    body = await api.body(HUNDRED, claims=PARTNER)
    # then no data at all is returned, only an error saying why
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "AUDIT_UNAVAILABLE"


def test_the_audit_fields_show_their_scope_in_the_schema() -> None:
    sdl = build_schema().as_str()
    assert '): DisclosureConnection @requiresScope(scope: "audit:read")' in sdl
    assert '): ChangeLogEntryConnection @requiresScope(scope: "audit:read")' in sdl
    assert '): JSON @requiresScope(scope: "audit:read")' in sdl  # subjectAccess
    # auditLog, disclosures, changeLog, subjectAccess
    assert sdl.count('@requiresScope(scope: "audit:read")') == 4


async def test_contact_and_meeting_link_share_one_batch(api: Api, sql: SqlLog) -> None:
    # given a page asking for both protected fields of a group, as national staff
    query = "{ groups(first: 100) { nodes { id contact { name } meetingLink } } }"
    staff = {"kind": "national_staff", "scope": "contacts:read", "purpose": "administration"}
    sql.reset()
    body = await api.body(query, claims=staff)
    nodes = body["data"]["groups"]["nodes"]
    assert sum(1 for n in nodes if n["meetingLink"]) > 30
    assert sum(1 for n in nodes if n["contact"]) > 30
    # then personal data cost one SELECT from group_contacts for both fields
    reads = [s for s in sql.statements if "FROM group_contacts" in s]
    assert len(reads) == 1, sql.statements


async def test_disclosures_finds_an_id_however_it_is_padded(api: Api) -> None:
    # given a group whose contact a partner saw
    body = await api.body(HUNDRED, claims=PARTNER)
    seen = next(n["id"] for n in body["data"]["groups"]["nodes"] if n["contact"])
    query = "query($s: ID!) { disclosures(subjectId: $s) { totalCount } }"
    auditor = {"kind": "auditor", "scope": "audit:read", "purpose": "audit"}
    # when an auditor asks with the id as given and with base64 padding added
    plain = await api.body(query, {"s": seen}, claims=auditor)
    padded = await api.body(query, {"s": seen + "=" * (-len(seen) % 4)}, claims=auditor)
    # then both find the same disclosures
    assert plain["data"]["disclosures"]["totalCount"] >= 1
    assert padded["data"] == plain["data"]
