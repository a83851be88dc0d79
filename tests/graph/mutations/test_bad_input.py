"""Bad input to submitGroupRegistration: one error per field in the payload, nothing written
(these run against the shared registry: the isolation guard fails the run if one wrote)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.ids import encode_id
from tests.conftest import Gql
from tests.graph.mutations.conftest import SUBMIT, registration_input

TOPIC = encode_id("Topic", "nakos", 1)
CONFIRMED = registration_input(TOPIC)["confirmations"]
CONTACT = registration_input(TOPIC)["contact"]

CASES: list[tuple[dict[str, Any], str, str]] = [
    ({"name": "  "}, "name", "REQUIRED"),
    ({"name": "x" * 201}, "name", "TOO_LONG"),
    ({"name": "a\u0000b"}, "name", "INVALID"),
    ({"description": ""}, "description", "REQUIRED"),
    ({"description": "x" * 4001}, "description", "TOO_LONG"),
    ({"topics": []}, "topics", "REQUIRED"),
    ({"topics": [TOPIC] * 11}, "topics", "TOO_LONG"),
    ({"topics": [encode_id("Group", "nakos", 1)]}, "topics.0", "INVALID"),
    ({"format": "IN_PERSON"}, "format", "INVALID"),
    ({"reach": "STATE"}, "region", "REQUIRED"),
    ({"region": "DE-BY"}, "region", "INVALID"),
    ({"reach": "STATE", "region": "DE-XX"}, "region", "INVALID"),
    ({"meetingRule": "dienstags"}, "meetingRule", "INVALID"),
    ({"meetingMinutes": 5}, "meetingMinutes", "INVALID"),
    ({"website": "javascript:alert(1)"}, "website", "INVALID"),
    ({"website": "https://x.example/" + "a" * 300}, "website", "TOO_LONG"),
    ({"organisationId": "nonsense"}, "organisationId", "INVALID"),
    ({"contactPointId": encode_id("Topic", "nakos", 1)}, "contactPointId", "INVALID"),
    ({"contact": {**CONTACT, "name": ""}}, "contact.name", "REQUIRED"),
    ({"contact": {**CONTACT, "email": "nobody"}}, "contact.email", "INVALID"),
    ({"contact": {**CONTACT, "phone": "ring ring"}}, "contact.phone", "INVALID"),
    ({"confirmations": {**CONFIRMED, "neutral": False}}, "confirmations.neutral", "REQUIRED"),
    (
        {"confirmations": {**CONFIRMED, "disclosesFunding": False}},
        "confirmations.disclosesFunding",
        "REQUIRED",
    ),
    ({"noticeVersion": " "}, "noticeVersion", "REQUIRED"),
    ({"clientMutationId": "x" * 101}, "clientMutationId", "TOO_LONG"),
]


@pytest.mark.parametrize(("override", "field", "code"), CASES)
async def test_each_field_is_named(
    gql: Gql, override: dict[str, Any], field: str, code: str
) -> None:
    payload = (await gql.data(SUBMIT, {"input": registration_input(TOPIC, **override)}))[
        "submitGroupRegistration"
    ]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert payload["errors"][0]["message"]
    assert payload["registration"] is None and payload["managementKey"] is None


async def test_every_problem_at_once_and_unknown_ids(gql: Gql) -> None:
    sent = registration_input(TOPIC, name="", website="ftp://x", meetingMinutes=9999)
    payload = (await gql.data(SUBMIT, {"input": sent}))["submitGroupRegistration"]
    assert {e["field"] for e in payload["errors"]} == {"name", "website", "meetingMinutes"}
    # ids of the right type that name nothing: UNKNOWN_ID per field, checked in the database
    unknown = registration_input(
        encode_id("Topic", "nakos", 999999),
        organisationId=encode_id("Organisation", "nakos", 999999),
        contactPointId=encode_id("ContactPoint", "nakos", 999999),
    )
    payload = (await gql.data(SUBMIT, {"input": unknown}))["submitGroupRegistration"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("topics", "UNKNOWN_ID"),
        ("organisationId", "UNKNOWN_ID"),
        ("contactPointId", "UNKNOWN_ID"),
    ]


async def test_unknown_registrations_and_the_queue_over_get(gql: Gql, client: Any) -> None:
    # a mutation over GET is refused (405), like every mutation
    response = await client.get(
        "/graphql",
        params={
            "query": 'mutation { withdrawGroupRegistration(input: {id: "x", '
            'managementKey: "y"}) { errors { code } } }'
        },
    )
    assert response.status_code == 405
    # an id that is no registration is UNKNOWN_ID, not an exception
    sent = {"id": encode_id("Group", "nakos", 1), "managementKey": "k"}
    body = await gql.data(
        "mutation($i: WithdrawGroupRegistrationInput!) { withdrawGroupRegistration(input: $i) "
        "{ errors { field code } } }",
        {"i": sent},
    )
    assert body["withdrawGroupRegistration"]["errors"] == [{"field": "id", "code": "UNKNOWN_ID"}]
