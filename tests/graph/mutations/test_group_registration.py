"""A digital group registers, is reviewed and published, over HTTP with real tokens: never
public before publication, public everywhere right after; every step in the change log."""

from __future__ import annotations

from typing import Any

from tests.graph.mutations.conftest import (
    PUBLISH,
    RECORD,
    REJECT,
    START,
    SUBMIT,
    WITHDRAW,
    Writer,
    quiet_topic,
    registration_input,
)

NAME_WORD = "Zebrafinken"
PUBLIC = """
query($id: ID!, $topic: ID!) {
  groups(text: "Zebrafinken", first: 100) { nodes { id } }
  search(text: "Zebrafinken", kinds: [GROUP]) { nodes { ... on Group { id } } }
  node(id: $id) { id }
  topic: node(id: $topic) { ... on Topic { groups(first: 100) { nodes { id } } } }
}"""
QUEUE = """
query($state: RegistrationState) {
  groupRegistrations(state: $state, first: 50) { totalCount nodes { id state version } }
}"""
CHANGES = """
query($subject: ID) {
  changeLog(subjectId: $subject) {
    nodes { action subjectId callerKind actor tokenId requestId changes { field oldValue newValue } }
  }
}"""


def group_id(registration_id: str) -> str:
    import base64

    raw = base64.urlsafe_b64decode(registration_id + "=" * (-len(registration_id) % 4)).decode()
    return (
        base64.urlsafe_b64encode(raw.replace("GroupRegistration", "Group", 1).encode())
        .rstrip(b"=")
        .decode()
    )


async def public_ids(writer: Writer, gid: str, topic: str) -> set[str]:
    data = await writer.data(PUBLIC, {"id": gid, "topic": topic})
    found = {n["id"] for n in data["groups"]["nodes"]}
    found |= {n["id"] for n in data["search"]["nodes"] if n}
    if data["node"]:
        found.add(data["node"]["id"])
    found |= {g["id"] for g in data["topic"]["groups"]["nodes"]}
    return found & {gid}


async def submit(writer: Writer, topic: str, role: str = "anonymous", **kw: Any) -> dict[str, Any]:
    body = await writer.data(SUBMIT, {"input": registration_input(topic, **kw)}, role=role)
    payload = body["submitGroupRegistration"]
    assert payload["errors"] == [], payload
    return dict(payload)


async def test_a_registration_is_public_only_once_published(writer: Writer) -> None:
    topic, _ = await quiet_topic(writer)
    writer.listen()
    # given an anonymous submission
    writer.statements.clear()
    submitted = await submit(writer, topic)
    submit_sql = len(writer.statements)
    registration = submitted["registration"]
    rid, gid = registration["id"], group_id(registration["id"])
    assert registration["state"] == "SUBMITTED" and registration["version"] == 1
    assert registration["group"] is None
    assert len(submitted["managementKey"]) >= 40
    # the key is stored as its hash only
    hashed = await writer.scalar("SELECT management_key_hash FROM group_registrations")
    assert hashed is not None and submitted["managementKey"] not in hashed
    # then it is nowhere public: groups, search, node, nested list
    assert await public_ids(writer, gid, topic) == set()
    # and the group reads its state with its key (not without, not with another)
    read = "query($id: ID!, $k: String) { groupRegistration(id: $id, managementKey: $k) { state } }"
    key = submitted["managementKey"]
    assert (await writer.data(read, {"id": rid, "k": key}))["groupRegistration"] == {
        "state": "SUBMITTED"
    }
    other = key[:-1] + ("y" if key.endswith("x") else "x")  # never the key itself by chance
    assert (await writer.data(read, {"id": rid, "k": other}))["groupRegistration"] is None
    assert (await writer.data(read, {"id": rid}))["groupRegistration"] is None

    # when a reviewer finds it in the queue and takes it into review
    queue = await writer.data(QUEUE, {"state": "SUBMITTED"}, role="reviewer")
    assert {"id": rid, "state": "SUBMITTED", "version": 1} in queue["groupRegistrations"]["nodes"]
    writer.statements.clear()
    started = await writer.data(
        START, {"input": {"id": rid, "expectedVersion": 1}}, role="reviewer"
    )
    start_sql = len(writer.statements)
    assert started["startReview"]["registration"]["state"] == "IN_REVIEW"
    # records the checks and notes
    writer.statements.clear()
    recorded = await writer.data(
        RECORD,
        {
            "input": {
                "id": rid,
                "expectedVersion": 2,
                "websiteChecked": True,
                "contactPointAsked": True,
                "notes": "Website passt.",
            }
        },
        role="reviewer",
    )
    record_sql = len(writer.statements)
    assert recorded["recordReview"]["registration"]["review"] == {
        "contactPointAsked": True,
        "organisationAsked": False,
        "websiteChecked": True,
        "notes": "Website passt.",
    }
    # a stale version is a CONFLICT and changes nothing
    before = await writer.counts()
    stale = await writer.data(
        PUBLISH, {"input": {"id": rid, "expectedVersion": 2}}, role="reviewer"
    )
    assert stale["publishGroupRegistration"]["errors"][0]["code"] == "CONFLICT"
    assert stale["publishGroupRegistration"]["errors"][0]["field"] == "expectedVersion"
    assert await writer.counts() == before
    assert await writer.state(rid) == ("IN_REVIEW", 3)
    assert await public_ids(writer, gid, topic) == set()

    # and publishes it
    writer.statements.clear()
    published = await writer.data(
        PUBLISH, {"input": {"id": rid, "expectedVersion": 3}}, role="reviewer"
    )
    publish_sql = len(writer.statements)
    payload = published["publishGroupRegistration"]
    assert payload["errors"] == [] and payload["registration"]["state"] == "PUBLISHED"
    assert payload["registration"]["group"]["id"] == gid
    # then it is public at once, everywhere
    assert await public_ids(writer, gid, topic) == {gid}
    # and withdrawing it is no longer possible
    late = await writer.data(WITHDRAW, {"input": {"id": rid, "managementKey": key}})
    assert late["withdrawGroupRegistration"]["errors"][0]["code"] == "NOT_ALLOWED_STATE"

    # the change log holds every step, for audit:read, without personal values
    log = (await writer.data(CHANGES, {"subject": gid}, role="auditor"))["changeLog"]["nodes"]
    assert [e["action"] for e in log] == [
        "submitGroupRegistration",
        "startReview",
        "recordReview",
        "publishGroupRegistration",
    ]
    assert log[0]["callerKind"] == "ANONYMOUS" and log[0]["tokenId"] is None
    assert log[3]["actor"] == "NAKOS reviewer" and log[3]["callerKind"] == "NATIONAL_STAFF"
    changes = {c["field"]: c for c in log[3]["changes"]}
    assert changes["review_state"]["oldValue"] == '"IN_REVIEW"'
    assert changes["review_state"]["newValue"] == '"PUBLISHED"'
    submitted_fields = {c["field"]: c["newValue"] for c in log[0]["changes"]}
    assert submitted_fields["contact.email"] == '"<set>"'
    assert "erika" not in str(log)
    print(
        f"\nSQL statements: submit {submit_sql}, startReview {start_sql}, recordReview "
        f"{record_sql}, publish {publish_sql}"
    )
    # each authenticated request also asks whether its token was revoked (1 statement); every
    # answer reads the registration back (1), publish also its public group (1); every write
    # bumps the registry's version in its transaction (1, the response cache)
    assert (submit_sql, start_sql, record_sql, publish_sql) == (8, 7, 7, 10)


