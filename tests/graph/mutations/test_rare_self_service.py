"""The blue list by self-service, from the outside: the admission rule, nothing public before
review, the management key (wrong key: coded, nothing changed), retries stored once, and a
withdrawal that deletes the personal data at once, search index included."""

from __future__ import annotations

from typing import Any

import pytest

from regions.registry.store import changes
from tests.graph.mutations.conftest import ROLES, Writer

REFERRAL = {"kind": "partner", "sub": "Klinik", "scope": "rare:contact", "purpose": "referral"}
SUBMIT = """
mutation($input: SubmitRareConditionSearchInput!) {
  submitRareConditionSearch(input: $input) {
    clientMutationId managementKey
    submission { id state version publicId seeking condition { name } }
    coveredBy { name }
    errors { field code message }
  }
}"""
FIELDS = "clientMutationId submission { id state version publicId expiresOn } errors { field code message }"
PUBLISH = f"""mutation($input: PublishRareConditionSearchInput!) {{
  publishRareConditionSearch(input: $input) {{ {FIELDS} }} }}"""
RENEW = f"""mutation($input: RenewRareConditionSearchInput!) {{
  renewRareConditionSearch(input: $input) {{ {FIELDS} }} }}"""
WITHDRAW = f"""mutation($input: WithdrawRareConditionSearchInput!) {{
  withdrawRareConditionSearch(input: $input) {{ {FIELDS} }} }}"""
ENTRY = """query($id: ID!) { node(id: $id) { ... on RareConditionSearch {
  id contactAccess person { name email } condition { name nationwideContact { id } } } } }"""
FIND = """query($text: String!) { search(text: $text, first: 50) {
  edges { node { __typename ... on RareConditionSearch { id } } } } }"""
CONDITION = """query($orpha: Int) { rareCondition(orphaCode: $orpha) {
  name topic { name } organisations { name } } }"""
WORD = "Zebrafinkenkunde"  # a word nothing else in the registry has


def other_key(key: str) -> str:
    """A key that differs from `key` in its first character (never the same by chance)."""
    return ("y" if key[0] == "x" else "x") + key[1:]


async def uncovered(writer: Writer) -> tuple[str, int]:
    """A condition no organisation covers (its topic has narrower topics, or none carries it)."""
    row = await writer.scalar(
        "SELECT c.name FROM rare_conditions c WHERE NOT EXISTS ("
        " SELECT 1 FROM organisation_topics ot WHERE ot.topic_id = c.topic_id"
        " AND NOT EXISTS (SELECT 1 FROM topics n WHERE n.parent_id = c.topic_id))"
        " AND c.nationwide_contact_id IS NULL ORDER BY c.id LIMIT 1"
    )
    key = await writer.scalar("SELECT id FROM rare_conditions WHERE name = :n", n=row)
    return str(row), int(key)


def entry(condition: dict[str, Any], **more: Any) -> dict[str, Any]:
    value = {
        "condition": condition,
        "seeking": f"Austausch mit anderen Eltern, {WORD}",
        "seekerRole": "RELATIVE",
        "region": "DE-BY",
        "contact": {"name": "Erika Muster", "email": "erika@example.org", "phone": "+49 30 1"},
        "consents": ["PUBLISH", "PASS_TO_PARTNERS", "NATIONWIDE_CONTACT"],
        "noticeVersion": "2026-11",
    }
    return {"input": value | more}


async def counts(writer: Writer) -> dict[str, int]:
    tables = ["rare_condition_searches", "rare_condition_persons", "consents", "change_log"]
    tables.append("mutation_results")
    return {t: int(await writer.scalar(f"SELECT count(*) FROM {t}")) for t in tables}


COVERED = """
SELECT c.id FROM rare_conditions c
WHERE c.orpha_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM topics n WHERE n.parent_id = c.topic_id)
  AND EXISTS (SELECT 1 FROM organisation_topics ot WHERE ot.topic_id = c.topic_id)
ORDER BY c.id LIMIT 1
"""


