"""The pattern every mutation follows: one transaction with its change-log entry (a failing
log write leaves nothing), idempotent retries (one row, also when the retries race), and the
registration's own rate limit."""

from __future__ import annotations

import asyncio

import pytest

from regions.registry.store import changes
from tests.graph.mutations.conftest import SUBMIT, Writer, quiet_topic, registration_input


async def test_no_change_without_its_record(
    writer: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic, _ = await quiet_topic(writer)
    before = await writer.counts()

    async def failing(*_args: object) -> None:
        raise RuntimeError("change log unavailable")

    monkeypatch.setattr(changes, "log_change", failing)
    # when the change-log write fails after the registration's rows were inserted
    body = await writer.post(SUBMIT, {"input": registration_input(topic)})
    # then the caller gets an error, no registration, and nothing was written
    assert body["data"] is None or body["data"]["submitGroupRegistration"] is None
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert await writer.counts() == before
    # and with the log working again the same submission goes through, once, with its record
    monkeypatch.undo()
    payload = (await writer.data(SUBMIT, {"input": registration_input(topic)}))[
        "submitGroupRegistration"
    ]
    assert payload["errors"] == []
    after = await writer.counts()
    assert after["group_registrations"] == before["group_registrations"] + 1
    assert after["change_log"] == before["change_log"] + 1


async def test_a_retry_returns_the_first_result_and_writes_nothing_twice(writer: Writer) -> None:
    topic, _ = await quiet_topic(writer)
    before = await writer.counts()
    sent = registration_input(topic, clientMutationId="form-42")
    first = (await writer.data(SUBMIT, {"input": sent}))["submitGroupRegistration"]
    retry = (await writer.data(SUBMIT, {"input": sent}))["submitGroupRegistration"]
    assert first["clientMutationId"] == retry["clientMutationId"] == "form-42"
    assert retry["registration"]["id"] == first["registration"]["id"]
    assert first["managementKey"] and retry["managementKey"] is None  # the key is shown once
    after = await writer.counts()
    assert after["group_registrations"] == before["group_registrations"] + 1
    assert after["change_log"] == before["change_log"] + 1
    assert after["mutation_results"] == before["mutation_results"] + 1

    # the Idempotency-Key header does the same; two racing retries still make one row
    header = {"Idempotency-Key": "race-1"}
    bodies = await asyncio.gather(
        *(writer.post(SUBMIT, {"input": registration_input(topic)}, headers=header) for _ in "ab")
    )
    ids = {b["data"]["submitGroupRegistration"]["registration"]["id"] for b in bodies}
    assert len(ids) == 1
    final = await writer.counts()
    assert final["group_registrations"] == after["group_registrations"] + 1
    assert final["change_log"] == after["change_log"] + 1

    # another caller (a token) with the same id is another key: its own registration
    staff = (await writer.data(SUBMIT, {"input": sent}, role="partner"))["submitGroupRegistration"]
    assert staff["registration"]["id"] != first["registration"]["id"]

    # the address has made 5 submissions this hour (retries count): the 6th is refused
    body = await writer.post(SUBMIT, {"input": registration_input(topic)})
    assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert (await writer.counts())["group_registrations"] == final["group_registrations"] + 1