async def test_reject_and_withdraw_keep_it_out(writer: Writer) -> None:
    topic, _ = await quiet_topic(writer)
    first = await submit(writer, topic)
    second = await submit(writer, topic, name="Zebrafinken Chat")
    rid = first["registration"]["id"]
    writer.listen()
    # rejecting needs a reason
    blank = await writer.data(
        REJECT, {"input": {"id": rid, "expectedVersion": 1, "reason": "  "}}, role="reviewer"
    )
    assert blank["rejectGroupRegistration"]["errors"] == [
        {"field": "reason", "code": "REQUIRED", "message": "must not be blank"}
    ]
    writer.statements.clear()
    rejected = await writer.data(
        REJECT,
        {"input": {"id": rid, "expectedVersion": 1, "reason": "Professionell geleitet."}},
        role="reviewer",
    )
    # revocation check, read, 2 updates, log, the registry's version (response cache), read back
    assert len(writer.statements) == 7
    reg = rejected["rejectGroupRegistration"]["registration"]
    assert reg["state"] == "REJECTED" and reg["rejectReason"] == "Professionell geleitet."
    assert await public_ids(writer, group_id(rid), topic) == set()
    # publishing a rejected registration is not possible
    again = await writer.data(
        PUBLISH, {"input": {"id": rid, "expectedVersion": 2}}, role="reviewer"
    )
    assert again["publishGroupRegistration"]["errors"][0]["code"] == "NOT_ALLOWED_STATE"
    # the group withdraws the other one with its key; a wrong key reads as an unknown id
    other = second["registration"]["id"]
    wrong = await writer.data(WITHDRAW, {"input": {"id": other, "managementKey": "nope"}})
    assert wrong["withdrawGroupRegistration"]["errors"][0]["code"] == "UNKNOWN_ID"
    writer.statements.clear()
    withdrawn = await writer.data(
        WITHDRAW, {"input": {"id": other, "managementKey": second["managementKey"]}}
    )
    assert withdrawn["withdrawGroupRegistration"]["registration"]["state"] == "WITHDRAWN"
    assert len(writer.statements) == 6  # anonymous: read, 2 updates, log, version, read back
    # the change log by actor and by time, for audit:read
    by_actor = await writer.data(
        '{ changeLog(actor: "NAKOS reviewer") { nodes { action subjectId } } }', role="auditor"
    )
    assert by_actor["changeLog"]["nodes"] == [
        {"action": "rejectGroupRegistration", "subjectId": rid}
    ]
    span = "query($s: DateTime, $u: DateTime) { changeLog(since: $s, until: $u) { totalCount } }"
    future = {"s": "2100-01-01T00:00:00+00:00"}
    assert (await writer.data(span, future, role="auditor"))["changeLog"]["totalCount"] == 0
    everything = {"s": "2000-01-01T00:00:00+00:00", "u": "2100-01-01T00:00:00+00:00"}
    assert (await writer.data(span, everything, role="auditor"))["changeLog"]["totalCount"] == 4
    assert await writer.state(other) == ("WITHDRAWN", 2)
    assert await public_ids(writer, group_id(other), topic) == set()
    queue = await writer.data(
        "{ groupRegistrations(state: WITHDRAWN) { nodes { id } } }", role="reviewer"
    )
    assert queue["groupRegistrations"]["nodes"] == [{"id": other}]