async def test_refused_for_a_condition_a_green_list_organisation_covers(writer: Writer) -> None:
    # a condition an organisation covers, found with SQL (at full demo scale: Marfan-Syndrom)
    key = int(await writer.scalar(COVERED))
    orpha = int(await writer.scalar("SELECT orpha_code FROM rare_conditions WHERE id = :k", k=key))
    expected = await writer.registry.db.column(
        "SELECT o.name FROM organisations o JOIN organisation_topics ot"
        " ON ot.organisation_id = o.id JOIN rare_conditions c ON c.topic_id = ot.topic_id"
        " WHERE c.id = :k ORDER BY o.id",
        k=key,
    )
    before = await counts(writer)
    body = await writer.data(SUBMIT, entry({"orphaCode": orpha}))
    answer = body["submitRareConditionSearch"]
    assert answer["submission"] is None and answer["managementKey"] is None
    [error] = answer["errors"]
    assert error["code"] == "COVERED_BY_ORGANISATION" and error["field"] == "condition"
    names = [o["name"] for o in answer["coveredBy"]]
    assert names == expected
    assert names[0] in error["message"]
    assert await counts(writer) == before
    # and a clinic can ask the same question
    condition = (await writer.data(CONDITION, {"orpha": orpha}))["rareCondition"]
    assert condition["topic"]["name"] and names == [o["name"] for o in condition["organisations"]]


async def test_is_there_an_organisation_for_orpha_558(gql: Any) -> None:
    # the shared demo registry (full scale): Marfan-Syndrom is covered
    condition = (await gql.data(CONDITION, {"orpha": 558}))["rareCondition"]
    assert condition["name"] == "Marfan-Syndrom"
    assert "Deutsche Marfan-Syndrom-Hilfe e.V." in [o["name"] for o in condition["organisations"]]
    assert (await gql.data(CONDITION, {"orpha": 999999999}))["rareCondition"] is None


async def test_submitted_is_not_public_until_published_then_the_key_renews_and_withdraws(
    writer: Writer,
) -> None:
    name, key = await uncovered(writer)
    body = (await writer.data(SUBMIT, entry({"name": name}, clientMutationId="blue-1")))[
        "submitRareConditionSearch"
    ]
    assert body["errors"] == [] and body["managementKey"]
    submission, mkey = body["submission"], body["managementKey"]
    assert submission["state"] == "SUBMITTED" and submission["publicId"] is None
    number = int(await writer.scalar("SELECT max(id) FROM rare_condition_searches"))
    stored = await writer.scalar(
        "SELECT management_key_hash FROM rare_condition_searches WHERE id = :k", k=number
    )
    assert stored and mkey not in stored and len(stored) == 64  # only its hash
    scopes = await writer.registry.db.column(
        "SELECT scope || ':' || channel || ':' || notice_version FROM consents"
        " WHERE subject_kind = 'RARE_CONDITION_ENTRY' AND subject_id = :k ORDER BY scope",
        k=number,
    )
    assert scopes == [
        "NATIONWIDE_CONTACT:SELF_SERVICE:2026-11",
        "PASS_TO_PARTNERS:SELF_SERVICE:2026-11",
        "PUBLISH:SELF_SERVICE:2026-11",
    ]

    # a retry (same input, same address) stores nothing twice and shows no key again
    before = await counts(writer)
    again = (await writer.data(SUBMIT, entry({"name": name}, clientMutationId="blue-1")))[
        "submitRareConditionSearch"
    ]
    assert again["submission"]["id"] == submission["id"] and again["managementKey"] is None
    assert await counts(writer) == before

    # nothing visible before review: not in node, the list, search, nor as a contact
    from graph.ids import encode_id

    public = encode_id("RareConditionSearch", "nakos", number)
    for role in ("anonymous", "national_staff"):
        assert (await writer.data(ENTRY, {"id": public}, role=role))["node"] is None
        found = (await writer.data(FIND, {"text": WORD}, role=role))["search"]["edges"]
        assert found == []

    # national staff publish it: public at once, found by search, the nationwide contact
    staff = {"Authorization": f"Bearer {writer.keys.mint(ROLES['national_staff'])}"}
    published = (
        await writer.data(
            PUBLISH, {"input": {"id": submission["id"], "expectedVersion": 1}}, headers=staff
        )
    )["publishRareConditionSearch"]
    assert published["errors"] == [] and published["submission"]["publicId"] == public
    seen = (await writer.data(ENTRY, {"id": public}, claims=REFERRAL))["node"]
    assert seen["person"] == {"name": "Erika Muster", "email": "erika@example.org"}
    assert seen["condition"]["nationwideContact"] == {"id": public}
    found = (await writer.data(FIND, {"text": WORD}))["search"]["edges"]
    assert [e["node"]["id"] for e in found] == [public]

    # a wrong key: UNKNOWN_ID, nothing changed
    before = await counts(writer)
    for query in (RENEW, WITHDRAW):
        wrong = await writer.data(
            query, {"input": {"id": submission["id"], "managementKey": other_key(mkey)}}
        )
        [error] = next(iter(wrong.values()))["errors"]
        assert error["code"] == "UNKNOWN_ID"
    assert await counts(writer) == before
    assert (await writer.data(ENTRY, {"id": public}, claims=REFERRAL))["node"]["person"]

    # renew with the key: two more years from today
    renewed = (
        await writer.data(RENEW, {"input": {"id": submission["id"], "managementKey": mkey}})
    )["renewRareConditionSearch"]
    assert renewed["errors"] == [] and renewed["submission"]["version"] == 3

    # withdraw with the key: the personal data is gone at once, for real
    gone = (
        await writer.data(
            WITHDRAW,
            {"input": {"id": submission["id"], "managementKey": mkey, "clientMutationId": "w"}},
        )
    )["withdrawRareConditionSearch"]
    assert gone["errors"] == [] and gone["submission"]["state"] == "WITHDRAWN"
    assert (
        await writer.scalar(
            "SELECT count(*) FROM rare_condition_persons WHERE search_id = :k", k=number
        )
        == 0
    )
    assert (
        await writer.scalar(
            "SELECT seeking || '|' || coalesce(region_code, '') || '|' ||"
            " coalesce(management_key_hash, '') FROM rare_condition_searches WHERE id = :k",
            k=number,
        )
        == "||"
    )
    assert (
        await writer.scalar(
            "SELECT count(*) FROM search_rare_condition_searches WHERE key = :k", k=number
        )
        == 0
    )
    assert (
        await writer.scalar(
            "SELECT count(*) FROM consents WHERE subject_id = :k"
            " AND subject_kind = 'RARE_CONDITION_ENTRY' AND withdrawn_at IS NULL",
            k=number,
        )
        == 0
    )
    assert (
        await writer.scalar(
            "SELECT nationwide_contact_id FROM rare_conditions WHERE id = :k", k=key
        )
        is None
    )
    assert (await writer.data(ENTRY, {"id": public}, role="national_staff"))["node"] is None
    assert (await writer.data(FIND, {"text": WORD}))["search"]["edges"] == []
    # the change log says what was cleared, never the values
    logged = await writer.registry.db.column(
        "SELECT action FROM change_log WHERE subject_id = :s ORDER BY id", s=submission["id"]
    )
    assert logged == [
        "submitRareConditionSearch",
        "publishRareConditionSearch",
        "renewRareConditionSearch",
        "withdrawRareConditionSearch",
    ]
    text = " ".join(
        str(v)
        for v in await writer.registry.db.column(
            "SELECT fields FROM change_log WHERE subject_id = :s", s=submission["id"]
        )
    )
    assert "Erika" not in text and "erika@" not in text and WORD not in text


