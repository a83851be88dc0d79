"""A caller's kind bounds what its token can hold: scopes and purposes outside the kind's
bounds are ignored, whoever signed the token (graph/auth/kinds.py; issue 10, defect 3)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Db
from tests.graph.access.conftest import Api
from tests.graph.access.table import CALLERS

# the probe's token: `--kind auditor --scope audit:read --scope contacts:read --purpose referral`
AUDITOR_WITH_CONTACTS = CALLERS["auditor-with-contact-scopes"]
EVERYTHING = """
{
  groups(first: 100) { nodes { id contactAccess contact { name email phone } meetingLink } }
  organisations(first: 100) { nodes { id contactAccess contacts { name email phone } } }
  contactPoints(first: 100) { nodes { id contactAccess staff { name email phone } } }
  rareConditionSearches(first: 100) { nodes { id contactAccess person { name email } } }
  search(kinds: [GROUP, ORGANISATION, CONTACT_POINT, RARE_CONDITION_SEARCH], first: 100) {
    nodes { ...Protected }
  }
  searchedPeople: search(kinds: [RARE_CONDITION_SEARCH], text: "Syndrom", first: 20) {
    nodes { ...Protected }
  }
}
fragment Protected on SearchResult {
  ... on Group { id contactAccess contact { name } meetingLink }
  ... on Organisation { id contactAccess contacts { name } }
  ... on ContactPoint { id contactAccess staff { name } }
  ... on RareConditionSearch { id contactAccess person { name } }
}
"""
PROTECTED = ("contact", "meetingLink", "contacts", "staff", "person")


async def read(api: Api, db: Db, claims: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The response's data and errors, and the fields the audit holds for that request (by
    the request id the server answered with: the one it stores)."""
    response = await api.post(EVERYTHING, claims=claims)
    assert response.status_code == 200, response.text
    rid = response.headers["x-request-id"]
    disclosed = await db.column("SELECT field FROM disclosures WHERE request_id = :r", r=rid)
    return response.json(), disclosed


@pytest.mark.parametrize(
    "claims",
    [
        AUDITOR_WITH_CONTACTS,
        {**AUDITOR_WITH_CONTACTS, "purpose": "administration"},
        {**AUDITOR_WITH_CONTACTS, "scope": "contacts:read:DE-BY contacts:read:DE-NW"},
        CALLERS["partner-administration"],
        {"scope": "audit:read contacts:read", "purpose": "audit"},
    ],
    ids=["auditor", "auditor-administration", "auditor-per-land", "partner-admin", "partner-audit"],
)
async def test_scopes_outside_the_kind_show_no_protected_value_and_audit_nothing(
    api: Api, db: Db, claims: dict[str, str]
) -> None:
    # given an entitled partner sees contacts, and each is audited under its request
    control, audited = await read(api, db, CALLERS["partner"])
    assert any(n["contact"] for n in control["data"]["groups"]["nodes"])
    assert len(audited) > 100
    # when a hand-signed token holding contact scopes its kind or purpose may not have
    # reads every kind of object with protected data, listed and searched
    body, disclosed = await read(api, db, claims)
    # then not one protected value is shown, every object says why, and nothing is audited
    nodes = [n for root in body["data"].values() for n in root["nodes"] if n]
    assert len(nodes) > 300
    for node in nodes:
        assert node["contactAccess"] in ("REDACTED", "VIA_CONTACT_POINT"), node
        assert all(node.get(key) is None for key in PROTECTED), node
    assert {n["contactAccess"] for n in nodes} >= {"REDACTED"}
    codes = {e["extensions"]["code"] for e in body["errors"]}
    assert codes == {"FORBIDDEN"}
    assert disclosed == []


async def test_an_auditor_with_contact_scopes_still_reads_the_audit(api: Api) -> None:
    body = await api.body("{ auditLog(first: 1) { totalCount } }", claims=AUDITOR_WITH_CONTACTS)
    assert "errors" not in body and body["data"]["auditLog"]["totalCount"] >= 0


@pytest.mark.parametrize(
    "claims",
    [
        {"scope": "audit:read contacts:read", "purpose": "referral"},  # a partner
        {"kind": "regional_office", "region": "DE-BY", "scope": "audit:read", "purpose": "audit"},
    ],
    ids=["partner", "regional-office"],
)
async def test_audit_read_is_ignored_outside_staff_and_auditors(
    api: Api, claims: dict[str, str]
) -> None:
    body = await api.body("{ auditLog(first: 1) { totalCount } }", claims=claims)
    assert body["data"] == {"auditLog": None}
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "FORBIDDEN", "scope": "audit:read"}
    ]


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("root", 401),
        ("anonymous", 401),  # no token can claim to be no one
        ("Auditor", 401),
        ("", 401),
        (["auditor"], 401),
        (None, 401),
        ("auditor", 200),
    ],
)
async def test_a_kind_that_is_not_one_of_the_kinds_is_refused(
    api: Api, kind: object, status: int
) -> None:
    response = await api.post("{ __typename }", claims={**AUDITOR_WITH_CONTACTS, "kind": kind})
    assert response.status_code == status, response.text
    if status == 401:
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
