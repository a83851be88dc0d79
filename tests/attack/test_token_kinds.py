"""Token misuse by kind: a token signed with every scope, for each kind and purpose, against the
production app. What it may see comes from the README's tables, written out here on purpose
(not read from graph/auth/kinds.py), so the code cannot agree with itself and be wrong."""

from __future__ import annotations

from typing import Any

import pytest

from tests.access_tokens import TokenKeys
from tests.attack.conftest import Api
from tests.conftest import Db

EVERY_SCOPE = (
    "contacts:read rare:contact registry:write registry:review audit:read "
    "region:DE-BY:write contacts:read:DE-NW rare:contact:DE-NW"
)
KINDS = ["partner", "regional_office", "national_staff", "auditor"]
PURPOSES = ["referral", "coordination", "research", "statistics", "administration", "audit"]
# README, Access control: which (kind, purpose) may be shown any protected value at all;
# `research` sees none (README, *Consent*: institutional name and email only, both public)
SHOWN = {
    ("partner", "referral"),
    ("partner", "coordination"),
    ("regional_office", "referral"),
    ("regional_office", "coordination"),
    ("national_staff", "referral"),
    ("national_staff", "coordination"),
    ("national_staff", "administration"),
}
AUDIT_READERS = {"national_staff", "auditor"}
QUERY = """
{
  groups(region: "DE-BY", first: 40) { nodes { id contact { name } meetingLink } }
  organisations(first: 20) { nodes { id contacts { name } } }
  contactPoints(region: "DE-BY", first: 20) { nodes { id staff { name } } }
  rareConditionSearches(region: "DE-BY", first: 40) { nodes { id person { name } } }
  auditLog(first: 1) { totalCount }
}
"""
PROTECTED = {
    "groups": ("contact", "meetingLink"),
    "organisations": ("contacts",),
    "contactPoints": ("staff",),
    "rareConditionSearches": ("person",),
}


def shown(data: dict[str, Any]) -> int:
    return sum(
        1
        for root, keys in PROTECTED.items()
        for node in data[root]["nodes"]
        for key in keys
        if node[key]
    )


@pytest.mark.parametrize("purpose", PURPOSES)
@pytest.mark.parametrize("kind", KINDS)
async def test_a_token_with_every_scope_gets_what_its_kind_and_purpose_allow(
    api: Api, db: Db, token_keys: TokenKeys, kind: str, purpose: str
) -> None:
    claims = {"kind": kind, "scope": EVERY_SCOPE, "purpose": purpose}
    if kind == "regional_office":
        claims["region"] = "DE-BY"  # its own Land: every scope is fenced to it
    headers = {"authorization": f"Bearer {token_keys.mint(claims)}"}
    response = await api.post(QUERY, headers=headers)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    rid = response.headers["x-request-id"]  # the server's own: what the audit stores
    assert (shown(data) > 0) == ((kind, purpose) in SHOWN), (kind, purpose)
    assert (data["auditLog"] is not None) == (kind in AUDIT_READERS), (kind, purpose)
    # and exactly what was shown is in the audit, under this request
    audited = await db.scalar("SELECT count(*) FROM disclosures WHERE request_id = :r", r=rid)
    assert audited == shown(data)