async def test_only_reviewers_publish(writer: Writer) -> None:
    name, _ = await uncovered(writer)
    body = (await writer.data(SUBMIT, entry({"name": name})))["submitRareConditionSearch"]
    target = {"input": {"id": body["submission"]["id"], "expectedVersion": 1}}
    before = await counts(writer)
    for role in ("anonymous", "partner", "regional_office", "auditor"):
        refused = await writer.post(PUBLISH, target, role=role)
        assert refused["data"] is None, role
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
    assert await counts(writer) == before


async def test_bad_input_is_coded_and_writes_nothing(writer: Writer) -> None:
    name, _ = await uncovered(writer)
    before = await counts(writer)
    cases = {
        "consents": entry({"name": name}, consents=["PASS_TO_PARTNERS"]),
        "condition": entry({"name": name, "orphaCode": 1}),
        "contact.email": entry({"name": name}, contact={"name": "E", "email": "not-an-address"}),
        "region": entry({"name": name}, region="DE-XX"),
    }
    for field, variables in cases.items():
        answer = (await writer.data(SUBMIT, variables))["submitRareConditionSearch"]
        assert field in {e["field"] for e in answer["errors"]}, (field, answer)
    unknown = (await writer.data(SUBMIT, entry({"name": "Keine solche Krankheit"})))[
        "submitRareConditionSearch"
    ]
    assert [e["code"] for e in unknown["errors"]] == ["UNKNOWN_ID"]
    assert await counts(writer) == before


QUEUE = """query { rareConditionSubmissions(first: 100) { nodes { id state seeking } } }"""
ONE = """query($id: ID!, $key: String) { rareConditionSubmission(id: $id, managementKey: $key) {
  id state } }"""


