"""Every cell of the access table, over HTTP: the value shown or hidden, and why."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from graph.ids import encode_id
from tests.graph.access.conftest import Api
from tests.graph.access.samples import sample
from tests.graph.access.table import ACCESS, CALLERS, cells

SELECTION = {
    "Group.contact": "... on Group { contactAccess contact { name } }",
    "Group.meetingLink": "... on Group { contactAccess meetingLink }",
    "Organisation.contacts": "... on Organisation { contactAccess contacts { name } }",
    "ContactPoint.staff": "... on ContactPoint { contactAccess staff { name } }",
    "RareConditionSearch.person": "... on RareConditionSearch { contactAccess person { name } }",
}
CELLS = cells()


def _shown(field_name: str, node: dict[str, Any]) -> Any:
    key = field_name.split(".")[1]
    value = node[key]
    if isinstance(value, dict):
        return value["name"]
    if isinstance(value, list):
        return [person["name"] for person in value]
    return value


@pytest.mark.parametrize(
    ("caller", "field_name", "region", "consent", "letter"),
    CELLS,
    ids=[f"{c}|{f}|{r or 'none'}|{'consent' if k else 'no-consent'}" for c, f, r, k, _ in CELLS],
)
async def test_cell(
    api: Api,
    app: Starlette,
    caller: str,
    field_name: str,
    region: str | None,
    consent: bool,
    letter: str,
) -> None:
    # given an object of this Land and consent, and its protected value as stored
    object_id, stored = await sample(app.state.engine, field_name, region, consent)
    assert stored
    # when the caller asks for it
    query = f"query($id: ID!) {{ node(id: $id) {{ id {SELECTION[field_name]} }} }}"
    body = await api.body(query, {"id": object_id}, claims=CALLERS[caller])
    node = body["data"]["node"]
    errors = body.get("errors", [])
    # then it is shown exactly when the table says so, and contactAccess says why
    if field_name != "Group.meetingLink":
        assert node["contactAccess"] == ACCESS[letter]
    if letter == "G":
        assert _shown(field_name, node) == stored
        assert errors == []
        return
    assert node[field_name.split(".")[1]] is None
    if letter == "R":
        assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"]
        assert errors[0]["extensions"]["field"] == field_name
        assert errors[0]["extensions"]["redacted"] == 1
    else:
        assert errors == []


async def test_granted_without_stored_data_says_none_and_audits_nothing(
    api: Api, app: Starlette
) -> None:
    # given organisations with and without contact persons
    async with app.state.engine.connect() as conn:
        empty = (
            await conn.execute(
                text(
                    "SELECT id FROM organisations o WHERE NOT EXISTS (SELECT 1 FROM "
                    "organisation_contacts c WHERE c.organisation_id = o.id) ORDER BY id LIMIT 1"
                )
            )
        ).scalar_one()
    query = "query($id: ID!) { node(id: $id) { ... on Organisation { contactAccess contacts { name } } } }"
    # when an entitled partner asks for one without any
    body, rid = await api.traced(
        query, {"id": encode_id("Organisation", "nakos", empty)}, claims=CALLERS["partner"]
    )
    # then access is granted, there is nothing to show, and nothing was disclosed
    assert body == {"data": {"node": {"contactAccess": "NONE", "contacts": []}}}
    async with app.state.engine.connect() as conn:
        count = "SELECT count(*) FROM disclosures WHERE request_id = :r"
        assert (await conn.execute(text(count), {"r": rid})).scalar_one() == 0
