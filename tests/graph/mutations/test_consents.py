"""Consent records from the outside: a withdrawal is effective on the next request, recorded
(the record keeps when and how; the change log says what), only national staff record one,
and a retry writes nothing twice."""

from __future__ import annotations

from typing import Any

from graph.ids import encode_id
from tests.graph.mutations.conftest import ROLES, Writer

REFERRAL = {"kind": "partner", "sub": "Klinik", "scope": "rare:contact", "purpose": "referral"}
LISTED = """
query($id: ID!) { node(id: $id) { ... on RareConditionSearch { id seeking } } }
"""
ENTRY = """
query($id: ID!) { node(id: $id) { ... on RareConditionSearch { id contactAccess person { name } } } }
"""
WITHDRAW = """
mutation($input: WithdrawConsentInput!) {
  withdrawConsent(input: $input) { clientMutationId withdrawn errors { field code message } }
}"""
IN_FORCE = """
SELECT s.id FROM rare_condition_searches s
WHERE s.expires_on >= CURRENT_DATE
  AND EXISTS (SELECT 1 FROM consents k WHERE k.subject_kind = 'RARE_CONDITION_ENTRY'
              AND k.subject_id = s.id AND k.scope = 'PUBLISH' AND k.withdrawn_at IS NULL)
  AND EXISTS (SELECT 1 FROM consents k WHERE k.subject_kind = 'RARE_CONDITION_ENTRY'
              AND k.subject_id = s.id AND k.scope = 'PASS_TO_PARTNERS' AND k.withdrawn_at IS NULL)
ORDER BY s.id LIMIT 1
"""


async def _entry(writer: Writer) -> tuple[int, str]:
    key = int(await writer.scalar(IN_FORCE))
    return key, encode_id("RareConditionSearch", "nakos", key)


async def _written(writer: Writer) -> tuple[int, int, int]:
    return (
        int(await writer.scalar("SELECT count(*) FROM change_log")),
        int(await writer.scalar("SELECT count(*) FROM consents WHERE withdrawn_at IS NOT NULL")),
        int(await writer.scalar("SELECT count(*) FROM mutation_results")),
    )


def _input(subject: str, **more: Any) -> dict[str, Any]:
    return {
        "input": {"subjectId": subject, "scopes": ["PASS_TO_PARTNERS"], "channel": "PHONE"} | more
    }


async def test_a_withdrawn_consent_to_partners_takes_effect_on_the_next_request(
    writer: Writer,
) -> None:
    key, subject = await _entry(writer)
    # before: the referral partner sees the person
    seen = (await writer.data(ENTRY, {"id": subject}, claims=REFERRAL))["node"]
    assert seen["contactAccess"] == "GRANTED" and seen["person"]["name"]

    staff_token = {"Authorization": f"Bearer {writer.keys.mint(ROLES['national_staff'])}"}
    answer = await writer.data(
        WITHDRAW, _input(subject, clientMutationId="w-1"), headers=staff_token
    )
    assert answer["withdrawConsent"] == {
        "clientMutationId": "w-1",
        "withdrawn": ["PASS_TO_PARTNERS"],
        "errors": [],
    }
    # the next request: withheld from the partner, still shown to the registry's keepers
    after = (await writer.data(ENTRY, {"id": subject}, claims=REFERRAL))["node"]
    assert after == {"id": subject, "contactAccess": "WITHHELD", "person": None}
    staff = (await writer.data(ENTRY, {"id": subject}, role="national_staff"))["node"]
    assert staff["contactAccess"] == "GRANTED" and staff["person"]["name"]

    # recorded: the record keeps when and how, the change log says what
    channel = await writer.scalar(
        "SELECT withdrawal_channel FROM consents WHERE subject_kind = 'RARE_CONDITION_ENTRY' "
        "AND subject_id = :k AND scope = 'PASS_TO_PARTNERS' AND withdrawn_at IS NOT NULL",
        k=key,
    )
    assert channel == "PHONE"
    action = await writer.scalar(
        "SELECT action FROM change_log WHERE subject_id = :s ORDER BY id DESC", s=subject
    )
    assert action == "withdrawConsent"

    # a retry writes nothing twice; withdrawing again is refused and writes nothing
    before = await _written(writer)
    again = await writer.data(
        WITHDRAW, _input(subject, clientMutationId="w-1"), headers=staff_token
    )
    assert again["withdrawConsent"]["errors"] == []
    assert await _written(writer) == before
    refused = await writer.data(WITHDRAW, _input(subject), role="national_staff")
    assert [e["code"] for e in refused["withdrawConsent"]["errors"]] == ["NOT_ALLOWED_STATE"]
    assert await _written(writer) == before


async def test_a_withdrawn_consent_to_publish_hides_the_entry_at_once(writer: Writer) -> None:
    _, subject = await _entry(writer)
    assert (await writer.data(LISTED, {"id": subject}))["node"]["id"] == subject
    body = await writer.data(
        WITHDRAW,
        {"input": {"subjectId": subject, "scopes": ["PUBLISH"], "channel": "PAPER"}},
        role="national_staff",
    )
    assert body["withdrawConsent"]["withdrawn"] == ["PUBLISH"]
    assert (await writer.data(LISTED, {"id": subject}))["node"] is None
    assert (await writer.data(ENTRY, {"id": subject}, role="national_staff"))["node"] is None


async def test_only_national_staff_record_a_withdrawal(writer: Writer) -> None:
    _, subject = await _entry(writer)
    before = await _written(writer)
    for role in ("anonymous", "partner", "regional_office", "reviewer", "auditor"):
        body = await writer.post(WITHDRAW, _input(subject), role=role)
        assert body["data"] is None, role
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
    body = await writer.post(WITHDRAW, _input(subject), claims=REFERRAL)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await _written(writer) == before
    seen = (await writer.data(ENTRY, {"id": subject}, claims=REFERRAL))["node"]
    assert seen["contactAccess"] == "GRANTED"


async def test_bad_input_is_coded_and_changes_nothing(writer: Writer) -> None:
    _, subject = await _entry(writer)
    before = await _written(writer)
    cases = [
        ({"subjectId": "bm90IGFuIGlk", "scopes": ["PUBLISH"], "channel": "PHONE"}, "subjectId"),
        ({"subjectId": subject, "scopes": [], "channel": "PHONE"}, "scopes"),
        ({"subjectId": subject, "scopes": ["PUBLISH"], "channel": "SELF_SERVICE"}, "channel"),
        (
            {
                "subjectId": encode_id("RareConditionSearch", "nakos", 999999),
                "scopes": ["PUBLISH"],
                "channel": "PHONE",
            },
            "subjectId",
        ),
    ]
    for given, field in cases:
        body = await writer.data(WITHDRAW, {"input": given}, role="national_staff")
        errors = body["withdrawConsent"]["errors"]
        assert errors and {e["field"] for e in errors} <= {field, "id"}, (given, errors)
    assert await _written(writer) == before