async def test_the_review_queue_is_for_reviewers_and_the_submission_for_its_key(
    writer: Writer,
) -> None:
    name, _ = await uncovered(writer)
    body = (await writer.data(SUBMIT, entry({"name": name})))["submitRareConditionSearch"]
    sid, mkey = body["submission"]["id"], body["managementKey"]
    queue = (await writer.data(QUEUE, role="reviewer"))["rareConditionSubmissions"]["nodes"]
    assert [n["state"] for n in queue if n["id"] == sid] == ["SUBMITTED"]
    for role in ("anonymous", "partner", "regional_office", "auditor"):
        refused = await writer.post(QUEUE, role=role)
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
    assert (await writer.data(ONE, {"id": sid, "key": mkey}))["rareConditionSubmission"] == {
        "id": sid,
        "state": "SUBMITTED",
    }
    for key in (None, other_key(mkey)):
        assert (await writer.data(ONE, {"id": sid, "key": key}))["rareConditionSubmission"] is None


async def test_statements_per_self_service_mutation(writer: Writer) -> None:
    name, _ = await uncovered(writer)
    writer.listen()
    measured: dict[str, int] = {}

    async def measure(label: str, query: str, variables: dict[str, Any], **kw: Any) -> Any:
        writer.statements.clear()
        body = await writer.data(query, variables, **kw)
        measured[label] = len(writer.statements)
        return body

    body = (await measure("submit", SUBMIT, entry({"name": name})))["submitRareConditionSearch"]
    sid, mkey = body["submission"]["id"], body["managementKey"]
    await measure(
        "publish", PUBLISH, {"input": {"id": sid, "expectedVersion": 1}}, role="national_staff"
    )
    await measure("renew", RENEW, {"input": {"id": sid, "managementKey": mkey}})
    await measure("withdraw", WITHDRAW, {"input": {"id": sid, "managementKey": mkey}})
    # submit: condition, organisations covering it, entry, person, consents, change log, read
    # back, its condition; publish: revocation check, entry, update, index delete + read +
    # insert, consents, nationwide contact (compare-and-set), change log, read back; renew:
    # entry, update, change log, read back; withdraw: entry, update, person delete, entry's
    # personal columns, index delete, condition's pointer, consents, change log, read back;
    # each: the registry's version bumped with its change (the response cache)
    assert measured == {"submit": 9, "publish": 11, "renew": 5, "withdraw": 10}, measured


ROLE = """mutation($input: SubmitRareConditionSearchInput!) {
  submitRareConditionSearch(input: $input) {
    submission { id seekerRole } errors { field code message } } }"""


async def test_relative_is_still_accepted_and_answered_under_its_new_name(writer: Writer) -> None:
    # RELATIVES replaces RELATIVE (deprecated, as in Audience): both in, RELATIVES out
    name, _ = await uncovered(writer)
    answers = []
    for role in ("RELATIVE", "RELATIVES", "AFFECTED"):
        body = await writer.data(ROLE, entry({"name": name}, seekerRole=role))
        answer = body["submitRareConditionSearch"]
        assert answer["errors"] == [], answer
        answers.append(answer["submission"]["seekerRole"])
    assert answers == ["RELATIVES", "RELATIVES", "AFFECTED"]
    stored = await writer.registry.db.column(
        "SELECT seeker_role FROM rare_condition_searches ORDER BY id DESC LIMIT 3"
    )
    assert stored == ["AFFECTED", "RELATIVE", "RELATIVE"]  # the stored value did not change
    before = await counts(writer)
    body = await writer.post(ROLE, entry({"name": name}, seekerRole="RELATIVS"))
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await counts(writer) == before


async def test_no_submission_without_its_change_log_entry(
    writer: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, _ = await uncovered(writer)
    before = await counts(writer)

    async def failing(*_args: object) -> None:
        raise RuntimeError("change log unavailable")

    monkeypatch.setattr(changes, "log_change", failing)
    # when the change-log write fails after the entry, person and consents were inserted
    body = await writer.post(SUBMIT, entry({"name": name}, clientMutationId="blue-log"))
    # then the caller gets an error and nothing at all was written
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert await counts(writer) == before
    # and with the log back, the same retry is submitted once, with its record
    monkeypatch.undo()
    payload = (await writer.data(SUBMIT, entry({"name": name}, clientMutationId="blue-log")))[
        "submitRareConditionSearch"
    ]
    assert payload["errors"] == []
    after = await counts(writer)
    assert after["rare_condition_searches"] == before["rare_condition_searches"] + 1
    assert after["change_log"] == before["change_log"] + 1
