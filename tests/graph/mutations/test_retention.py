"""Retention from the outside: `shg retention run` deletes for real what each class's period
is over for (the person's row, the free text, the search-index row), keeps what a legal hold
holds, lists without deleting in a dry run, records its counts, and deletes nothing twice."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.ids import encode_id
from graph.settings import get_settings
from tests.graph.mutations.conftest import Writer

runner = CliRunner()
HOLD = """mutation($input: SetLegalHoldInput!) {
  setLegalHold(input: $input) { held errors { field code message } } }"""
CLEAR = """mutation($input: ClearLegalHoldInput!) {
  clearLegalHold(input: $input) { held errors { field code message } } }"""
EXPIRED = """
SELECT s.id FROM rare_condition_searches s
WHERE s.expires_on < :cutoff AND s.seeking <> ''
  AND EXISTS (SELECT 1 FROM rare_condition_persons p WHERE p.search_id = s.id)
ORDER BY s.id LIMIT 2
"""


@pytest.fixture
def cli_env(writer: Writer, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`shg` pointed at the test's own registry."""
    settings = writer.registry.settings
    monkeypatch.setenv("SHG_DATABASE_URL", settings.database_url)
    if settings.database_schema:
        monkeypatch.setenv("SHG_DATABASE_SCHEMA", settings.database_schema)
    monkeypatch.setenv("SHG_REGIONS", "[]")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def shg(*args: str) -> str:
    result = await asyncio.to_thread(runner.invoke, app, list(args))
    assert result.exit_code == 0, result.output
    return str(result.output)


async def personal(writer: Writer, key: int) -> tuple[int, str, int]:
    """(person rows, the free text, search-index rows) of one entry."""
    return (
        int(
            await writer.scalar(
                "SELECT count(*) FROM rare_condition_persons WHERE search_id = :k", k=key
            )
        ),
        str(
            await writer.scalar("SELECT seeking FROM rare_condition_searches WHERE id = :k", k=key)
        ),
        int(
            await writer.scalar(
                "SELECT count(*) FROM search_rare_condition_searches WHERE key = :k", k=key
            )
        ),
    )


def counts(output: str) -> dict[str, int]:
    return {
        line.split(":")[0]: int(
            line.split()[-1] if "(" not in line else line.split("(")[0].split()[-1]
        )
        for line in output.splitlines()
        if ":" in line
    }


async def test_retention_run_deletes_expired_entries_for_real_but_not_a_held_one(
    writer: Writer, cli_env: None
) -> None:
    from datetime import date, timedelta

    cutoff = date.today() - timedelta(days=30)
    expired, held = [int(k) for k in await writer.registry.db.column(EXPIRED, cutoff=cutoff)]
    assert (await personal(writer, expired))[0] == 1 and (await personal(writer, expired))[2] == 1
    before_held = await personal(writer, held)

    # national staff hold one (recorded); others may not
    held_id = encode_id("RareConditionSearch", "nakos", held)
    for role in ("anonymous", "partner", "regional_office", "auditor"):
        refused = await writer.post(
            HOLD, {"input": {"subjectId": held_id, "reason": "x"}}, role=role
        )
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    answer = await writer.data(
        HOLD,
        {"input": {"subjectId": held_id, "reason": "Beschwerde bei der Aufsichtsbehörde"}},
        role="national_staff",
    )
    assert answer["setLegalHold"] == {"held": True, "errors": []}
    assert (
        await writer.scalar(
            "SELECT action FROM change_log WHERE subject_id = :s ORDER BY id DESC", s=held_id
        )
        == "setLegalHold"
    )

    # a dry run lists, and deletes nothing
    dry = await shg("retention", "run", "--dry-run")
    line = next(line for line in dry.splitlines() if line.startswith("rare_expired:"))
    listed = line.split("(keys ")[1].rstrip(")").split(", ")
    assert str(expired) in listed and str(held) not in listed
    assert (await personal(writer, expired))[0] == 1

    # the run: the expired entry's personal data is gone, index row included; the held stays
    done = await shg("retention", "run")
    assert counts(done)["rare_expired"] == counts(dry)["rare_expired"]
    assert await personal(writer, expired) == (0, "", 0)
    assert (
        await writer.scalar(
            "SELECT coalesce(region_code, '') || coalesce(management_key_hash, '') FROM"
            " rare_condition_searches WHERE id = :k",
            k=expired,
        )
        == ""
    )
    assert await personal(writer, held) == before_held
    logged = await writer.scalar(
        "SELECT fields FROM change_log WHERE action = 'retentionRun' ORDER BY id DESC"
    )
    logged = json.loads(logged) if isinstance(logged, str) else logged
    assert logged["rare_expired"]["new"] == counts(done)["rare_expired"]

    # auditors read the run's counts in the change log
    audit = """{ changeLog(subjectId: "UmV0ZW50aW9uOm5ha29zOnJ1bg", first: 10) { nodes { action callerKind actor
      changes { field newValue } } } }"""
    [entry] = (await writer.data(audit, role="auditor"))["changeLog"]["nodes"]
    assert (entry["action"], entry["callerKind"], entry["actor"]) == (
        "retentionRun",
        "SYSTEM",
        "shg retention run",
    )
    changes = {c["field"]: json.loads(c["newValue"]) for c in entry["changes"]}
    assert changes["rare_expired"] == counts(done)["rare_expired"]

    # again: nothing left to delete
    assert counts(await shg("retention", "run"))["rare_expired"] == 0

    # the hold cleared: the next run deletes it
    cleared = await writer.data(CLEAR, {"input": {"subjectId": held_id}}, role="national_staff")
    assert cleared["clearLegalHold"] == {"held": False, "errors": []}
    assert counts(await shg("retention", "run"))["rare_expired"] == 1
    assert await personal(writer, held) == (0, "", 0)


