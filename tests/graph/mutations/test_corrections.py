"""Corrections of registry objects over HTTP, per role: reported by anyone, queued for the
office of the object's Land and national staff, applied or dismissed by them only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.ids import encode_id
from graph.settings import Settings
from tests.access_tokens import TokenKeys
from tests.conftest import PrivateRegistry, open_private_registry
from tests.graph.mutations.roles import ROLES, Writer, forbidden

REPORT = """
mutation($input: ReportCorrectionInput!) {
  reportCorrection(input: $input) {
    clientMutationId
    errors { field code message }
    correction { id subjectId field proposedValue state version region owner delivery { attempts } }
  }
}"""
APPLY = """
mutation($input: ApplyCorrectionInput!) {
  applyCorrection(input: $input) {
    errors { field code message }
    correction { id state version decidedAt }
  }
}"""
DISMISS = """
mutation($input: DismissCorrectionInput!) {
  dismissCorrection(input: $input) {
    errors { field code message }
    correction { id state reason }
  }
}"""
QUEUE = """
query($state: [CorrectionState!], $region: String) {
  corrections(state: $state, region: $region, first: 100) { totalCount nodes { id region state } }
}"""


async def contact_point(registry: PrivateRegistry, land: str) -> tuple[int, str]:
    key = await registry.db.scalar(
        "SELECT min(id) FROM contact_points WHERE region_code = :land", land=land
    )
    return int(key), encode_id("ContactPoint", "nakos", key)


async def report(writer: Writer, subject: str, **extra: Any) -> dict[str, Any]:
    data = {"subjectId": subject, "field": "officePhone", "proposedValue": "0931 12345", **extra}
    body = await writer(REPORT, {"input": data})
    assert "errors" not in body, body
    return dict(body["data"]["reportCorrection"])


async def counts(registry: PrivateRegistry) -> tuple[int, int]:
    corrections = await registry.db.scalar("SELECT count(*) FROM corrections")
    changes = await registry.db.scalar("SELECT count(*) FROM change_log")
    return int(corrections), int(changes)


@pytest.mark.parametrize("role", list(ROLES))
async def test_anyone_may_report_a_correction_which_waits_for_the_office(
    private_registry: PrivateRegistry, token_keys: TokenKeys, role: str
) -> None:
    # given a contact point in Bavaria
    key, subject = await contact_point(private_registry, "DE-BY")
    # when anyone reports its office phone wrong
    result = await report(Writer(private_registry.app, token_keys, role), subject, note="Aushang")
    # then it is recorded OPEN for Bavaria, with its change-log entry
    assert result["errors"] == []
    correction = result["correction"]
    assert correction["state"] == "OPEN"
    assert (correction["subjectId"], correction["region"], correction["owner"]) == (
        subject,
        "DE-BY",
        "nakos",
    )
    assert correction["delivery"] is None
    assert await counts(private_registry) == (1, 1)
    logged = await private_registry.db.scalar("SELECT action FROM change_log")
    assert logged == "reportCorrection"
    # and the object itself is unchanged
    phone = await private_registry.db.scalar(
        "SELECT office_phone FROM contact_points WHERE id = :k", k=key
    )
    assert phone != "0931 12345"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"subjectId": "bm90IGFuIGlk"}, "subjectId", "INVALID"),
        ({"subjectId": encode_id("Topic", "nakos", 1)}, "subjectId", "INVALID"),
        ({"subjectId": encode_id("ContactPoint", "nakos", 99999999)}, "subjectId", "UNKNOWN_ID"),
        ({"field": "password"}, "field", "INVALID"),
        ({"proposedValue": "   "}, "proposedValue", "REQUIRED"),
        ({"proposedValue": "x" * 2001}, "proposedValue", "TOO_LONG"),
        ({"note": "x" * 2001}, "note", "TOO_LONG"),
        ({"clientMutationId": "x" * 101}, "clientMutationId", "TOO_LONG"),
    ],
)
async def test_bad_input_is_named_per_field_and_nothing_is_written(
    private_registry: PrivateRegistry,
    token_keys: TokenKeys,
    change: dict[str, Any],
    field: str,
    code: str,
) -> None:
    _, subject = await contact_point(private_registry, "DE-BY")
    result = await report(Writer(private_registry.app, token_keys, "anonymous"), subject, **change)
    assert result["correction"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, code)]
    assert await counts(private_registry) == (0, 0)


async def test_a_retry_with_the_same_client_mutation_id_creates_nothing_twice(
    private_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    _, subject = await contact_point(private_registry, "DE-BY")
    anonymous = Writer(private_registry.app, token_keys, "anonymous")
    first = await report(anonymous, subject, clientMutationId="m-1")
    again = await report(anonymous, subject, clientMutationId="m-1")
    assert again["correction"]["id"] == first["correction"]["id"]
    assert again["clientMutationId"] == "m-1"
    assert await counts(private_registry) == (1, 1)


async def test_the_queue_shows_an_office_its_own_land_and_national_staff_everything(
    private_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    anonymous = Writer(private_registry.app, token_keys, "anonymous")
    _, bavarian = await contact_point(private_registry, "DE-BY")
    _, nrw = await contact_point(private_registry, "DE-NW")
    await report(anonymous, bavarian)
    await report(anonymous, nrw)

    async def queue(role: str, **variables: Any) -> Any:
        return await Writer(private_registry.app, token_keys, role)(QUEUE, variables)

    by = await queue("office DE-BY")
    assert [n["region"] for n in by["data"]["corrections"]["nodes"]] == ["DE-BY"]
    assert (await queue("office DE-BY", region="DE-NW"))["data"]["corrections"]["nodes"] == []
    nw = await queue("office DE-NW", state=["OPEN"])
    assert [n["region"] for n in nw["data"]["corrections"]["nodes"]] == ["DE-NW"]
    staff = await queue("national staff")
    assert staff["data"]["corrections"]["totalCount"] == 2
    for role in ("anonymous", "partner"):
        body = await queue(role)
        assert body["data"]["corrections"] is None and forbidden(body)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("partner", False),
        ("office DE-NW", False),  # another Land's
        ("office DE-BY", True),
        ("national staff", True),
    ],
)
async def test_applying_writes_the_value_and_logs_it_for_the_office_of_its_land_only(
    private_registry: PrivateRegistry, token_keys: TokenKeys, role: str, allowed: bool
) -> None:
    key, subject = await contact_point(private_registry, "DE-BY")
    reported = await report(Writer(private_registry.app, token_keys, "anonymous"), subject)
    correction = reported["correction"]
    before = await counts(private_registry)
    body = await Writer(private_registry.app, token_keys, role)(
        APPLY, {"input": {"id": correction["id"], "expectedVersion": correction["version"]}}
    )
    phone = await private_registry.db.scalar(
        "SELECT office_phone FROM contact_points WHERE id = :k", k=key
    )
    if not allowed:
        assert forbidden(body) and body["data"] is None
        assert phone != "0931 12345"
        assert await counts(private_registry) == before
        return
    result = body["data"]["applyCorrection"]
    assert result["errors"] == []
    assert result["correction"]["state"] == "APPLIED"
    assert phone == "0931 12345"
    version = await private_registry.db.scalar(
        "SELECT version FROM contact_points WHERE id = :k", k=key
    )
    assert version == 2
    # two entries: the contact point's field, old and new, and the correction's state
    entries = await private_registry.db.column(
        "SELECT subject_id FROM change_log WHERE action = 'applyCorrection' ORDER BY id"
    )
    assert entries == [subject, correction["id"]]


async def test_a_stale_version_is_a_conflict_and_a_decided_one_cannot_be_decided_again(
    private_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    key, subject = await contact_point(private_registry, "DE-BY")
    correction = (await report(Writer(private_registry.app, token_keys, "anonymous"), subject))[
        "correction"
    ]
    office = Writer(private_registry.app, token_keys, "office DE-BY")
    stale = await office(APPLY, {"input": {"id": correction["id"], "expectedVersion": 7}})
    assert [e["code"] for e in stale["data"]["applyCorrection"]["errors"]] == ["CONFLICT"]
    dismissed = await office(
        DISMISS,
        {"input": {"id": correction["id"], "expectedVersion": 1, "reason": "Nummer stimmt"}},
    )
    assert dismissed["data"]["dismissCorrection"]["correction"]["state"] == "DISMISSED"
    again = await office(APPLY, {"input": {"id": correction["id"], "expectedVersion": 2}})
    assert [e["code"] for e in again["data"]["applyCorrection"]["errors"]] == ["NOT_ALLOWED_STATE"]
    phone = await private_registry.db.scalar(
        "SELECT office_phone FROM contact_points WHERE id = :k", k=key
    )
    assert phone != "0931 12345"


async def test_a_value_that_does_not_fit_the_field_is_not_applied(
    private_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    _, subject = await contact_point(private_registry, "DE-BY")
    anonymous = Writer(private_registry.app, token_keys, "anonymous")
    correction = (await report(anonymous, subject, proposedValue="ruf an!"))["correction"]
    staff = Writer(private_registry.app, token_keys, "national staff")
    body = await staff(APPLY, {"input": {"id": correction["id"], "expectedVersion": 1}})
    assert [(e["field"], e["code"]) for e in body["data"]["applyCorrection"]["errors"]] == [
        ("proposedValue", "INVALID")
    ]
    fixed = await staff(
        APPLY, {"input": {"id": correction["id"], "expectedVersion": 1, "value": "0931 7"}}
    )
    assert fixed["data"]["applyCorrection"]["correction"]["state"] == "APPLIED"


async def test_anonymous_callers_have_a_quota_per_address_and_tokens_do_not(
    backend: str, settings: Settings, tmp_path: Path, token_keys: TokenKeys
) -> None:
    own = settings.model_copy(update={"correction_rate_limit": "2/hour"})
    async with open_private_registry(backend, own, tmp_path) as registry:
        _, subject = await contact_point(registry, "DE-BY")
        anonymous = Writer(registry.app, token_keys, "anonymous")
        for _ in range(2):
            await report(anonymous, subject)
        body = await anonymous(
            REPORT, {"input": {"subjectId": subject, "field": "name", "proposedValue": "x"}}
        )
        assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert await counts(registry) == (2, 2)
        partner = Writer(registry.app, token_keys, "partner")
        assert (await report(partner, subject))["correction"]["state"] == "OPEN"
        assert await counts(registry) == (3, 3)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("partner", False),
        ("office DE-BY", False),  # another Land's
        ("office DE-NW", True),
        ("national staff", True),
    ],
)
async def test_dismissing_is_for_the_office_of_the_objects_land_and_national_staff(
    private_registry: PrivateRegistry, token_keys: TokenKeys, role: str, allowed: bool
) -> None:
    _, subject = await contact_point(private_registry, "DE-NW")
    reported = await report(Writer(private_registry.app, token_keys, "anonymous"), subject)
    correction = reported["correction"]
    before = await counts(private_registry)
    body = await Writer(private_registry.app, token_keys, role)(
        DISMISS, {"input": {"id": correction["id"], "expectedVersion": 1, "reason": "stimmt so"}}
    )
    state = await private_registry.db.scalar("SELECT state FROM corrections")
    if not allowed:
        assert forbidden(body) and body["data"] is None
        assert state == "OPEN" and await counts(private_registry) == before
        return
    result = body["data"]["dismissCorrection"]
    assert result["correction"] == {
        "id": correction["id"],
        "state": "DISMISSED",
        "reason": "stimmt so",
    }
    assert state == "DISMISSED" and await counts(private_registry) == (1, 2)
