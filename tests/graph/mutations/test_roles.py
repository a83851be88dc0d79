"""Every mutation and write-path query per kind of caller: allowed, or FORBIDDEN with nothing
written (README, *Writing*)."""

from __future__ import annotations

from typing import Any

from tests.graph.mutations.conftest import (
    PUBLISH,
    RECORD,
    REJECT,
    ROLES,
    START,
    SUBMIT,
    WITHDRAW,
    Writer,
    quiet_topic,
    registration_input,
)

REVIEWERS = {"reviewer", "national_staff"}
AUDITORS = {"auditor", "national_staff"}
QUEUE = "{ groupRegistrations { totalCount } }"
CHANGES = "{ changeLog(first: 5) { totalCount } }"


def forbidden(body: dict[str, Any], field: str, scope: str) -> None:
    assert body["data"] is None or body["data"][field] is None, body
    [error] = body["errors"]
    assert error["extensions"] == {"code": "FORBIDDEN", "scope": scope}, error


async def test_who_may_do_what(writer: Writer) -> None:
    topic, _ = await quiet_topic(writer)
    # every caller may register a group (each from an address of its own: 5 per hour each)
    submitted: dict[str, dict[str, Any]] = {}
    for n, role in enumerate(ROLES):
        body = await writer.data(
            SUBMIT, {"input": registration_input(topic)}, role=role, address=f"10.0.0.{n + 1}"
        )
        payload = body["submitGroupRegistration"]
        assert payload["errors"] == [] and payload["registration"]["state"] == "SUBMITTED", role
        submitted[role] = payload
    target = submitted["anonymous"]["registration"]["id"]
    inputs = {
        "startReview": (START, {"id": target, "expectedVersion": 1}),
        "recordReview": (RECORD, {"id": target, "expectedVersion": 1, "notes": "x"}),
        "publishGroupRegistration": (PUBLISH, {"id": target, "expectedVersion": 1}),
        "rejectGroupRegistration": (REJECT, {"id": target, "expectedVersion": 1, "reason": "x"}),
    }
    # the review is refused to everyone but reviewers and national staff, and writes nothing
    before = await writer.counts()
    for role in set(ROLES) - REVIEWERS:
        for name, (query, sent) in inputs.items():
            forbidden(await writer.post(query, {"input": sent}, role=role), name, "registry:review")
        forbidden(await writer.post(QUEUE, role=role), "groupRegistrations", "registry:review")
    # a token holding registry:review its kind may not hold has it ignored
    office = {**(ROLES["regional_office"] or {}), "scope": "registry:review region:DE-BY:write"}
    for name, (query, sent) in inputs.items():
        forbidden(await writer.post(query, {"input": sent}, claims=office), name, "registry:review")
    assert await writer.counts() == before
    assert await writer.state(target) == ("SUBMITTED", 1)

    # the change log is for audit:read only
    for role in ROLES:
        body = await writer.post(CHANGES, role=role)
        if role in AUDITORS:
            assert body["data"]["changeLog"]["totalCount"] >= len(ROLES), role
        else:
            forbidden(body, "changeLog", "audit:read")

    # reviewers and national staff review
    queue = await writer.data(QUEUE, role="reviewer")
    assert queue["groupRegistrations"]["totalCount"] >= len(ROLES)
    steps = [
        ("reviewer", START, "startReview", {"id": target, "expectedVersion": 1}),
        ("national_staff", RECORD, "recordReview", {"id": target, "expectedVersion": 2}),
        ("reviewer", PUBLISH, "publishGroupRegistration", {"id": target, "expectedVersion": 3}),
    ]
    other = submitted["partner"]["registration"]["id"]
    steps.append(
        (
            "national_staff",
            REJECT,
            "rejectGroupRegistration",
            {"id": other, "expectedVersion": 1, "reason": "kommerziell"},
        )
    )
    for role, query, name, sent in steps:
        payload = (await writer.data(query, {"input": sent}, role=role))[name]
        assert payload["errors"] == [], (role, name, payload)
    assert await writer.state(target) == ("PUBLISHED", 4)
    assert await writer.state(other) == ("REJECTED", 2)

    # withdrawing needs the management key, whoever asks; with it anyone may
    for role in ROLES:
        mine = submitted[role]
        if role in ("anonymous", "partner"):
            continue  # published and rejected above
        wrong = await writer.data(
            WITHDRAW, {"input": {"id": mine["registration"]["id"], "managementKey": "x"}}, role=role
        )
        assert wrong["withdrawGroupRegistration"]["errors"][0]["code"] == "UNKNOWN_ID"
        right = await writer.data(
            WITHDRAW,
            {"input": {"id": mine["registration"]["id"], "managementKey": mine["managementKey"]}},
        )
        assert right["withdrawGroupRegistration"]["registration"]["state"] == "WITHDRAWN", role