async def test_ended_groups_contacts_and_old_logs_go_the_rest_stays(
    writer: Writer, cli_env: None
) -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    ended, recent, active = [
        int(k)
        for k in await writer.registry.db.column(
            "SELECT g.id FROM groups g JOIN group_contacts c ON c.group_id = g.id"
            " WHERE g.review_state = 'PUBLISHED' ORDER BY g.id LIMIT 3"
        )
    ]
    async with writer.registry.engine.begin() as conn:
        from sqlalchemy import text

        for key, days, status in (
            (ended, 200, "ENDED"),
            (recent, 20, "ENDED"),
            (active, 400, "ACTIVE"),
        ):
            await conn.execute(
                text("UPDATE groups SET status = :s, updated_at = :at WHERE id = :k"),
                {"s": status, "at": now - timedelta(days=days), "k": key},
            )
        for days in (800, 10):
            await conn.execute(
                text(
                    "INSERT INTO disclosures (disclosed_at, request_id, caller_kind, object_id,"
                    " object_type, field) VALUES (:at, 'r', 'partner', 'x', 'Group', 'contact')"
                ),
                {"at": now - timedelta(days=days)},
            )
    out = counts(await shg("retention", "run"))
    assert out["ended_group_contacts"] >= 1 and out["disclosures"] >= 1

    async def contacts(key: int) -> int:
        return int(
            await writer.scalar("SELECT count(*) FROM group_contacts WHERE group_id = :k", k=key)
        )

    assert (await contacts(ended), await contacts(recent), await contacts(active)) == (0, 1, 1)
    ages = await writer.registry.db.column("SELECT disclosed_at FROM disclosures")
    assert len(ages) >= 1
    assert (
        await writer.scalar(
            "SELECT count(*) FROM disclosures WHERE disclosed_at < :at",
            at=now - timedelta(days=731),
        )
        == 0
    )


async def test_bad_hold_input_is_coded_and_writes_nothing(writer: Writer) -> None:
    before = int(await writer.scalar("SELECT count(*) FROM legal_holds"))
    cases: list[tuple[dict[str, Any], str | None]] = [
        ({"subjectId": encode_id("Topic", "nakos", 1), "reason": "x"}, "subjectId"),
        (
            {"subjectId": encode_id("RareConditionSearch", "nakos", 99999999), "reason": "x"},
            "subjectId",
        ),
        ({"subjectId": encode_id("RareConditionSearch", "nakos", 1), "reason": " "}, "reason"),
    ]
    for given, field in cases:
        answer = (await writer.data(HOLD, {"input": given}, role="national_staff"))["setLegalHold"]
        assert answer["held"] is None and [e["field"] for e in answer["errors"]] == [field]
    not_held = await writer.data(
        CLEAR, {"input": {"subjectId": encode_id("Group", "nakos", 1)}}, role="national_staff"
    )
    assert [e["code"] for e in not_held["clearLegalHold"]["errors"]] == ["NOT_ALLOWED_STATE"]
    assert int(await writer.scalar("SELECT count(*) FROM legal_holds")) == before


async def test_two_runs_at_once_delete_everything_once(writer: Writer) -> None:
    from datetime import UTC, datetime, timedelta

    from regions.registry import retention

    engine, policy, now = writer.registry.engine, retention.Policy(), datetime.now(UTC)
    due = (await retention.run(engine, policy, now, dry_run=True)).counts["rare_expired"]
    assert due > 0
    runs = await asyncio.gather(
        retention.run(engine, policy, now),
        retention.run(engine, policy, now),
        return_exceptions=True,
    )
    reports = [r for r in runs if isinstance(r, retention.Report)]
    failed = [r for r in runs if not isinstance(r, retention.Report)]
    # PostgreSQL: the second skips (advisory lock) or finds nothing left; SQLite: it may be
    # refused as a whole ("database is locked"), writing nothing
    assert all("locked" in str(e) for e in failed), failed
    assert sum(r.counts.get("rare_expired", 0) for r in reports) == due
    assert (
        await writer.scalar(
            "SELECT count(*) FROM rare_condition_persons p JOIN rare_condition_searches s"
            " ON s.id = p.search_id WHERE s.expires_on < :c",
            c=now.date() - timedelta(days=30),
        )
        == 0
    )
    logged = int(
        await writer.scalar("SELECT count(*) FROM change_log WHERE action = 'retentionRun'")
    )
    assert logged == len([r for r in reports if not r.skipped])
